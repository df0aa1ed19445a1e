package io.usagebilling.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.DattoRmmSimulator;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.sync.SyncSummary;
import io.usagebilling.sync.UnmappedReport;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Every Datto RMM account lists a "Deleted Devices" pseudo-site; its devices are no client's usage, so
 * the daily sync leaves it out: not stored, not an organization to map, not quarantined.
 */
class DattoRmmDeletedDevicesTest {

    @Test
    void theDeletedDevicesPseudoSiteIsNoOrganizationsUsage() throws Exception {
        try (BillingFixture fixture = new BillingFixture().withThreeContracts()) {
            BillingApp app = fixture.start();
            fixture.showSites(5, 3, 4, 7);
            fixture.rmm.setDeletedDevices(14);

            SyncSummary day = app.syncDay(LocalDate.of(2026, 9, 28));

            assertThat(day.failedModules()).isEmpty();
            assertThat(day.records()).as("the five client sites").isEqualTo(5);
            String pseudoSite = "'" + DattoRmmSimulator.DELETED_DEVICES_UID + "'";
            assertThat(fixture.count("SELECT count(*) FROM usage_record WHERE org_id = " + pseudoSite)).isZero();
            assertThat(fixture.count("SELECT count(*) FROM organization WHERE org_id = " + pseudoSite)).isZero();
            assertThat(fixture.count("SELECT count(*) FROM quarantine WHERE payload LIKE '%Deleted Devices%'")).isZero();
            assertThat(app.bean(UnmappedReport.class).report().lines())
                    .noneMatch(line -> line.contains("Deleted Devices"))
                    .anyMatch(line -> line.contains("Northwind")); // the unmapped client site is reported
        }
    }
}
