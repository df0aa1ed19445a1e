package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.sim.psa.AutotaskSimulator.Fault;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.ClusterScenario;
import java.io.File;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash-resume: {@code bin/usage-billing sync} runs in a child JVM over four polled modules and is
 * killed with SIGKILL during collection, after the quantities and mid-delivery; the next sync of the
 * day resumes the run from its checkpoints (done units are not collected again) and ends with the
 * stored usage, daily quantities, PSA units and adjustments of an uninterrupted run.
 */
class CrashResumeIT {

    private static final LocalDate DAY = LocalDate.of(2026, 9, 28);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static Map<String, Object> uninterrupted;

    private final ClusterScenario scenario = new ClusterScenario(DAY);

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        try (ClusterScenario reference = new ClusterScenario(DAY)) {
            reference.fixture.start().syncDay(DAY);
            uninterrupted = outcome(reference);
        }
        assertThat(uninterrupted.get("psa")).isEqualTo(ClusterScenario.EXPECTED_UNITS);
    }

    @AfterEach
    void stop() {
        scenario.fixture.psa.releaseHeld();
        scenario.close();
    }

    @Test
    void killedDuringCollectionTheResumedRunCollectsOnlyTheUnitsNotDone() throws Exception {
        scenario.links.setPageDelay(Duration.ofSeconds(20)); // link-module, the third unit, hangs
        killChildWhen(() -> scenario.rows("SELECT module_id || ':' || status FROM work_unit ORDER BY module_id")
                .equals(List.of("cursor-module:done", "datto-rmm:done", "link-module:claimed", "pages-module:pending")));
        scenario.links.setPageDelay(Duration.ZERO);
        long cursorPages = scenario.cursor.usageRequests();
        long rmmPages = scenario.fixture.rmm.requestCount();

        resume();

        assertThat(scenario.cursor.usageRequests()).as("done units are not collected again").isEqualTo(cursorPages);
        assertThat(scenario.fixture.rmm.requestCount()).isEqualTo(rmmPages);
        assertThat(scenario.rows("SELECT module_id || ':' || attempts FROM work_unit ORDER BY module_id"))
                .containsExactly("cursor-module:1", "datto-rmm:1", "link-module:2", "pages-module:1");
        assertThat(outcome(scenario)).isEqualTo(uninterrupted);
    }

    @Test
    void killedAfterTheQuantitiesTheResumedRunCollectsNothingAndDelivers() throws Exception {
        scenario.fixture.psa.setResponseDelay(Duration.ofSeconds(20)); // delivery hangs on its first PSA request
        killChildWhen(() -> scenario.rows("SELECT 1 FROM daily_quantity").size() > 0);
        assertThat(scenario.fixture.psa.writeCount()).isZero();
        scenario.fixture.psa.setResponseDelay(Duration.ZERO);
        long modulePages = modulePages();

        resume();

        assertThat(modulePages()).as("every unit was done: nothing collected again").isEqualTo(modulePages);
        assertThat(outcome(scenario)).isEqualTo(uninterrupted);
    }

    @Test
    void killedMidDeliveryTheResumedRunSendsOnlyWhatIsMissing() throws Exception {
        scenario.fixture.psa.failNextAdjustment(Fault.HOLD_AFTER_APPLY); // the first write is applied, its answer held
        killChildWhen(() -> scenario.fixture.psa.writeCount() == 1);
        scenario.fixture.psa.releaseHeld();
        long modulePages = modulePages();

        resume();

        assertThat(modulePages()).isEqualTo(modulePages);
        assertThat(outcome(scenario)).as("no adjustment twice").isEqualTo(uninterrupted);
    }

    /** Runs the day's sync in a child JVM and SIGKILLs it as soon as {@code when} holds. */
    private void killChildWhen(Callable<Boolean> when) throws Exception {
        File log = Path.of("target", "crash-child-" + System.nanoTime() + ".log").toFile();
        Map<String, String> settings = new HashMap<>();
        ProcessBuilder builder = scenario.child(log, settings, "sync", "--date", DAY.toString());
        builder.environment().putAll(BillingFixture.SHORT_LEASES);
        builder.environment().put("PSA_TIMEOUT_SECONDS", "600");
        // one unit and one line at a time: the kill points are exact
        builder.environment().put("BILLING_SYNC_COLLECTORS", "1");
        builder.environment().put("PSA_DELIVERY_THREADS", "1");
        Process child = builder.start();
        try {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!holds(when)) {
                assertThat(child.isAlive()).as("the child is still syncing; log: " + log).isTrue();
                assertThat(System.nanoTime()).as("the kill point within " + PATIENCE + "; log: " + log).isLessThan(deadline);
                Thread.sleep(50);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no last write
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);
    }

    /** False while the child has not even created its tables. */
    private static boolean holds(Callable<Boolean> when) throws Exception {
        try {
            return when.call();
        } catch (SQLException notMigratedYet) {
            return false;
        }
    }

    /** The next sync of the day, once the dead child's leases ran out: it resumes the same run. */
    private void resume() throws Exception {
        scenario.fixture.awaitLeasesRunOut();
        scenario.fixture.start().syncDay(DAY);
        assertThat(scenario.rows("SELECT status FROM sync_run")).as("one run, resumed").containsExactly("succeeded");
    }

    private long modulePages() {
        return scenario.cursor.usageRequests() + scenario.pages.usageRequests() + scenario.links.usageRequests()
                + scenario.fixture.rmm.requestCount();
    }

    /** What a run leaves behind: stored usage and quarantine, daily quantities, PSA units and adjustments. */
    private static Map<String, Object> outcome(ClusterScenario s) throws SQLException {
        return Map.of(
                "usage", s.rows("SELECT module_id, org_id, billing_type, asset_id, quantity, usage_date, source_record_id"
                        + " FROM usage_record ORDER BY module_id, source_record_id, billing_type"),
                "quarantine", s.rows("SELECT module_id, reason, payload FROM quarantine ORDER BY module_id, reason"),
                "quantities", s.rows("SELECT contract_id, service_id, usage_date, quantity FROM daily_quantity ORDER BY 1, 2, 3"),
                "psa", s.psaUnits(),
                "adjustments", s.fixture.psa.adjustments().stream().map(Object::toString).sorted().toList());
    }
}
