package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.RunningApi;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reported: the REST API answered 500 for client errors (limit=-1, an unknown company, a NUL or a
 * 300,000-character organization id) and created a license for a module that does not exist. Each is
 * a 4xx naming the problem, and nothing is stored; an unreachable PSA is a 502, not a 500.
 */
class RestApiBadInputTest extends RunningApi {

    private record Case(String method, String path, String body, int status, String reason) {}

    private static final String NUL = URLEncoder.encode("site\u0000x", StandardCharsets.UTF_8);
    private static final String LONG = "x".repeat(300_000);
    private static final List<Case> CASES = List.of(
            new Case("GET", "/api/mapping-history?limit=-1", null, 400, "limit"),
            new Case("GET", "/api/mapping-history?limit=abc", null, 400, "limit"),
            new Case("GET", "/api/companies/999999/contracts", null, 404, "999999"),
            new Case("PUT", "/api/org-mappings/datto-rmm/" + NUL, "{\"company\":101}", 400, "NUL"),
            new Case("POST", "/api/org-mappings", "{\"module\":\"datto-rmm\",\"org\":\"a\\u0000b\",\"company\":101}", 400, "NUL"),
            new Case("POST", "/api/org-mappings", "{\"module\":\"datto-rmm\",\"org\":\"" + LONG + "\",\"company\":101}", 400, "org"),
            new Case("POST", "/api/licenses", "{\"company\":101,\"module\":\"no-such-module\",\"billingType\":\"devices\"}",
                    400, "no-such-module"),
            new Case("POST", "/api/licenses", "{\"company\":101,\"module\":\"datto-rmm\",\"billingType\":\"no-such-type\"}",
                    400, "no-such-type"),
            new Case("POST", "/api/licenses", "{\"company\":101.5,\"module\":\"datto-rmm\",\"billingType\":\"devices\"}",
                    400, "'company' has the wrong type: 101.5"),
            new Case("POST", "/api/licenses", "{\"company\":101,\"module\":\"datto-rmm\",\"billingType\":\"devices\",\"asset\":\"a\"}",
                    400, "'asset' is not a field of this request (fields: assetId, billingType, company, module)"),
            new Case("POST", "/api/licenses", "{\"company\":101,\"module\":\" \",\"billingType\":\"devices\"}",
                    400, "'module' is required"),
            // a type filter that names nothing listed nothing, as if there were no licenses of it
            new Case("GET", "/api/licenses?type=nope", null, 400, "type is MODULE/TYPE (e.g. datto-rmm/devices), not 'nope'"),
            new Case("GET", "/api/licenses?type=datto-rmm/nope", null, 400,
                    "no billing type 'datto-rmm/nope' in the catalog (mappings/modules.yaml)"),
            new Case("GET", "/api/licenses/history?type=nope/devices", null, 400, "no billing type 'nope/devices'"),
            new Case("GET", "/api/exports/licenses?month=2026-09&type=datto-rmm/", null, 400, "type is MODULE/TYPE"),
            new Case("GET", "/api/reconciliation?from=0001-01-01&to=2026-09-30", null, 400,
                    "reconcile from 0001-01-01: before 2000-01-01, the earliest usage day"));


    @Test
    void clientErrorsAre4xxNamingTheProblemAndStoreNothing() throws Exception {
        long licenses = fixture.count("SELECT count(*) FROM license");
        for (Case c : CASES) {
            HttpResponse<String> response = send(c);
            assertThat(response.statusCode()).as(c.method() + " " + c.path().substring(0, Math.min(80, c.path().length()))
                    + ": " + response.body()).isEqualTo(c.status());
            assertThat(response.body()).contains("\"error\":", c.reason());
        }
        assertThat(fixture.count("SELECT count(*) FROM license")).isEqualTo(licenses);
        assertThat(fixture.count("SELECT count(*) FROM org_mapping WHERE org_id LIKE 'a%' OR length(org_id) > 200")).isZero();
    }

    @Test
    void anUnreachablePsaIsA502() throws Exception {
        try (BillingFixture own = new BillingFixture().withHttpServer()) {
            own.start();
            String ownToken = own.providerToken();
            own.psa.close();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(own.baseUrl() + "/api/companies?refresh=true"))
                    .header("Authorization", "Bearer " + ownToken).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
            assertThat(response.body()).startsWith("{\"error\":\"the PSA did not answer");
        }
    }

    @Test
    void settingsThePsaRefusesAreA502NamingTheSetting() throws Exception {
        try (BillingFixture own = new BillingFixture().withHttpServer().with("psa.autotask.secret", "not-the-secret")) {
            own.start();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(own.baseUrl() + "/api/companies?refresh=true"))
                    .header("Authorization", "Bearer " + own.providerToken()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
            assertThat(response.body()).contains("the PSA refused this service's settings", "AUTOTASK_SECRET")
                    .doesNotContain("not-the-secret");
        }
    }

    private static HttpResponse<String> send(Case c) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + c.path()))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
