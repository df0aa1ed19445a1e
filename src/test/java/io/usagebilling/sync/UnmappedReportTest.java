package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.DattoRmmSimulator.Site;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unmapped organizations are never silent: listed with their unbilled unit-days and suggestions. */
class UnmappedReportTest {

    @Test
    void listsUnmappedOrganizationsWithUnbilledUnitDaysAndLikelyCompanies() throws Exception {
        try (BillingFixture fixture = new BillingFixture()) {
            fixture.psa.addCompany(101, "Acme Dental");
            fixture.psa.addContract(11, 101, "Managed Devices");
            fixture.psa.addContractService(11, 500, BigDecimal.ZERO, LocalDate.of(2026, 9, 1));
            BillingApp app = fixture.start();
            for (int day = 1; day <= 2; day++) {
                fixture.rmm.setSites(List.of(
                        new Site(1, "site-a1", "Acme Dental - Main", 5),
                        new Site(2, "site-new", "ACME Dental, Inc. - Lab", 3 + day),
                        new Site(3, "site-x", "Northwind Traders", 2)));
                app.syncDay(LocalDate.of(2026, 9, day));
            }

            UnmappedReport.Report report = UnmappedReport.of(fixture.dataSource());

            assertThat(report.lines()).containsExactly(
                    "unmapped: datto-rmm site-new \"ACME Dental, Inc. - Lab\" unit_days=9 days=2 seen=2026-09-01..2026-09-02"
                            + " suggestions=101 \"Acme Dental\" 0.94",
                    "unmapped: datto-rmm site-x \"Northwind Traders\" unit_days=4 days=2 seen=2026-09-01..2026-09-02"
                            + " suggestions=none");
            assertThat(report.suggestions()).isEqualTo(1);
        }
    }
}
