package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.app.BillingApp;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.sim.psa.AutotaskSimulator.Adjustment;
import io.usagebilling.sim.psa.AutotaskSimulator.Fault;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daily sync through the real routes: Datto RMM simulator over paged HTTP, PostgreSQL, the
 * Autotask simulator over HTTP. Contract 11 (Acme: two sites) and 12 (Birch) prorate daily;
 * contract 13 (Cobalt) is month_end.
 */
class DailySyncEndToEndTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);
    private static final LocalDate SEP_30 = LocalDate.of(2026, 9, 30);
    private static final LocalDate OCT_01 = LocalDate.of(2026, 10, 1);

    private BillingFixture fixture;
    private BillingApp app;

    @BeforeEach
    void start() throws Exception {
        fixture = new BillingFixture().withThreeContracts();
        app = fixture.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void deliversExactlyTheDailyChangesAndMonthEndQuantities() throws Exception {
        SyncSummary day1 = sync(SEP_28, 5, 3, 4, 7);
        assertThat(day1.records()).isEqualTo(5);
        assertThat(day1.quarantined()).isEqualTo(1);
        assertThat(day1.orgs()).isEqualTo(5);
        assertThat(day1.unmapped()).isEqualTo(1);
        assertThat(day1.lines()).isEqualTo(3);
        // Line 12 was never told: read (4 units, as usage), confirmed without a write.
        assertThat(day1.changed()).isEqualTo(2);
        assertThat(day1.adjustments()).isEqualTo(1);

        sync(SEP_29, 6, 3, 0, 8);
        sync(SEP_30, 6, 3, 0, 9);
        sync(OCT_01, null, 3, 2, 9);

        // lines are delivered side by side: each change once, in any order across lines
        assertThat(fixture.psa.adjustments()).containsExactlyInAnyOrder(
                new Adjustment(11, 500, SEP_28, new BigDecimal("-2")),
                new Adjustment(11, 500, SEP_29, BigDecimal.ONE),
                new Adjustment(12, 500, SEP_29, new BigDecimal("-4")),
                new Adjustment(13, 500, OCT_01, new BigDecimal("9")),
                new Adjustment(11, 500, OCT_01, new BigDecimal("-6")),
                new Adjustment(12, 500, OCT_01, new BigDecimal("2")));
        assertThat(fixture.psa.unitsOn(11, 500, SEP_29)).isEqualByComparingTo("9");
        assertThat(fixture.psa.unitsOn(12, 500, SEP_30)).isEqualByComparingTo("0");
        assertThat(fixture.psa.unitsOn(11, 500, OCT_01)).isEqualByComparingTo("3");
        assertThat(fixture.psa.unitsOn(12, 500, OCT_01)).isEqualByComparingTo("2");
        assertThat(fixture.psa.unitsOn(13, 500, OCT_01)).isEqualByComparingTo("9");
        assertThat(fixture.psa.implicitServiceLines()).isEmpty();
        assertThat(count("SELECT count(*) FROM daily_quantity")).isEqualTo(12);
    }

    @Test
    void theDailySyncRouteRefusesADayThatIsNotOverWhoeverCallsIt() throws Exception {
        LocalDate today = app.calendar().today();
        fixture.showSites(5, 3, 4, 7);

        assertThatThrownBy(() -> app.syncDay(today)).hasRootCauseInstanceOf(TenantCalendar.DayRefused.class)
                .rootCause().hasMessageContaining(today + " is not over yet in ");
        assertThatThrownBy(() -> app.syncDay(today.plusDays(1))).rootCause().hasMessageContaining("is not over yet");
        assertThat(fixture.count("SELECT count(*) FROM sync_run")).isZero();
        assertThat(fixture.psa.requestCount()).isZero();
    }

    @Test
    void runningTheSameDayAgainSendsNothing() throws Exception {
        sync(SEP_28, 5, 3, 4, 7);
        long requestsBefore = fixture.psa.requestCount();
        long writesBefore = fixture.psa.writeCount();

        SyncSummary again = sync(SEP_28, 5, 3, 4, 7);

        assertThat(again.records()).as("the day's snapshot, collected again").isEqualTo(5);
        assertThat(again.corrected()).isZero();
        assertThat(again.quarantined()).isZero();
        assertThat(again.changed()).isZero();
        assertThat(again.adjustments()).isZero();
        assertThat(again.psaRequests()).isZero();
        assertThat(fixture.psa.requestCount()).isEqualTo(requestsBefore);
        assertThat(fixture.psa.writeCount()).isEqualTo(writesBefore);
        assertThat(count("SELECT count(*) FROM usage_record")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM quarantine")).isEqualTo(1);
    }

    @Test
    void aFailedModuleDeliversNothingRatherThanZeros() throws Exception {
        sync(SEP_28, 5, 3, 4, 7);
        long writesBefore = fixture.psa.writeCount();
        fixture.rmm.failNextRequests(10, 503);

        SyncSummary failed = sync(SEP_29, 0, 0, 0, 0);

        assertThat(failed.failedModules()).singleElement().asString()
                .startsWith("datto-rmm: HttpOperationFailedException").contains("503");
        assertThat(failed.complete()).isFalse();
        assertThat(failed.lines()).isZero();
        assertThat(fixture.psa.writeCount()).isEqualTo(writesBefore);
        assertThat(text("SELECT status FROM sync_run ORDER BY id DESC LIMIT 1")).isEqualTo("failed");
    }

    @Test
    void anAdjustmentWhoseAnswerWasLostIsNotSentTwice() throws Exception {
        fixture.psa.failNextAdjustment(Fault.HTTP_500_AFTER_APPLY);
        SyncSummary lost = sync(SEP_28, 5, 3, 4, 7);
        assertThat(lost.undelivered()).isEqualTo(1);
        assertThat(text("SELECT status FROM delivery_ledger WHERE contract_id = 11")).isEqualTo("unknown");

        SyncSummary resumed = sync(SEP_28, 5, 3, 4, 7);

        assertThat(resumed.undelivered()).isZero();
        assertThat(resumed.adjustments()).isZero();
        assertThat(resumed.unknownsResolved()).isEqualTo(1);
        assertThat(resumed.psaRequests()).isEqualTo(2); // the tenant's threshold, the re-read that finds the change applied
        assertThat(fixture.psa.adjustments()).containsExactly(new Adjustment(11, 500, SEP_28, new BigDecimal("-2")));
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("8");
        assertThat(text("SELECT status FROM delivery_ledger WHERE contract_id = 11")).isEqualTo("confirmed");
    }

    private SyncSummary sync(LocalDate day, Integer a1, int a2, int b, int c) {
        fixture.showSites(a1, a2, b, c);
        return app.syncDay(day);
    }

    private long count(String sql) throws SQLException {
        return fixture.count(sql);
    }

    private String text(String sql) throws SQLException {
        return fixture.text(sql);
    }

    /** A day collected again with a site's count changed: a correction, counted, and the PSA follows it. */
    @Test
    void aDayCollectedAgainWithAChangedCountCorrectsIt() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        assertThat(app.syncDay(SEP_28).corrected()).isZero();
        fixture.showSites(6, 3, 4, 7);

        SyncSummary again = app.syncDay(SEP_28);

        assertThat(again.corrected()).isEqualTo(1);
        assertThat(again.line()).contains(" corrected=1 ");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("9");
    }
}
