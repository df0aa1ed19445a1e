package io.usagebilling.intake.poll;

import io.usagebilling.intake.PageIntake;
import io.usagebilling.intake.normalize.JsonPageNormalizer;
import io.usagebilling.intake.normalize.JsonShape;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.sync.ExchangeProperties;
import io.usagebilling.sync.SyncRunRecorder;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

/**
 * One polled module's source, created per module by the {@code poll-source} route template from
 * its parameters (see {@code routes/templates/poll-source.camel.yaml}): the first page's URL, the auth
 * headers of each request, and after each page, storing it and the next page's URL.
 *
 * <p>The parameters arrive through setters (blank means "not given"); they are checked together on
 * first use, so a wrong one fails that module's collection with a reason naming it.
 */
public final class PollSource {

    private PageIntake intake;
    private MappingLoader mappings;
    private String module;
    private String baseUrl;
    private String firstPage;
    private String paging = "next-link";
    private String pagingParam;
    private String auth = "none";
    private String apiKeyHeader;
    private String apiKey;
    private String token;
    private String username;
    private String password;
    private String tokenUrl;
    private String clientId;
    private String clientSecret;
    private String scope;
    private int timeoutMs = 60_000;
    private String recordsPath;
    private String orgIdField;
    private String orgNameField;
    private String billingTypeField;
    private String billingType;
    private String quantityField;
    private boolean wholeUnits;
    private String maxQuantity = "1000000";
    private String assetIdField;
    private String usageDateField;
    private String recordIdField;
    private String nextLinkField;
    private String cursorField;

    private Configured configured;

    private record Configured(Paging paging, PollAuth auth, JsonPageNormalizer normalizer) {}

    /** Starts a collection, with the catalog's billing types as they are now. */
    public synchronized String firstPageUrl() {
        Configured c = configured();
        configured = new Configured(c.paging(), c.auth(), normalizer());
        return c.paging().firstPageUrl();
    }

    /** Replaces the request's headers with this module's auth headers (nothing of the last response leaks). */
    public void authorize(Exchange exchange) {
        Message in = exchange.getMessage();
        in.removeHeaders("*");
        configured().auth().headers().forEach(in::setHeader);
    }

    /** Stores the page just fetched and returns the next page's URL, or null after the last page. */
    public String afterPage(
            @Body byte[] page,
            @ExchangeProperty(ExchangeProperties.PAGE_URL) String pageUrl,
            @ExchangeProperty(Exchange.LOOP_INDEX) int pageIndex,
            @ExchangeProperty(ExchangeProperties.SYNC_RUN_ID) long syncRunId,
            @ExchangeProperty(ExchangeProperties.USAGE_DATE) LocalDate usageDate) {
        Configured c = configured();
        SourcePage stored = intake.store(page, c.normalizer(), syncRunId, module, usageDate);
        return c.paging().next(pageUrl, stored, pageIndex + 1);
    }

    private synchronized Configured configured() {
        if (configured == null) {
            try {
                configured = new Configured(new Paging(Paging.kind(paging), baseUrl, firstPage, blankToNull(pagingParam)),
                        auth(), normalizer());
            } catch (IllegalArgumentException e) {
                throw parameterError(e);
            }
        }
        return configured;
    }

    private JsonPageNormalizer normalizer() {
        try {
            return new JsonPageNormalizer(new JsonShape(module, recordsPath, orgIdField, orgNameField, billingTypeField,
                    billingType, quantityField, wholeUnits, new BigDecimal(maxQuantity), assetIdField, usageDateField,
                    recordIdField, nextLinkField, cursorField, mappings.billingTypesOf(module)));
        } catch (IllegalArgumentException e) {
            throw parameterError(e);
        }
    }

    private IllegalStateException parameterError(IllegalArgumentException e) {
        return new IllegalStateException("module " + module + ": poll-source parameters: " + e.getMessage(), e);
    }

    private PollAuth auth() {
        return switch (auth) {
            case "none" -> PollAuth.none();
            case "api-key" -> PollAuth.apiKey(apiKeyHeader, apiKey);
            case "bearer" -> PollAuth.bearer(token);
            case "basic" -> PollAuth.basic(username, password);
            case "oauth2" -> PollAuth.oauth2(new OAuth2ClientCredentials(tokenUrl, clientId, clientSecret, scope,
                    Duration.ofMillis(timeoutMs), Clock.systemUTC()));
            default -> throw new IllegalArgumentException(
                    "auth must be none, api-key, bearer, basic or oauth2, not '" + auth + "'");
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public void setIntake(PageIntake intake) { this.intake = intake; }
    public void setMappings(MappingLoader v) { mappings = v; }
    public void setModule(String v) { module = v; }
    public void setBaseUrl(String v) { baseUrl = blankToNull(v); }
    public void setFirstPage(String v) { firstPage = blankToNull(v); }
    public void setPaging(String v) { paging = v; }
    public void setPagingParam(String v) { pagingParam = blankToNull(v); }
    public void setAuth(String v) { auth = v; }
    public void setApiKeyHeader(String v) { apiKeyHeader = blankToNull(v); }
    public void setApiKey(String v) { apiKey = blankToNull(v); }
    public void setToken(String v) { token = blankToNull(v); }
    public void setUsername(String v) { username = blankToNull(v); }
    public void setPassword(String v) { password = blankToNull(v); }
    public void setTokenUrl(String v) { tokenUrl = blankToNull(v); }
    public void setClientId(String v) { clientId = blankToNull(v); }
    public void setClientSecret(String v) { clientSecret = blankToNull(v); }
    public void setScope(String v) { scope = blankToNull(v); }
    public void setTimeoutMs(int v) { timeoutMs = v; }
    public void setRecordsPath(String v) { recordsPath = blankToNull(v); }
    public void setOrgIdField(String v) { orgIdField = blankToNull(v); }
    public void setOrgNameField(String v) { orgNameField = blankToNull(v); }
    public void setBillingTypeField(String v) { billingTypeField = blankToNull(v); }
    public void setBillingType(String v) { billingType = blankToNull(v); }
    public void setQuantityField(String v) { quantityField = blankToNull(v); }
    public void setWholeUnits(boolean v) { wholeUnits = v; }
    public void setMaxQuantity(String v) { maxQuantity = v; }
    public void setAssetIdField(String v) { assetIdField = blankToNull(v); }
    public void setUsageDateField(String v) { usageDateField = blankToNull(v); }
    public void setRecordIdField(String v) { recordIdField = blankToNull(v); }
    public void setNextLinkField(String v) { nextLinkField = blankToNull(v); }
    public void setCursorField(String v) { cursorField = blankToNull(v); }
}
