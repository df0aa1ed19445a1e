package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.support.RunningApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The service driven without the CLI: a plan made, looked at and approved over REST reaches the PSA. */
class SyncApiTest extends RunningApi {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);

    @Test
    void aPlanMadeAndApprovedOverRestReachesThePsa() throws Exception {
        fixture.showSites(5, 3, 4, 7);

        HttpResponse<String> plan = call("POST", "/api/plans?date=" + SEP_28);
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        long id = Long.parseLong(plan.body().replaceAll("(?s).*\"plan\":(\\d+).*", "$1"));
        assertThat(plan.body()).contains("\"status\":\"held\"");
        assertThat(fixture.psa.writeCount()).isZero();
        assertThat(call("GET", "/api/plans/" + id).body()).contains("\"status\":\"held\"");

        HttpResponse<String> approved = call("POST", "/api/plans/" + id + "/approve");

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(approved.body()).contains("\"status\":\"confirmed\"").doesNotContain("\"held\"");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("8");
        assertThat(call("POST", "/api/syncs?date=" + SEP_28).body()).contains("\"complete\":true").contains("adjustments=0");

        HttpResponse<String> runs = call("GET", "/api/syncs?limit=2");
        assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
        assertThat(runs.body()).startsWith("[{\"id\":").contains("\"usageDate\":\"" + SEP_28 + "\"", "\"status\":\"succeeded\"",
                "\"summary\":{").containsOnlyOnce("\"id\":" + id + ",");
        assertThat(runs.body().split("\"kind\":")).as("two runs").hasSize(3);
        assertThat(new ObjectMapper().readTree(runs.body()).at("/0/summary/usageDate").asText())
                .as("the stored summary's day, as an ISO day").isEqualTo(SEP_28.toString());
        assertThat(call("GET", "/api/syncs?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void aDayNotOverOrAnUnknownPlanIsRefused() throws Exception {
        LocalDate today = fixture.app().calendar().today();

        assertThat(call("POST", "/api/syncs?date=" + today).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/plans/999999/approve").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/syncs?date=yesterday").statusCode()).isEqualTo(400);
        // a mistyped year: found trying the service as a new user would (year 1 was synced, and planned changes at the PSA)
        for (String day : new String[] {"0001-01-01", "-999999999-01-01", "1999-12-31"}) {
            for (String path : new String[] {"/api/syncs?date=", "/api/plans?date="}) {
                HttpResponse<String> refused = call("POST", path + day);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
                assertThat(refused.body()).contains(day + " is before 2000-01-01, the earliest usage day");
            }
        }
        assertThat(fixture.count("SELECT count(*) FROM sync_run WHERE usage_date < '2000-01-01'")).isZero();
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
