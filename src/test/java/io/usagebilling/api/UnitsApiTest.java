package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.support.RunningApi;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/units} against the Autotask simulator: per line and day the usage, the PSA's units
 * (one read per line) and the difference, a hand edit at the PSA showing as one; a company's lines
 * only; a line the PSA refuses to read named with the reason; a bad range refused naming the parameter.
 */
class UnitsApiTest extends RunningApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachLineDayByDayTheUsageThePsaAndTheDifference() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        assertThat(call("POST", "/api/syncs?date=2026-09-28").statusCode()).isEqualTo(200);
        fixture.psa.handEdit(11, 500, LocalDate.of(2026, 9, 29), BigDecimal.valueOf(2)); // someone adds 2 at the PSA
        long requests = fixture.psa.requestCount();

        HttpResponse<String> answer = call("GET", "/api/units?from=2026-09-27&to=2026-09-29");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(answer.body());
        assertThat(report.path("from").asText()).isEqualTo("2026-09-27");
        assertThat(report.path("lines")).hasSize(2); // Cobalt is month_end: its first date, 1 Oct, is after the range
        JsonNode acme = report.path("lines").get(0);
        assertThat(acme.path("companyId").asLong()).isEqualTo(101);
        assertThat(acme.path("companyName").asText()).isEqualTo("Acme Dental");
        assertThat(acme.path("contractId").asLong()).isEqualTo(11);
        assertThat(acme.path("serviceId").asLong()).isEqualTo(500);
        assertThat(acme.path("billingTypes").toString()).isEqualTo(
                "[{\"module\":\"datto-rmm\",\"billingType\":\"devices\",\"unit\":\"devices\"}]");
        assertThat(acme.path("days").toString()).isEqualTo("[{\"date\":\"2026-09-27\",\"psa\":10},"
                + "{\"date\":\"2026-09-28\",\"usage\":8,\"psa\":8,\"difference\":0},"
                + "{\"date\":\"2026-09-29\",\"usage\":8,\"psa\":10,\"difference\":2}]");
        assertThat(report.path("lines").get(1).path("companyName").asText()).isEqualTo("Birch Logistics");
        assertThat(report.path("unread")).isEmpty();
        assertThat(fixture.psa.requestCount() - requests).as("one read of both lines").isEqualTo(1);

        JsonNode birch = JSON.readTree(call("GET", "/api/units?to=2026-09-29&days=2&company=102").body());
        assertThat(birch.path("from").asText()).isEqualTo("2026-09-28");
        assertThat(birch.path("lines")).hasSize(1);
        assertThat(birch.path("lines").get(0).path("days").get(1).path("usage").asInt()).isEqualTo(4);

        HttpResponse<String> chart = call("GET", "/api/usage/chart?company=101&from=2026-09-27&to=2026-09-29");
        assertThat(chart.statusCode()).as(chart.body()).isEqualTo(200);
        assertThat(chart.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(chart.body()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .contains("<title id=\"chart-title\">Units of Acme Dental from 2026-09-27 to 2026-09-29</title>",
                        "data-contract=\"11\"", "<title>2026-09-29: PSA 10 devices</title>")
                .doesNotContain("data-contract=\"12\"");

        fixture.psa.failNextQueries(2, 400); // the read of both lines, then Acme's own read, are refused
        JsonNode refused = JSON.readTree(call("GET", "/api/units?from=2026-09-28&to=2026-09-28").body());
        assertThat(refused.path("lines")).hasSize(1);
        assertThat(refused.path("unread")).hasSize(1);
        assertThat(refused.path("unread").get(0).path("contractId").asLong()).isEqualTo(11);
        assertThat(refused.path("unread").get(0).path("companyName").asText()).isEqualTo("Acme Dental");
        assertThat(refused.path("unread").get(0).path("reason").asText()).contains("400");
    }

    @Test
    void aBadRangeIsRefusedNamingTheParameter() throws Exception {
        LocalDate today = fixture.app().calendar().today();
        assertRefused("/api/units?to=" + today, "to", 400);
        assertRefused("/api/units?from=2026-09-30&to=2026-09-29", "from", 400);
        assertRefused("/api/units?from=2026-06-01&to=2026-09-29", "from", 400);
        assertRefused("/api/units?from=2026-09-31", "from", 400);
        assertRefused("/api/units?days=93", "days", 400);
        assertRefused("/api/units?company=999", "company", 404);
        assertRefused("/api/usage/chart?from=2026-09-01", "company", 400);
        assertRefused("/api/usage/chart?company=101&days=0", "days", 400);
        assertThat(call("GET", "/api/units?from=2026-06-30&to=2026-09-29").statusCode()).as("92 days").isEqualTo(200);
    }

    private void assertRefused(String path, String field, int status) throws Exception {
        HttpResponse<String> answer = call("GET", path);
        assertThat(answer.statusCode()).as(path + " " + answer.body()).isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).path("field").asText()).as(path).isEqualTo(field);
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
