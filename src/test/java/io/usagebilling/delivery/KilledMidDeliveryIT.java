package io.usagebilling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.sim.psa.AutotaskSimulator.Adjustment;
import io.usagebilling.sim.psa.AutotaskSimulator.Fault;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.sync.SyncSummary;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The process dies with SIGKILL after the ledger says "sent" and while the adjustment is on the wire:
 * {@code bin/usage-billing sync} runs in a child JVM (configured through its environment, as in
 * production) against PostgreSQL and the simulators of this JVM; the Autotask simulator holds the
 * write so the kill lands at a known point. A re-run leaves the PSA exact, each change applied once.
 */
class KilledMidDeliveryIT {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final Duration CHILD_PATIENCE = Duration.ofSeconds(120);

    private final BillingFixture fixture = new BillingFixture().withThreeContracts();

    @AfterEach
    void stop() {
        fixture.psa.releaseHeld();
        fixture.close();
    }

    @Test
    void killedBeforeThePsaAppliedTheWriteTheReRunSendsItOnce() throws Exception {
        fixture.psa.failNextAdjustment(Fault.HOLD_BEFORE_APPLY);

        killChildMidWrite();
        assertThat(fixture.psa.writeCount()).isZero();

        SyncSummary rerun = rerun();
        assertThat(rerun.adjustments()).isEqualTo(1);
        assertThat(fixture.psa.adjustments()).containsExactly(new Adjustment(11, 500, SEP_28, new BigDecimal("-2")));
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("8");
        assertThat(fixture.text("SELECT status FROM delivery_ledger WHERE contract_id = 11")).isEqualTo("confirmed");
    }

    @Test
    void killedAfterThePsaAppliedTheWriteTheReRunSendsNothing() throws Exception {
        fixture.psa.failNextAdjustment(Fault.HOLD_AFTER_APPLY);

        killChildMidWrite();
        assertThat(fixture.psa.writeCount()).isEqualTo(1);

        SyncSummary rerun = rerun();
        // the re-run resumes the killed run, whose one adjustment went out before the kill and not again
        assertThat(rerun.syncRunId()).isEqualTo(fixture.count("SELECT min(id) FROM sync_run"));
        assertThat(rerun.adjustments()).isEqualTo(1);
        assertThat(fixture.psa.writeCount()).isEqualTo(1);
        assertThat(rerun.unknownsResolved()).isEqualTo(1);
        assertThat(fixture.psa.adjustments()).containsExactly(new Adjustment(11, 500, SEP_28, new BigDecimal("-2")));
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("8");
        assertThat(fixture.text("SELECT status FROM delivery_ledger WHERE contract_id = 11")).isEqualTo("confirmed");
    }

    /** Starts the sync of 28 Sep in a child JVM, waits until its write is held, checks the ledger, kills it. */
    private void killChildMidWrite() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        File log = Path.of("target", "killed-child-" + System.nanoTime() + ".log").toFile();
        ProcessBuilder builder = fixture.cli(log, "sync", "--date", SEP_28.toString());
        builder.environment().put("PSA_TIMEOUT_SECONDS", "600");
        builder.environment().putAll(BillingFixture.SHORT_LEASES);
        Process child = builder.start();
        try {
            assertThat(fixture.psa.awaitHeldAdjustment(CHILD_PATIENCE)).as("child's write reached the PSA; log: " + log).isTrue();
            assertThat(fixture.text("SELECT status FROM delivery_ledger WHERE contract_id = 11")).isEqualTo("sent");
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no last write
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);
        fixture.psa.releaseHeld();
    }

    private SyncSummary rerun() throws Exception {
        fixture.awaitLeasesRunOut(); // the dead child's run is resumed once nobody holds it
        return fixture.start().syncDay(SEP_28);
    }
}
