package io.usagebilling.licenses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.domain.License;
import io.usagebilling.domain.LicenseCounters;
import io.usagebilling.support.BillingFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** License management on PostgreSQL (e2e mappings: site-a1 is Acme 101, site-b is Birch 102). */
class LicenseStoreTest {

    private static final LocalDate SEP_10 = LocalDate.of(2026, 9, 10);
    private static final LocalDate SEP_15 = LocalDate.of(2026, 9, 15);

    private BillingFixture fixture;
    private LicenseStore licenses;

    @BeforeEach
    void start() throws Exception {
        fixture = new BillingFixture();
        fixture.start();
        licenses = new LicenseStore(fixture.dataSource());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aTrialStartsOnceWhenAnAgentFirstReports() throws Exception {
        usage("site-a1", "dev-1", SEP_10);
        usage("site-a1", "dev-1", SEP_10.plusDays(1));
        usage("site-b", "dev-9", SEP_15);
        usage("site-x", "dev-unmapped", SEP_15); // no company to license it to
        assertThat(licenses.startTrials()).isEqualTo(2);
        assertThat(licenses.startTrials()).isZero();
        License acme = licenses.list(new LicenseStore.Filter(101L, null, null)).get(0);
        assertThat(acme.assetId()).isEqualTo("dev-1");
        assertThat(acme.allocatedOn()).isEqualTo(SEP_10);
        assertThat(acme.trialEnds()).isEqualTo(LocalDate.of(2026, 9, 23));
        // Released, then the agent reports again: no second trial for the same instance.
        licenses.release(acme.id(), SEP_15);
        usage("site-a1", "dev-1", SEP_15.plusDays(1));
        assertThat(licenses.startTrials()).isZero();
    }

    @Test
    void allocateChangeRenewReleaseAndGroupAutoRenewalWithHistory() {
        long a = licenses.allocate(101, "datto-rmm", "devices", "dev-1", SEP_10);
        long b = licenses.allocate(101, "datto-rmm", "devices", null, SEP_10);
        long c = licenses.allocate(102, "datto-rmm", "devices", "dev-7", SEP_10);
        licenses.change(b, "devices", SEP_15);
        licenses.setAutoRenew(List.of(a, b), false, SEP_15);
        licenses.release(c, SEP_15);

        List<License> acme = licenses.list(new LicenseStore.Filter(101L, "datto-rmm/devices", null));
        assertThat(acme).extracting(License::validUntil).containsOnly(LocalDate.of(2026, 9, 30));
        assertThat(LicenseCounters.of(licenses.list(new LicenseStore.Filter(null, null, null)), SEP_15))
                .isEqualTo(new LicenseCounters(3, 0, 2, 1, 1));
        // In October the two with auto-renewal off have lapsed and the released one is gone.
        assertThat(licenses.list(new LicenseStore.Filter(null, null, YearMonth.of(2026, 10)))).isEmpty();
        assertThat(licenses.list(new LicenseStore.Filter(null, null, YearMonth.of(2026, 9)))).hasSize(3);

        licenses.renew(c, SEP_15.plusDays(1));
        licenses.renew(a, SEP_15.plusDays(1));
        assertThat(licenses.list(new LicenseStore.Filter(null, null, YearMonth.of(2026, 10))))
                .extracting(License::id).containsExactly(a, c);

        assertThat(licenses.history(new LicenseStore.Filter(101L, null, YearMonth.of(2026, 9))))
                .extracting(e -> e.licenseId() + " " + e.date() + " " + e.action() + ": " + e.detail())
                .containsExactly(
                        a + " 2026-09-10 allocate: datto-rmm/devices for dev-1",
                        b + " 2026-09-10 allocate: datto-rmm/devices",
                        b + " 2026-09-15 change: datto-rmm/devices -> datto-rmm/devices",
                        a + " 2026-09-15 disable auto-renewal: valid until 2026-09-30",
                        b + " 2026-09-15 disable auto-renewal: valid until 2026-09-30",
                        a + " 2026-09-16 renew: auto-renewal on");
    }

    @Test
    void aReleasedLicenseCannotBeChangedUntilRenewed() {
        long a = licenses.allocate(101, "datto-rmm", "devices", "dev-1", SEP_10);
        licenses.release(a, SEP_15);
        assertThatThrownBy(() -> licenses.change(a, "devices", SEP_15))
                .hasMessage("license " + a + " was released on 2026-09-15; renew it first");
        assertThatThrownBy(() -> licenses.release(999, SEP_15)).hasMessage("no license 999");
    }

    private void usage(String org, String asset, LocalDate day) throws Exception {
        try (Connection c = fixture.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO usage_record (module_id, org_id, org_name, billing_type, asset_id, quantity, usage_date,
                    source_record_id) VALUES ('datto-rmm', ?, ?, 'devices', ?, 1, ?, ?)""")) {
            ps.setString(1, org);
            ps.setString(2, org);
            ps.setString(3, asset);
            ps.setObject(4, day);
            ps.setString(5, asset);
            ps.executeUpdate();
        }
    }
}
