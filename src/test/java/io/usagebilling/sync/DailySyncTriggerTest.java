package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.BillingFixture;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The Quartz trigger in routes/sync/daily-sync-trigger.camel.yaml syncs yesterday in the tenant's zone. */
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
            LocalDate synced = fixture.awaitFirstRow("SELECT usage_date FROM sync_run ORDER BY id LIMIT 1", LocalDate.class,
                    "the daily sync trigger firing");
            assertThat(synced).isIn(before, LocalDate.now(TENANT).minusDays(1));
        }
    }
}
