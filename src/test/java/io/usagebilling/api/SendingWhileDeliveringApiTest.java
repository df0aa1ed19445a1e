package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.psa.AutotaskSimulator.Fault;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.sync.SyncSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One run sends to a PSA at a time. A person's request that would send (approving a plan, a
 * reconcile that fixes) while the nightly sync delivers is answered at once with a 409, and changes
 * nothing, instead of hanging for as long as that delivery takes; one that only reads goes on.
 */
class SendingWhileDeliveringApiTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BillingFixture fixture = new BillingFixture().withThreeContracts().withHttpServer()
            .with("psa.timeout-seconds", "30").with("psa.sending.wait-seconds", "1");
    private String token;

    @AfterEach
    void stop() {
        fixture.psa.releaseHeld();
        fixture.close();
    }

    @Test
    void aPersonsSendIsRefusedAtOnceWhileAnotherRunDeliversAndChangesNothing() throws Exception {
        BillingApp app = fixture.start();
        token = fixture.providerToken();
        fixture.showSites(5, 3, 4, 7);
        long plan = JSON.readTree(call("POST", "/api/plans?date=" + SEP_28).body()).path("plan").asLong(); // Acme 10 -> 8, held
        fixture.showSites(5, 3, 6, 7); // Birch 4 -> 6 on the 29th: the sync sends it
        fixture.psa.failNextAdjustment(Fault.HOLD_THEN_APPLY);
        CompletableFuture<SyncSummary> sync = CompletableFuture.supplyAsync(() -> app.syncDay(SEP_29));
        assertThat(fixture.psa.awaitHeldAdjustment(Duration.ofSeconds(60))).as("the sync's write is on the wire").isTrue();

        HttpResponse<String> approve = call("POST", "/api/plans/" + plan + "/approve");
        assertThat(approve.statusCode()).as(approve.body()).isEqualTo(409);
        assertThat(JSON.readTree(approve.body()).path("error").asText())
                .contains("another run is sending to autotask").contains("try again");
        JsonNode held = JSON.readTree(call("GET", "/api/plans?status=held").body());
        assertThat(held).as("still waiting for a person").hasSize(1);
        assertThat(held.get(0).path("plan").asLong()).isEqualTo(plan);

        HttpResponse<String> fix = call("POST", "/api/reconciliation?from=" + SEP_28 + "&to=" + SEP_28);
        assertThat(fix.statusCode()).as(fix.body()).isEqualTo(409);
        assertThat(fixture.text("SELECT count(*) FROM sync_run WHERE kind = 'reconcile'")).as("no run started").isEqualTo("0");
        HttpResponse<String> report = call("GET", "/api/reconciliation?from=" + SEP_28 + "&to=" + SEP_28);
        assertThat(report.statusCode()).as("reading the PSA does not wait: " + report.body()).isEqualTo(200);

        fixture.psa.releaseHeld();
        sync.get(60, TimeUnit.SECONDS);
        assertThat(fixture.psa.unitsOn(12, 500, SEP_29)).isEqualByComparingTo("6");
        HttpResponse<String> again = call("POST", "/api/plans/" + plan + "/approve");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"confirmed\"");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("8");
        assertThat(fixture.psa.adjustments()).as("each change applied once: Birch's +2, then Acme's -2")
                .extracting(a -> a.contractId() + " " + a.effectiveDate() + " " + a.unitChange().stripTrailingZeros().toPlainString())
                .containsExactly("12 " + SEP_29 + " 2", "11 " + SEP_28 + " -2");
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        // a request that waited for the held delivery would outlast this: the test fails instead of hanging
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
