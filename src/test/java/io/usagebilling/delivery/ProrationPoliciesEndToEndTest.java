package io.usagebilling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.psa.AutotaskSimulator.Adjustment;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * daily vs month_end over a whole month through the real daily syncs: Birch (daily) and Cobalt
 * (month_end) see the same devices in October 2026: 5 until the 14th, 8 from the 15th (a mid-month
 * increase), 0 from the 25th (a drop to zero). On 30 Sep Birch has 4 and Cobalt 3.
 */
class ProrationPoliciesEndToEndTest {

    private static final LocalDate SEP_30 = LocalDate.of(2026, 9, 30);
    private static final LocalDate OCT_01 = LocalDate.of(2026, 10, 1);
    private static final LocalDate OCT_15 = LocalDate.of(2026, 10, 15);
    private static final LocalDate OCT_25 = LocalDate.of(2026, 10, 25);
    private static final LocalDate NOV_01 = LocalDate.of(2026, 11, 1);

    @Test
    void dailyFollowsEveryChangeWhileMonthEndSendsTheLastDayOnce() throws Exception {
        try (BillingFixture fixture = new BillingFixture().withThreeContracts()) {
            syncSeptember30ThroughOctober(fixture);
            assertDelivered(fixture);
        }
    }

    private static void syncSeptember30ThroughOctober(BillingFixture fixture) throws Exception {
        BillingApp app = fixture.start();
        fixture.showSites(5, 3, 4, 3);
        app.syncDay(SEP_30);
        for (LocalDate day = OCT_01; day.isBefore(NOV_01); day = day.plusDays(1)) {
            int devices = day.isBefore(OCT_15) ? 5 : day.isBefore(OCT_25) ? 8 : 0;
            fixture.showSites(5, 3, devices, devices);
            assertThat(app.syncDay(day).complete()).as(day.toString()).isTrue();
        }
    }

    private static void assertDelivered(BillingFixture fixture) throws Exception {

        assertThat(fixture.psa.adjustments()).filteredOn(a -> a.contractId() == 12).containsExactly(
                new Adjustment(12, 500, OCT_01, BigDecimal.ONE),
                new Adjustment(12, 500, OCT_15, new BigDecimal("3")),
                new Adjustment(12, 500, OCT_25, new BigDecimal("-8")));
        assertThat(fixture.psa.unitsOn(12, 500, OCT_15.minusDays(1))).isEqualByComparingTo("5");
        assertThat(fixture.psa.unitsOn(12, 500, OCT_15)).isEqualByComparingTo("8");
        assertThat(fixture.psa.unitsOn(12, 500, OCT_25)).isEqualByComparingTo("0");

        // month_end: September's last day effective 1 Oct, then October's last day (zero) effective 1 Nov
        assertThat(fixture.psa.adjustments()).filteredOn(a -> a.contractId() == 13).containsExactly(
                new Adjustment(13, 500, OCT_01, new BigDecimal("3")),
                new Adjustment(13, 500, NOV_01, new BigDecimal("-3")));
        assertThat(fixture.psa.unitsOn(13, 500, OCT_15)).isEqualByComparingTo("3");
        assertThat(fixture.psa.unitsOn(13, 500, OCT_25)).isEqualByComparingTo("3");
        assertThat(fixture.psa.unitsOn(13, 500, NOV_01)).isEqualByComparingTo("0");

        // the full day-by-day history is kept for both, whatever was sent
        assertThat(fixture.count("SELECT count(*) FROM daily_quantity WHERE contract_id IN (12, 13)")).isEqualTo(64);
        assertThat(fixture.text("SELECT quantity FROM daily_quantity WHERE contract_id = 13 AND usage_date = '2026-10-20'"))
                .isEqualTo("8.0000");
    }
}
