package io.usagebilling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.psa.AutotaskSimulator.Adjustment;
import io.usagebilling.sim.psa.AutotaskSimulator.Fault;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.sync.SyncSummary;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two syncs of different days run at once (the nightly one and an operator's back-dated one, or two
 * instances): each takes over every change still open, so both would deliver the first one's. The
 * first's write is slow to land (held by the Autotask simulator, then applied); the second must not
 * read the line meanwhile and send the same change again: a PSA is delivered to by one run at a time.
 */
class DeliveriesSideBySideTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);

    // the held write must stay within the client's patience: one it gave up on is another matter (unknown)
    private final BillingFixture fixture = new BillingFixture().withThreeContracts().with("psa.timeout-seconds", "30");

    @AfterEach
    void stop() {
        fixture.psa.releaseHeld();
        fixture.close();
    }

    @Test
    void aSecondRunWaitsForTheFirstsDeliveryAndSendsNothingTwice() throws Exception {
        BillingApp app = fixture.start();
        fixture.showSites(5, 3, 4, 7);
        fixture.psa.failNextAdjustment(Fault.HOLD_THEN_APPLY);
        CompletableFuture<SyncSummary> first = CompletableFuture.supplyAsync(() -> app.syncDay(SEP_28));
        assertThat(fixture.psa.awaitHeldAdjustment(Duration.ofSeconds(60))).as("the first run's write is on the wire").isTrue();

        CompletableFuture<SyncSummary> second = CompletableFuture.supplyAsync(() -> app.syncDay(SEP_28.plusDays(1)));
        try {
            second.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException waiting) {
            // waiting for the first run's delivery: what it should do
        }
        fixture.psa.releaseHeld();
        first.get(60, TimeUnit.SECONDS);
        second.get(60, TimeUnit.SECONDS);

        List<Adjustment> applied = fixture.psa.adjustments();
        assertThat(applied).as("each change applied once").doesNotHaveDuplicates()
                .extracting(a -> a.contractId() + "/" + a.serviceId() + "/" + a.effectiveDate()).doesNotHaveDuplicates();
        for (String line : fixture.text("""
                SELECT string_agg(contract_id || ' ' || service_id || ' ' || target_units, ',') FROM delivery_ledger
                WHERE effective_date = '2026-09-28'""").split(",")) {
            String[] f = line.split(" ");
            assertThat(fixture.psa.unitsOn(Long.parseLong(f[0]), Long.parseLong(f[1]), SEP_28)).as(line)
                    .isEqualByComparingTo(new BigDecimal(f[2]));
        }
        assertThat(fixture.text("SELECT string_agg(DISTINCT status, ',') FROM delivery_ledger")).isEqualTo("confirmed");
    }
}
