package io.usagebilling.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.support.BillingFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operations over the real HTTP server after a real daily sync: /observe/health (each check, 200 and
 * 503 when the PSA is unreachable), /observe/metrics in Prometheus text.
 */
class OperationsTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BillingFixture fixture = new BillingFixture().withThreeContracts();
    private String base;

    @BeforeEach
    void start() throws Exception {
        fixture.withHttpServer();
        base = fixture.baseUrl();
        fixture.showSites(5, 3, 4, 7);
        fixture.start().syncDay(SEP_28);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void healthIsUpWithEveryCheckAndDownWhenThePsaIsUnreachable() throws Exception {
        HttpResponse<String> up = get("/observe/health");
        assertThat(up.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(up.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("checks").path("database").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("checks").path("scheduler").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("checks").path("scheduler").path("detail").asText()).startsWith("clustered, instance ");
        assertThat(health.path("checks").path("psa:autotask").path("status").asText()).isEqualTo("UP");

        fixture.psa.close();

        HttpResponse<String> down = get("/observe/health");
        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode unhealthy = JSON.readTree(down.body());
        assertThat(unhealthy.path("status").asText()).isEqualTo("DOWN");
        assertThat(unhealthy.path("checks").path("psa:autotask").path("status").asText()).isEqualTo("DOWN");
        assertThat(unhealthy.path("checks").path("psa:autotask").path("detail").asText()).contains("unreachable");
        assertThat(unhealthy.path("checks").path("database").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsInPrometheusTextCountTheSync() throws Exception {
        HttpResponse<String> metrics = get("/observe/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        // 28 Sep: five sites stored, one malformed quarantined, Acme's line changed 10 -> 8 (one adjustment)
        assertThat(metrics.body()).contains(
                "billing_records_ingested_total{module=\"datto-rmm\"} 5.0",
                "billing_records_quarantined_total{module=\"datto-rmm\"} 1.0",
                "billing_psa_adjustments_sent_total{psa=\"autotask\"} 1.0",
                "billing_sync_runs_total{status=\"succeeded\"} 1.0",
                "billing_psa_budget_left{psa=\"autotask\"} ",
                "billing_sync_last_duration_seconds ",
                "camel_exchanges_total{");
        double duration = Double.parseDouble(metrics.body().lines()
                .filter(l -> l.startsWith("billing_sync_last_duration_seconds ")).findFirst().orElseThrow().split(" ")[1]);
        assertThat(duration).isPositive();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
