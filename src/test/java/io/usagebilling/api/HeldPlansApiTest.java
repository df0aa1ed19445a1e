package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.support.RunningApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The plans waiting for a person, over REST against the Autotask simulator: listed with their held
 * changes; a rejected plan is never sent, who rejected it is recorded, and the later change of its
 * line, which waited behind it, goes out with the next sync.
 */
class HeldPlansApiTest extends RunningApi {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void heldPlansAreListedARejectedOneIsNeverSentAndNoLongerHoldsUpItsLine() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        long first = JSON.readTree(call("POST", "/api/plans?date=" + SEP_28).body()).path("plan").asLong(); // Acme 10 -> 8
        fixture.showSites(6, 3, 0, 7);
        long second = JSON.readTree(call("POST", "/api/plans?date=" + SEP_29).body()).path("plan").asLong(); // Birch 4 -> 0

        HttpResponse<String> listed = call("GET", "/api/plans?status=held");
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode plans = JSON.readTree(listed.body());
        assertThat(plans).hasSize(2);
        assertThat(plans.get(0).path("plan").asLong()).isEqualTo(second);
        assertThat(plans.get(1).path("plan").asLong()).isEqualTo(first);
        assertThat(plans.get(1).path("kind").asText()).isEqualTo("sync");
        assertThat(plans.get(1).path("day").asText()).isEqualTo(SEP_28.toString());
        assertThat(plans.get(1).path("planned").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        assertThat(plans.get(1).path("changes")).hasSize(1);
        JsonNode change = plans.get(1).path("changes").get(0);
        assertThat(change.path("contractId").asLong()).isEqualTo(11);
        assertThat(change.path("effectiveDate").asText()).isEqualTo(SEP_28.toString());
        assertThat(change.path("psaUnitsBefore").decimalValue()).isEqualByComparingTo("10");
        assertThat(change.path("targetUnits").decimalValue()).isEqualByComparingTo("8");
        assertThat(change.path("unitChange").decimalValue()).isEqualByComparingTo("-2");
        assertThat(change.path("status").asText()).isEqualTo("held");
        assertThat(plans.get(0).path("changes")).hasSize(1); // Acme's 9 on the 29th waits for the 28th: not held, planned
        assertThat(plans.get(0).path("changes").get(0).path("contractId").asLong()).isEqualTo(12);

        HttpResponse<String> rejected = call("POST", "/api/plans/" + first + "/reject");

        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.body()).contains("\"status\":\"rejected\"").doesNotContain("\"held\"");
        assertThat(fixture.text("SELECT rejected_by || ' ' || (rejected_at IS NOT NULL) FROM delivery_ledger"
                + " WHERE status = 'rejected'")).isEqualTo("api:provider true");
        assertThat(JSON.readTree(call("GET", "/api/plans").body())).hasSize(1);
        assertThat(JSON.readTree(call("GET", "/api/syncs/" + first).body()).path("unsettled")).as("settled by a person").isEmpty();
        assertThat(fixture.psa.writeCount()).isZero();

        fixture.showSites(6, 3, 0, 7);
        assertThat(call("POST", "/api/syncs?date=" + SEP_29).statusCode()).isEqualTo(200);
        assertThat(fixture.psa.unitsOn(11, 500, SEP_29)).as("Acme's 29th no longer waits").isEqualByComparingTo("9");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).as("the rejected change was never sent").isEqualByComparingTo("10");
        assertThat(fixture.psa.unitsOn(12, 500, SEP_29)).as("Birch still waits for a person").isEqualByComparingTo("4");
        assertThat(call("POST", "/api/plans/" + first + "/approve").body()).as("nothing held to approve")
                .contains("\"status\":\"rejected\"");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("10");

        assertThat(call("POST", "/api/plans/" + second + "/approve").body()).contains("\"status\":\"confirmed\"");
        assertThat(fixture.psa.unitsOn(12, 500, SEP_29)).isEqualByComparingTo("0");
        assertThat(JSON.readTree(call("GET", "/api/plans?status=held").body())).isEmpty();
    }

    @Test
    void anUnknownPlanOrStatusIsRefused() throws Exception {
        assertThat(call("POST", "/api/plans/999999/reject").statusCode()).isEqualTo(404);
        HttpResponse<String> status = call("GET", "/api/plans?status=sent");
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(status.body()).path("field").asText()).isEqualTo("status");
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
