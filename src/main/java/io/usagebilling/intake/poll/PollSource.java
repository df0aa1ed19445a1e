package io.usagebilling.intake.poll;

import io.usagebilling.intake.PageIntake;
import io.usagebilling.intake.PolledCollection;
import io.usagebilling.intake.TemplateParameters;
import io.usagebilling.intake.normalize.JsonPageNormalizer;
import io.usagebilling.intake.normalize.JsonShape;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.sync.ExchangeProperties;
import java.math.BigDecimal;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One polled module's source, created per module by the {@code poll-source} route template from
 * its parameters (see {@code routes/templates/poll-source.camel.yaml}): the first page's URL, the auth
 * headers of each request, and after each page, storing it and the next page's URL.
 *
 * <p>The parameters arrive whole from the template (blank means "not given"); they are checked
 * together on first use, so a wrong one fails that module's collection with a reason naming it.
 */
public final class PollSource {

    private static final Logger LOG = LoggerFactory.getLogger(PollSource.class);

    private final PageIntake intake;
    private final MappingLoader mappings;
    private final TemplateParameters parameters;
    private final String module;

    private Configured configured;
    /** The page whose token the API refused, so it is asked again only once; null after a page it answered. */
    private volatile String refusedPage;

    private record Configured(Paging paging, PollAuth auth, JsonPageNormalizer normalizer) {}

    private PollSource(PageIntake intake, MappingLoader mappings, TemplateParameters parameters) {
        this.intake = intake;
        this.mappings = mappings;
        this.parameters = parameters;
        this.module = parameters.text("module");
    }

    /** The bean of one module's poll-source route (see app.TemplateBean). */
    public static PollSource fromTemplate(TemplateParameters p) {
        return new PollSource(p.bean(PageIntake.class), p.bean(MappingLoader.class), p);
    }

    /** Starts a collection, with the catalog's billing types as they are now. */
    public synchronized String firstPageUrl() {
        Configured c = configured();
        configured = new Configured(c.paging(), c.auth(), normalizer());
        refusedPage = null;
        return c.paging().firstPageUrl();
    }

    /** Replaces the request's headers with this module's auth headers (nothing of the last response leaks). */
    public void authorize(Exchange exchange) {
        Message in = exchange.getMessage();
        in.removeHeaders("*");
        configured().auth().headers().forEach(in::setHeader);
    }

    /**
     * Stores the page just fetched and returns the next page's URL, or null after the last page. A
     * token the API refused (401: expired, revoked) is renewed and the same page asked again, once;
     * refused again, or with credentials that cannot be renewed, the collection fails.
     */
    public String afterPage(
            @Body byte[] page,
            @Header(Exchange.HTTP_RESPONSE_CODE) int status,
            @Header(Exchange.HTTP_RESPONSE_TEXT) String statusText,
            @ExchangeProperty(ExchangeProperties.PAGE_URL) String pageUrl,
            @ExchangeProperty(Exchange.LOOP_INDEX) int pageIndex,
            @ExchangeProperty(ExchangeProperties.COLLECTION) PolledCollection collection) throws HttpOperationFailedException {
        Configured c = configured();
        if (status == HttpURLConnection.HTTP_UNAUTHORIZED) {
            if (!firstRefusalOf(pageUrl) || !c.auth().renew()) {
                throw new HttpOperationFailedException(pageUrl, status, statusText, null, null,
                        new String(page, StandardCharsets.UTF_8));
            }
            LOG.warn("module {}: the API refused our token (401); asking again with a new one", module);
            return pageUrl;
        }
        refusedPage = null;
        SourcePage stored = intake.store(page, c.normalizer(), collection, pageIndex);
        return c.paging().next(pageUrl, stored, pageIndex + 1);
    }

    /** Whether the API refused no token for this page yet (since the last page it answered). */
    private synchronized boolean firstRefusalOf(String pageUrl) {
        boolean first = !pageUrl.equals(refusedPage);
        refusedPage = pageUrl;
        return first;
    }

    private synchronized Configured configured() {
        if (configured == null) {
            try {
                configured = new Configured(new Paging(Paging.kind(parameters.text("paging", "")),
                        parameters.text("baseUrl"), parameters.text("firstPage"), parameters.text("pagingParam")),
                        auth(), normalizer());
            } catch (IllegalArgumentException e) {
                throw parameterError(e);
            }
        }
        return configured;
    }

    private JsonPageNormalizer normalizer() {
        try {
            return new JsonPageNormalizer(new JsonShape(module, parameters.text("recordsPath"),
                    parameters.text("orgIdField"), parameters.text("orgNameField"), parameters.text("skipOrgName"),
                    parameters.text("billingTypeField"),
                    parameters.text("billingType"), parameters.text("quantityField"),
                    Boolean.parseBoolean(parameters.text("wholeUnits")),
                    new BigDecimal(parameters.text("maxQuantity", "")), parameters.text("assetIdField"),
                    parameters.text("usageDateField"), parameters.text("recordIdField"),
                    parameters.text("nextLinkField"), parameters.text("cursorField"), mappings.billingTypesOf(module)));
        } catch (IllegalArgumentException e) {
            throw parameterError(e);
        }
    }

    private IllegalStateException parameterError(IllegalArgumentException e) {
        return new IllegalStateException("module " + module + ": poll-source parameters: " + e.getMessage(), e);
    }

    private Duration timeout() {
        return Duration.ofMillis(Long.parseLong(parameters.text("timeoutMs", "60000")));
    }

    private PollAuth auth() {
        String auth = parameters.text("auth", "");
        return switch (auth) {
            case "none" -> PollAuth.none();
            case "api-key" -> PollAuth.apiKey(parameters.text("apiKeyHeader"), parameters.text("apiKey"));
            case "bearer" -> PollAuth.bearer(parameters.text("token"));
            case "basic" -> PollAuth.basic(parameters.text("username"), parameters.text("password"));
            case "oauth2" -> PollAuth.oauth2(OAuth2Tokens.clientCredentials(parameters.text("tokenUrl"),
                    parameters.text("clientId"), parameters.text("clientSecret"), parameters.text("scope"), timeout(),
                    Clock.systemUTC()));
            case "oauth2-password" -> PollAuth.oauth2(OAuth2Tokens.password(parameters.text("tokenUrl"),
                    parameters.text("clientId"), parameters.text("clientSecret"), parameters.text("username"),
                    parameters.text("password"), parameters.text("scope"), timeout(), Clock.systemUTC()));
            default -> throw new IllegalArgumentException(
                    "auth must be none, api-key, bearer, basic, oauth2 or oauth2-password, not '" + auth + "'");
        };
    }
}
