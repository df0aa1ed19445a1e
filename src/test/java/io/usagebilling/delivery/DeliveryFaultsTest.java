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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exactly-once delivery under faults, through the real routes, PostgreSQL and the Autotask simulator
 * over HTTP. Day 1 (28 Sep) takes contract 11 from 10 to 8 units and confirms contract 12 at 4;
 * day 2 (29 Sep) takes 11 to 9 and 12 to 0. Whatever goes wrong, after the runs the PSA holds
 * exactly those quantities and received each change once.
 */
class DeliveryFaultsTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);
    private static final Adjustment[] EXPECTED = {
        new Adjustment(11, 500, SEP_28, new BigDecimal("-2")),
        new Adjustment(11, 500, SEP_29, BigDecimal.ONE),
        new Adjustment(12, 500, SEP_29, new BigDecimal("-4"))};

    // One line at a time: each fault is set up to meet the first line the sync delivers.
    private final BillingFixture fixture = new BillingFixture().withThreeContracts().with("psa.delivery.threads", "1");
    private BillingApp app;

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void requestsAreTheChangedLinesAndTheReadsTheyNeed() throws Exception {
        app = fixture.start();
        SyncSummary day1 = day1();
        // zone lookup; the tenant's threshold; one read of both lines; line 11's write (line 12 already holds 4);
        // line 11's read-back
        assertThat(day1.compared()).isEqualTo(2);
        assertThat(day1.changed()).isEqualTo(2);
        assertThat(day1.adjustments()).isEqualTo(1);
        assertThat(day1.psaRequests()).isEqualTo(5).isEqualTo(fixture.psa.requestCount());
        assertThat(fixture.text("SELECT summary->>'psa' || ' ' || (summary->>'compared') || ' ' || (summary->>'psaRequests')"
                + " || ' ' || (summary->>'budgetLeft') FROM sync_run ORDER BY id LIMIT 1")).isEqualTo("autotask 2 5 4995");

        SyncSummary day2 = day2();
        assertThat(day2.psaRequests()).isEqualTo(5); // the threshold; one read of both lines, two writes, one read-back
        assertThat(day2.adjustments()).isEqualTo(2);
        long writes = fixture.psa.writeCount();

        SyncSummary again = day2();
        assertThat(again.compared()).isEqualTo(2);
        assertThat(again.changed()).isZero();
        assertThat(again.psaRequests()).isZero();
        assertThat(fixture.psa.writeCount()).isEqualTo(writes);
        assertExactlyOnce();
        assertThat(fixture.text("SELECT string_agg(DISTINCT status, ',') FROM delivery_ledger")).isEqualTo("confirmed");
        assertThat(fixture.count("SELECT count(*) FROM delivery_ledger WHERE psa_units_after <> target_units")).isZero();
    }

    /** The PSA applied the change but the answer was lost: timed out, connection reset, or a 500. */
    @ParameterizedTest
    @EnumSource(names = {"DELAY_AFTER_APPLY", "RESET_AFTER_APPLY", "HTTP_500_AFTER_APPLY"})
    void aLostAnswerAfterTheChangeLandedIsResolvedByReReadingNotResending(Fault fault) throws Exception {
        app = fixture.with("psa.timeout-seconds", "1").start();
        fixture.psa.setFaultDelay(Duration.ofSeconds(3));
        fixture.psa.failNextAdjustment(fault);

        SyncSummary day1 = day1();
        assertThat(day1.undelivered()).isEqualTo(1);
        assertThat(fixture.text("SELECT status FROM delivery_ledger WHERE contract_id = 11")).isEqualTo("unknown");

        SyncSummary day2 = day2();
        assertThat(day2.unknownsResolved()).isEqualTo(1);
        assertThat(day2.complete()).isTrue();
        assertExactlyOnce();
    }

    @Test
    void a500BeforeApplyingIsSentAgainAfterTheReadShowsItMissing() throws Exception {
        app = fixture.start();
        fixture.psa.failNextAdjustment(Fault.HTTP_500_BEFORE_APPLY);

        assertThat(day1().undelivered()).isEqualTo(1);
        SyncSummary day2 = day2();

        // the unknown day-1 change read as missing, so it was sent (once) before day 2's
        assertThat(day2.adjustments()).isEqualTo(3);
        assertThat(fixture.text("SELECT status FROM delivery_ledger WHERE contract_id = 11 AND effective_date = '2026-09-28'"))
                .isEqualTo("confirmed");
        assertExactlyOnce();
    }

    @Test
    void aRefusedIntegrationCodeIsASettingToFixAndTheChangeStaysPlanned() throws Exception {
        app = fixture.start();
        fixture.psa.failNextAdjustment(Fault.INTEGRATION_CODE_REFUSED); // Autotask's 500 with an errors body

        assertThat(day1().undelivered()).as("line 12 waits too, without a request").isEqualTo(2);
        assertThat(fixture.text("SELECT status || ' ' || error FROM delivery_ledger WHERE contract_id = 11"))
                .startsWith("planned ").contains("AUTOTASK_INTEGRATION_CODE");
        assertThat(fixture.text("SELECT status || ' ' || error FROM delivery_ledger WHERE contract_id = 12"))
                .startsWith("planned ").contains("not sent", "AUTOTASK_INTEGRATION_CODE");
        assertThat(fixture.psa.writeCount()).isZero();

        SyncSummary day2 = day2();
        assertThat(day2.unknownsResolved()).isZero();
        assertThat(day2.complete()).isTrue();
        assertExactlyOnce();
    }

    /** Settings the PSA refuses are refused for every line: the run stops asking after the first refusal. */
    @Test
    void settingsThePsaRefusesStopTheRunAtTheFirstRefusalAndEveryChangeStaysPlanned() throws Exception {
        fixture.with("psa.autotask.secret", "not-the-secret");
        app = fixture.start();

        SyncSummary day1 = day1();

        assertThat(day1.undelivered()).isEqualTo(2);
        assertThat(fixture.text("SELECT string_agg(DISTINCT status, ',') FROM delivery_ledger")).isEqualTo("planned");
        assertThat(fixture.count("SELECT count(*) FROM delivery_ledger WHERE error LIKE '%AUTOTASK_SECRET%'")).isEqualTo(2);
        assertThat(fixture.psa.requestCount()).as("the zone lookup and the one refused request, then none").isEqualTo(2);
    }

    @Test
    void a429IsWaitedOutForItsRetryAfterAndDeliveredInTheSameRun() throws Exception {
        app = fixture.start();
        fixture.psa.failNextAdjustment(Fault.HTTP_429);

        SyncSummary day1 = day1();

        assertThat(day1.complete()).isTrue();
        assertThat(day1.throttled()).isEqualTo(1);
        assertThat(day1.retries()).isEqualTo(1);
        assertThat(day1.psaRequests()).isEqualTo(6); // the 429'd write and the threshold read included
        day2();
        assertExactlyOnce();
    }

    @Test
    void aBudgetSpentMidSyncLeavesTheRestPlannedForTheNextRun() throws Exception {
        // the circuit breaker's settings as shipped: lines waiting for our own budget are not the PSA failing
        app = fixture.with("psa.budget.requests-per-hour", "3").with("psa.budget.share-percent", "100").start();

        SyncSummary day1 = day1(); // zone, threshold, the read of both lines spend it: line 12 holds its 4, line 11 waits
        assertThat(day1.budgetLeft()).isZero();
        assertThat(day1.undelivered()).isEqualTo(1);
        assertThat(fixture.text("SELECT status || ' ' || error FROM delivery_ledger WHERE contract_id = 11"))
                .startsWith("planned").contains("budget is spent");
        assertThat(fixture.text("SELECT status FROM delivery_ledger WHERE contract_id = 12")).isEqualTo("confirmed");
        assertThat(fixture.psa.requestCount()).isEqualTo(3);
        assertThat(fixture.psa.writeCount()).isZero();

        anHourPasses();
        SyncSummary day2 = day2(); // threshold, the read of both lines, line 11's day-1 change: spent again
        assertThat(day2.budgetLeft()).isZero();
        assertThat(fixture.psa.adjustments()).containsExactly(EXPECTED[0]);
        assertThat(day2.undelivered()).as("line 11's two changes and line 12's").isEqualTo(3);
        // three requests an hour: each run takes the lines further, none sends a change twice
        SyncSummary again;
        int runs = 0;
        do {
            anHourPasses();
            again = day2();
            runs++;
        } while (!again.complete() && runs < 5);
        assertThat(again.complete()).as("complete after %d more runs", runs).isTrue();
        assertExactlyOnce();
    }

    /**
     * Other integrations of the tenant spent most of Autotask's hour: a run sends no more than Autotask has
     * left. The changes sent with the last requests are read back by the next run, never sent again.
     */
    @Test
    void aTenantHourMostlySpentByOtherIntegrationsCapsOurShareAndTheRestWaitsPlanned() throws Exception {
        app = fixture.start(); // our share: 5,000 of the tenant's 10,000
        day1();
        fixture.psa.setCurrentTimeframeRequestCount(9_997); // 3 left: 2 once the threshold is read

        SyncSummary day2 = day2(); // the threshold read, the read of both lines, line 11's write; line 12 waits
        assertThat(day2.throttled()).as("429s: requests beyond Autotask's threshold").isZero();
        assertThat(day2.psaRequests()).isEqualTo(3);
        assertThat(day2.budgetLeft()).isZero();
        assertThat(day2.undelivered()).isEqualTo(2);
        assertThat(fixture.text("SELECT status || ' ' || error FROM delivery_ledger WHERE contract_id = 11"
                + " AND effective_date = '2026-09-29'")).startsWith("unknown").contains("read-back failed", "budget is spent");
        assertThat(fixture.text("SELECT status || ' ' || error FROM delivery_ledger WHERE contract_id = 12"
                + " AND effective_date = '2026-09-29'")).startsWith("planned").contains("budget is spent");

        fixture.psa.setCurrentTimeframeRequestCount(0); // Autotask's next hour, and ours
        anHourPasses();
        assertThat(day2().complete()).isTrue();
        assertExactlyOnce();
    }

    /** The budget counts requests per minute over the rolling hour: age every counted minute by an hour. */
    private void anHourPasses() throws Exception {
        fixture.execute("UPDATE psa_request_budget SET minute = minute - interval '61 minutes'");
    }

    @Test
    void aFailingPsaOpensTheCircuitAndTheRestWaitsPlannedWithoutARequestOfItsOwn() throws Exception {
        app = fixture.with("psa.circuit.minimum-calls", "2").with("psa.circuit.open-seconds", "2").start();
        fixture.psa.failNextQueries(12, 500); // the bulk read, then both lines' own reads fail, each after 3 retries

        SyncSummary day1 = day1();
        assertThat(day1.undelivered()).isEqualTo(2);
        assertThat(fixture.psa.writeCount()).isZero();
        // the failures were recorded per line, not taken for a broken run
        assertThat(fixture.text("SELECT count(*) FROM sync_run WHERE error IS NOT NULL")).isEqualTo("0");
        assertThat(fixture.text("SELECT string_agg(status, ',') FROM delivery_ledger")).isEqualTo("planned,planned");

        SyncSummary day2 = day2(); // circuit open: the two day-1 lines and day 2's two all wait
        assertThat(day2.psaRequests()).as("the run's threshold read and its read of all lines, none of a line's own")
                .isEqualTo(2);
        assertThat(day2.undelivered()).isEqualTo(4);
        assertThat(fixture.count("SELECT count(*) FROM delivery_ledger WHERE status = 'planned'"
                + " AND error LIKE '%circuit breaker is open%'")).isEqualTo(4);

        Thread.sleep(2_500); // the circuit half-opens and lets deliveries try again
        SyncSummary later = day2();
        assertThat(later.complete()).isTrue();
        assertExactlyOnce();
    }

    private SyncSummary day1() {
        fixture.showSites(5, 3, 4, 7);
        return app.syncDay(SEP_28);
    }

    private SyncSummary day2() {
        fixture.showSites(6, 3, 0, 8);
        return app.syncDay(SEP_29);
    }

    private void assertExactlyOnce() {
        // each change applied once; across lines in any order, a line's own in date order
        assertThat(fixture.psa.adjustments()).containsExactlyInAnyOrder(EXPECTED);
        assertThat(fixture.psa.adjustments().stream().filter(a -> a.contractId() == 11))
                .containsExactly(EXPECTED[0], EXPECTED[1]);
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("8");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_29)).isEqualByComparingTo("9");
        assertThat(fixture.psa.unitsOn(12, 500, SEP_28)).isEqualByComparingTo("4");
        assertThat(fixture.psa.unitsOn(12, 500, SEP_29)).isEqualByComparingTo("0");
        assertThat(fixture.psa.implicitServiceLines()).isEmpty();
    }
}
