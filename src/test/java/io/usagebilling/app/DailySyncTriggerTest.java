package io.usagebilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.BillingFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The Quartz trigger in routes/daily-sync-trigger.camel.yaml syncs yesterday in the tenant's zone. */
class DailySyncTriggerTest {

    // UTC+14: for ten hours of every UTC day its "yesterday" is UTC's "today".
    private static final ZoneId TENANT = ZoneId.of("Pacific/Kiritimati");

    @Test
    void theScheduledSyncCollectsTheTenantsYesterday() throws Exception {
        LocalDate before = LocalDate.now(TENANT).minusDays(1);
        try (BillingFixture fixture = new BillingFixture()
                .with("billing.time-zone", TENANT.getId())
                .with("billing.daily-sync.cron", "0/1 * * * * ?")) {
            fixture.start();
            LocalDate synced = firstSyncedDate(fixture);
            assertThat(synced).isIn(before, LocalDate.now(TENANT).minusDays(1));
        }
    }

    private static LocalDate firstSyncedDate(BillingFixture fixture) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = fixture.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT usage_date FROM sync_run ORDER BY id LIMIT 1")) {
                if (rs.next()) {
                    return rs.getObject(1, LocalDate.class);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the daily sync trigger did not fire within 20 s");
    }
}
