package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.support.RunningApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Quarantined records over REST: filtered by module, reason and day, newest first, page by page, the payload as it came. */
class QuarantineApiTest extends RunningApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void quarantine() throws Exception {
        for (int i = 1; i <= 7; i++) {
            fixture.execute("INSERT INTO quarantine (module_id, source_record_id, usage_date, reason, payload) VALUES ('"
                    + (i % 2 == 0 ? "datto-rmm" : "acronis") + "', 'r" + i + "', DATE '2026-11-0" + i + "', '"
                    + (i <= 3 ? "quantity is not a number" : "no organization id") + "', '{\"raw\":" + i + "}')");
        }
    }

    @Test
    void filtersPagesAndShowsThePayload() throws Exception {
        JsonNode numbers = get("/api/quarantine?reason=NOT%20A%20NUMBER");
        assertThat(numbers.path("total").asLong()).isEqualTo(3);
        assertThat(numbers.path("records")).extracting(r -> r.path("recordId").asText()).containsExactly("r3", "r2", "r1");
        assertThat(numbers.at("/records/0/payload").asText()).isEqualTo("{\"raw\":3}");

        assertThat(get("/api/quarantine?module=datto-rmm&from=2026-11-03&to=2026-11-06").path("records"))
                .extracting(r -> r.path("recordId").asText()).containsExactly("r6", "r4");

        List<String> paged = new ArrayList<>();
        String next = "";
        do {
            JsonNode page = get("/api/quarantine?limit=3" + next);
            page.path("records").forEach(r -> paged.add(r.path("recordId").asText()));
            next = page.has("nextBefore") ? "&before=" + page.path("nextBefore").asLong() : null;
        } while (next != null);
        assertThat(paged).containsExactly("r7", "r6", "r5", "r4", "r3", "r2", "r1");
        assertThat(get("/api/quarantine?limit=7").has("nextBefore")).as("no next page when all are in this one").isFalse();
    }

    @Test
    void aLimitOutOfRangeIsA400NamingIt() throws Exception {
        HttpResponse<String> response = send("/api/quarantine?limit=5000");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("limit must be 1 to 500");
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
