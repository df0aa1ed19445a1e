package io.usagebilling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.api.ApiTokens;
import io.usagebilling.app.BillingApp;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.sync.LastRuns;
import io.usagebilling.sync.SyncSummary;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reconcile over the REST API, against the Autotask simulator: a hand edit at the PSA is reported as a
 * difference with its dates, the report sends nothing, the fix takes the PSA back to the usage over the
 * range (the dates after the edit included), and a held fix waits for approval under the plan's id.
 */
class ReconcileTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);
    private static final LocalDate SEP_30 = LocalDate.of(2026, 9, 30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BillingFixture fixture = new BillingFixture().withThreeContracts().withHttpServer();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aHandEditIsReportedThenFixedOverTheWholeRange() throws Exception {
        BillingApp app = fixture.start();
        String token = app.bean(ApiTokens.class).create("billing", true, List.of());
        for (LocalDate day : List.of(SEP_28, SEP_29, SEP_30)) {
            fixture.showSites(5, 3, 4, 7);
            app.syncDay(day);
        }
        // someone adds 5 units on the 29th at the PSA, and takes them off again on the 30th
        fixture.psa.handEdit(11, 500, SEP_29, BigDecimal.valueOf(5));
        fixture.psa.handEdit(11, 500, SEP_30, BigDecimal.valueOf(-5));
        long writes = fixture.psa.writeCount();

        JsonNode report = call("GET", token);
        assertThat(report.path("drifts")).hasSize(1);
        JsonNode drift = report.path("drifts").get(0);
        assertThat(drift.path("contractId").asLong()).isEqualTo(11);
        assertThat(drift.path("from").asText()).isEqualTo("2026-09-29");
        assertThat(drift.path("to").asText()).isEqualTo("2026-09-29");
        assertThat(drift.path("psaUnits").decimalValue()).isEqualByComparingTo("13");
        assertThat(drift.path("usageUnits").decimalValue()).isEqualByComparingTo("8");
        assertThat(report.path("problems").get(0).asText()).startsWith("drift: contract 11 service 500 2026-09-29:");
        assertThat(report.path("lines").asInt()).isEqualTo(2); // Cobalt's month_end date, 1 Oct, is after the range
        assertThat(fixture.psa.writeCount()).isEqualTo(writes);

        JsonNode fixed = call("POST", token);
        assertThat(fixed.path("drifts").get(0).path("fixed").asBoolean()).isTrue();
        assertThat(fixed.path("problems")).isEmpty();
        for (LocalDate day : List.of(SEP_28, SEP_29, SEP_30)) {
            assertThat(fixture.psa.unitsOn(11, 500, day)).as("Acme on " + day).isEqualByComparingTo("8");
        }
        assertThat(call("GET", token).path("drifts")).isEmpty();
        assertThat(new LastRuns(app.dataSource()).last(1).get(0).line()).contains(" reconcile 2026-09-28..2026-09-30 succeeded ");
    }

    @Test
    void aFixTheApprovalRuleHoldsWaitsUnderItsRunIdAndIsNotCountedFixed() throws Exception {
        BillingApp app = fixture.with("delivery.review", "true").with("delivery.auto-approve.max-units", "1").start();
        fixture.showSites(5, 3, 4, 7);
        app.approve(app.syncDay(SEP_28).syncRunId()); // the first sync's decrease, held and approved
        fixture.psa.handEdit(11, 500, SEP_28, BigDecimal.valueOf(6));

        Reconciliation held = app.reconcile(new Reconciler.Request(SEP_28, SEP_28, true));
        assertThat(held.problems()).anyMatch(p -> p.startsWith("not delivered: contract 11 service 500 effective 2026-09-28: 14 -> 8 (-6) held"));
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("14");

        app.approve(held.runId());
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("8");
        assertThat(app.reconcile(new Reconciler.Request(SEP_28, SEP_28, false)).problems()).isEmpty();
    }

    @Test
    void theDailySyncNoticesAHandEditOnTheLineItChangesAndTakesItToTheUsage() throws Exception {
        BillingApp app = fixture.start();
        fixture.showSites(5, 3, 4, 7);
        assertThat(app.syncDay(SEP_28).drifts()).isZero();
        fixture.psa.handEdit(11, 500, SEP_29, BigDecimal.valueOf(5));
        fixture.showSites(6, 3, 4, 7);

        SyncSummary noticed = app.syncDay(SEP_29);

        assertThat(noticed.drifts()).isEqualTo(1);
        assertThat(noticed.line()).contains(" drifts=1 ");
        assertThat(app.bean(DriftLog.class).ofRun(noticed.syncRunId())).extracting(DriftLog.LineDrift::text).containsExactly(
                "contract 11 service 500 2026-09-29: the PSA holds 13, usage-billing expects 8 (+5 at the PSA)");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_29)).isEqualByComparingTo("9");
        fixture.showSites(6, 3, 4, 7);
        assertThat(app.syncDay(SEP_30).drifts()).isZero(); // once set, the line is as delivered again
    }

    @Test
    void aRangeNotOverOrBackwardsIsA400() throws Exception {
        BillingApp app = fixture.start();
        String token = app.bean(ApiTokens.class).create("billing", true, List.of());
        assertThat(send("GET", token, "?from=2026-09-02&to=2026-09-01").statusCode()).isEqualTo(400);
        assertThat(send("GET", token, "?to=" + LocalDate.now().plusDays(2)).statusCode()).isEqualTo(400);
        assertThat(send("GET", token, "?from=yesterday").body()).contains("not a date");
    }

    private JsonNode call(String method, String token) throws Exception {
        HttpResponse<String> response = send(method, token, "?from=2026-09-28&to=2026-09-30");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String token, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + "/api/reconciliation" + query))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
