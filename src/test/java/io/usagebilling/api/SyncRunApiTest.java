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

/** One run over REST (the console's run detail): what it holds for approval and left undelivered, until approved. */
class SyncRunApiTest extends RunningApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);

    @Test
    void aRunShowsItsHeldChangesUntilTheyAreApproved() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        long plan = JSON.readTree(call("POST", "/api/plans?date=" + SEP_28).body()).path("plan").asLong();

        JsonNode held = JSON.readTree(ok("GET", "/api/syncs/" + plan));

        assertThat(held.at("/run/id").asLong()).isEqualTo(plan);
        assertThat(held.at("/run/usageDate").asText()).isEqualTo(SEP_28.toString());
        assertThat(held.path("unsettled")).isNotEmpty().allSatisfy(c -> assertThat(c.path("status").asText()).isEqualTo("held"));
        assertThat(held.path("unsettled")).extracting(c -> c.path("contractId").asLong()).contains(11L);
        assertThat(held.at("/run/held").asLong()).isEqualTo(held.path("unsettled").size());
        assertThat(JSON.readTree(ok("GET", "/api/syncs?limit=1")).at("/0/held").asLong())
                .as("the list counts the held changes too").isEqualTo(held.path("unsettled").size());

        ok("POST", "/api/plans/" + plan + "/approve");
        JsonNode approved = JSON.readTree(ok("GET", "/api/syncs/" + plan));

        assertThat(approved.at("/run/held").asLong()).isZero();
        assertThat(approved.path("unsettled")).as(approved.toString()).isEmpty();
    }

    @Test
    void anUnknownRunIsA404AndABadIdA400() throws Exception {
        HttpResponse<String> unknown = call("GET", "/api/syncs/999999");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no run 999999");
        assertThat(call("GET", "/api/syncs/abc").statusCode()).isEqualTo(400);
    }

    private static String ok(String method, String path) throws Exception {
        HttpResponse<String> response = call(method, path);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> call(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
