package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.DattoRmmSimulator.Site;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unmapped organizations are never silent: listed with their unbilled unit-days, priced in money, and
 * suggestions; a mapped organization whose company has no service line for its usage is listed too.
 */
class UnmappedReportTest {

    @Test
    void listsUnmappedOrganizationsWithUnbilledUsageInMoneyAndLikelyCompanies() throws Exception {
        try (BillingFixture fixture = new BillingFixture()) {
            fixture.psa.addCompany(101, "Acme Dental");
            fixture.psa.addContract(11, 101, "Managed Devices");
            fixture.psa.addLine(11, 500, BigDecimal.ZERO, LocalDate.of(2026, 9, 1));
            BillingApp app = fixture.start();
            for (int day = 1; day <= 2; day++) {
                fixture.rmm.setSites(List.of(
                        new Site(1, "site-a1", "Acme Dental - Main", 5),
                        new Site(2, "site-new", "ACME Dental, Inc. - Lab", 3 + day),
                        new Site(3, "site-x", "Northwind Traders", 2),
                        new Site(4, "site-b", "Birch Logistics", 6)));
                app.syncDay(LocalDate.of(2026, 9, day));
            }

            fixture.execute("DELETE FROM service_mapping WHERE company_id = 102"); // Birch's line is gone


            // 3.00 USD a device-month, prorated by day over September's 30 days: 9 device-days are 0.90 USD
            UnmappedReport reports = app.bean(UnmappedReport.class);
            UnmappedReport.Report report = reports.report();
            assertThat(reports.lines(report)).containsExactly(
                    "unmapped: datto-rmm site-new \"ACME Dental, Inc. - Lab\" unit_days=9 days=2 unbilled=0.90 USD"
                            + " (devices 9 unit-days 0.90 USD) seen=2026-09-01..2026-09-02 suggestions=101 \"Acme Dental\" 0.94",
                    "unmapped: datto-rmm site-x \"Northwind Traders\" unit_days=4 days=2 unbilled=0.40 USD"
                            + " (devices 4 unit-days 0.40 USD) seen=2026-09-01..2026-09-02 suggestions=none",
                    "mapped, no service line: datto-rmm site-b \"Birch Logistics\" company=102 billing_type=devices"
                            + " unit_days=12 days=2");
            assertThat(report.suggestions()).isEqualTo(1);
        }
    }
}
