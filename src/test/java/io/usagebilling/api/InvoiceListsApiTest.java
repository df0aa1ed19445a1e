package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.support.RunningApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/**
 * What the console's Invoices view reads, for the golden September (Birch: 6 devices all month at $3.00,
 * 18.00 topped up to the $20.00 minimum): the preview's invoices with their lines, the closed months,
 * the month's invoice lines and a line's explanation.
 */
class InvoiceListsApiTest extends RunningApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YearMonth SEP = YearMonth.of(2026, 9);

    @Test
    void thePreviewTheClosedMonthsAndTheLinesOfTheMonth() throws Exception {
        fixture.dailyQuantity(11, SEP, 1, 30, 10);
        fixture.dailyQuantity(12, SEP, 1, 30, 6);
        JsonNode none = get("/api/months");
        assertThat(none.path("running").asText()).isEqualTo(fixture.app().calendar().thisMonth().toString());
        assertThat(none.path("closed")).as("nothing closed yet").isEmpty();

        JsonNode birch = invoiceOf(get("/api/months/" + SEP + "/preview").path("byCompany"), 102);
        assertThat(birch.path("kind").asText()).isEqualTo("regular");
        assertThat(birch.path("currency").asText()).isEqualTo("USD");
        assertThat(birch.path("subtotal").decimalValue()).isEqualByComparingTo("18.00");
        assertThat(birch.path("minimumTopUp").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(birch.path("total").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(birch.at("/lines/0/description").asText()).isEqualTo("Datto RMM devices");
        assertThat(birch.at("/lines/0/quantity").decimalValue()).isEqualByComparingTo("6");
        assertThat(birch.at("/lines/0/amount").decimalValue()).isEqualByComparingTo("18.00");
        assertThat(get("/api/months").path("closed")).as("a preview stores nothing").isEmpty();

        JsonNode closed = get("/api/months/" + SEP + "/close", "POST");
        assertThat(invoiceOf(closed.path("byCompany"), 102).path("total").decimalValue()).isEqualByComparingTo("20.00");
        JsonNode months = get("/api/months").path("closed");
        assertThat(months).hasSize(1);
        assertThat(months.at("/0/month").asText()).isEqualTo(SEP.toString());
        assertThat(months.at("/0/invoices").asInt()).isEqualTo(closed.path("invoices").asInt()).isPositive();
        assertThat(months.at("/0/total").decimalValue()).isEqualByComparingTo(closed.path("total").decimalValue());
        assertThat(months.at("/0/closedAt").isTextual()).isTrue();
        assertThat(months.at("/0").has("finalizedAt")).isFalse();

        JsonNode lines = get("/api/invoice-lines?month=" + SEP + "&company=102");
        assertThat(lines).hasSize(1);
        assertThat(lines.at("/0/description").asText()).isEqualTo("Datto RMM devices");
        assertThat(lines.at("/0/amount").decimalValue()).isEqualByComparingTo("18.00");
        HttpResponse<String> explanation = send("GET", "/api/invoice-lines/" + lines.at("/0/lineId").asLong() + "/explanation");
        assertThat(explanation.statusCode()).isEqualTo(200);
        assertThat(explanation.body()).contains("contract 12");

        get("/api/months/" + SEP + "/finalize", "POST");
        assertThat(get("/api/months").at("/closed/0/finalizedAt").isTextual()).isTrue();
    }

    @Test
    void theLinesNeedAMonth() throws Exception {
        HttpResponse<String> none = send("GET", "/api/invoice-lines");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("month");
        assertThat(send("GET", "/api/invoice-lines?month=2026-13").statusCode()).isEqualTo(400);
    }

    private static JsonNode invoiceOf(JsonNode invoices, long company) {
        for (JsonNode invoice : invoices) {
            if (invoice.path("companyId").asLong() == company) {
                return invoice;
            }
        }
        throw new AssertionError("no invoice of company " + company + " in " + invoices);
    }

    private static JsonNode get(String path) throws Exception {
        return get(path, "GET");
    }

    private static JsonNode get(String path, String method) throws Exception {
        HttpResponse<String> response = send(method, path);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
