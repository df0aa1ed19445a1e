package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.domain.Grant;
import io.usagebilling.support.BillingFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The permission matrix over real HTTP for every endpoint of routes/service/rest-*.camel.yaml: 401 without
 * a valid token (also when the token comes as a query or form parameter), 403 without the grant,
 * allowed with exactly the grant or as provider.
 */
class RestApiPermissionsTest {

    /** Every endpoint, with the grant it needs. */
    private record Endpoint(String method, String path, String body, Grant grant) {}

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/licenses", null, Grant.MANAGE_LICENSES),
            new Endpoint("GET", "/api/licenses/history", null, Grant.LICENSE_USAGE_HISTORY),
            new Endpoint("POST", "/api/licenses", "{\"company\":101,\"module\":\"datto-rmm\",\"billingType\":\"devices\"}",
                    Grant.BUY_LICENSES),
            new Endpoint("POST", "/api/licenses/auto-renewal", "{\"ids\":[],\"enabled\":false}", Grant.MANAGE_LICENSES),
            new Endpoint("POST", "/api/licenses/1/change", "{\"billingType\":\"devices\"}", Grant.MANAGE_LICENSES),
            new Endpoint("POST", "/api/licenses/1/renew", "{}", Grant.BUY_LICENSES),
            new Endpoint("POST", "/api/licenses/1/release", "{}", Grant.MANAGE_LICENSES),
            new Endpoint("POST", "/api/activations",
                    "{\"company\":101,\"module\":\"kob\",\"termsAccepted\":true,\"paymentToken\":\"FS_tok_abcdefgh\"}",
                    Grant.ACTIVATE_LICENSE_KEY),
            new Endpoint("GET", "/api/invoices?month=2026-09", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/invoice-lines/1/explanation", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/prices", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/exports/invoices?month=2026-09", null, Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/months/2026-09/close", "{}", Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/months/2026-09/preview", null, Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/syncs?date=2026-09-28", "{}", Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/plans?date=2026-09-28", "{}", Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/plans/1", null, Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/plans/1/approve", "{}", Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/tokens", null, Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/tokens/nobody/revoke", "{}", Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/months/2026-09/finalize", "{}", Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/modules", null, Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/modules/no-such-module/enable", "{}", Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/organizations", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/unmapped", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/unmapped?module=datto-rmm&q=acme&offset=1&limit=2", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/mapped-without-service-line?module=datto-rmm&offset=1&limit=2", null, Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/organizations/datto-rmm/site-x/rejections", "{\"company\":101}", Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/companies", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/companies/101/contracts", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/org-mappings", null, Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/org-mappings", "{\"module\":\"datto-rmm\",\"org\":\"site-a1\",\"company\":101}",
                    Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/org-mappings/accept-suggestions", "{\"minScore\":1}", Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/org-mappings/accept-suggestions/preview?minScore=1", null, Grant.PROVIDER_ONLY),
            new Endpoint("PUT", "/api/org-mappings/datto-rmm/site-a1", "{\"company\":101}", Grant.PROVIDER_ONLY),
            new Endpoint("DELETE", "/api/org-mappings/datto-rmm/no-such-site", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/service-mappings", null, Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/service-mappings", "{}", Grant.PROVIDER_ONLY),
            new Endpoint("DELETE", "/api/service-mappings/datto-rmm/devices/999", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/mapping-history", null, Grant.PROVIDER_ONLY),
            new Endpoint("GET", "/api/reconciliation?from=2026-09-01&to=2026-09-02", null, Grant.PROVIDER_ONLY),
            new Endpoint("POST", "/api/reconciliation?from=2026-09-01&to=2026-09-02", "{}", Grant.PROVIDER_ONLY));

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BillingFixture fixture;
    private static String base;
    private static ApiTokens tokens;
    private static String provider;

    @BeforeAll
    static void start() throws Exception {
        fixture = new BillingFixture().withHttpServer();
        BillingApp app = fixture.start();
        base = fixture.baseUrl();
        tokens = app.bean(ApiTokens.class);
        provider = tokens.create("provider", true, List.of());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void everyEndpointNeedsAValidTokenAndItsGrant() throws Exception {
        List<Grant> grantable = Arrays.stream(Grant.values()).filter(g -> g != Grant.PROVIDER_ONLY).toList();
        String nothing = tokens.create("no-grants", false, List.of());
        String allGrants = tokens.create("all-grants", false, grantable);
        for (Endpoint e : ENDPOINTS) {
            assertThat(call(e, null)).as(e + " without a token").isEqualTo(401);
            assertThat(call(e, "ubt_not-a-token")).as(e + " with an unknown token").isEqualTo(401);
            assertThat(call(e, nothing)).as(e + " without grants").isEqualTo(403);
            if (e.grant() == Grant.PROVIDER_ONLY) {
                assertThat(call(e, allGrants)).as(e + " as administrator").isEqualTo(403);
            } else {
                String only = tokens.create("only-" + e.path() + e.method(), false, List.of(e.grant()));
                String allBut = tokens.create("all-but-" + e.path() + e.method(), false,
                        grantable.stream().filter(g -> g != e.grant()).toList());
                assertThat(call(e, only)).as(e + " with exactly its grant").isNotIn(401, 403);
                assertThat(call(e, allBut)).as(e + " with every other grant").isEqualTo(403);
            }
            assertThat(call(e, provider)).as(e + " as provider").isNotIn(401, 403);
        }
    }

    @Test
    void aTokenOutsideTheAuthorizationHeaderIsIgnored() throws Exception {
        String auth = "Bearer%20" + provider;
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/invoices?month=2026-09&Authorization=" + auth)).GET()
                .build()).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/months/2026-09/close"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Authorization=" + auth)).build()).statusCode()).isEqualTo(401);
    }

    @Test
    void aCardNumberIsRefusedAndNothingIsStored() throws Exception {
        HttpResponse<String> refused = send(post("/api/activations", provider,
                "{\"company\":103,\"module\":\"kob\",\"termsAccepted\":true,\"paymentToken\":\"4111 1111 1111 1111\"}"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("card numbers are not accepted").doesNotContain("4111");
        assertThat(activationsStored()).isZero();
        HttpResponse<String> activated = send(post("/api/activations", provider,
                "{\"company\":102,\"module\":\"kob\",\"termsAccepted\":true,\"paymentToken\":\"FS_tok_abcdefgh\"}"));
        assertThat(activated.statusCode()).isEqualTo(201);
        assertThat(activated.body()).matches("\\{\"firstInvoiceOn\":\"\\d{4}-\\d{2}-\\d{2}\"}");
    }

    @Test
    void buyingAndListingLicenses() throws Exception {
        HttpResponse<String> bought = send(post("/api/licenses", provider,
                "{\"company\":103,\"module\":\"datto-rmm\",\"billingType\":\"devices\",\"assetId\":\"dev-42\"}"));
        assertThat(bought.statusCode()).isEqualTo(201);
        HttpResponse<String> list = send(HttpRequest.newBuilder(URI.create(base + "/api/licenses?company=103"))
                .header("Authorization", "Bearer " + provider).GET().build());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"counters\":{\"all\":1,\"activeTrial\":0,\"paid\":1,\"released\":0,\"used\":1}",
                "\"assetId\":\"dev-42\"");
    }

    @Test
    void pricesAreServedWithTheirExactDecimalsAndIsoDates() throws Exception {
        HttpResponse<String> prices = send(HttpRequest.newBuilder(URI.create(base + "/api/prices"))
                .header("Authorization", "Bearer " + provider).GET().build());
        assertThat(prices.statusCode()).isEqualTo(200);
        assertThat(prices.body()).isEqualTo("[{\"module\":\"datto-rmm\",\"billingType\":\"devices\",\"currency\":\"USD\","
                + "\"unitPrice\":3.00,\"effectiveFrom\":\"2026-01-01\"}]");
    }

    private static int call(Endpoint e, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + e.path()));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(e.method(), e.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(e.body()));
        return send(b.header("Content-Type", "application/json").build()).statusCode();
    }

    private static HttpRequest post(String path, String token, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long activationsStored() throws Exception {
        try (Connection c = fixture.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM activation WHERE company_id = 103 OR payment_token LIKE '%4111%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
