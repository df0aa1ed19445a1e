package io.usagebilling.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.sync.SyncSummary;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Datto RMM's rate limit, through the daily sync against the simulator (pages of two, four pages a
 * day): a page answered 429 is asked again after the wait, not at once, since going on past the limit
 * earns a 403 and a block; a 403 stops the collection, which then changes nothing.
 */
class DattoRmmRateLimitTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);

    private BillingFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private BillingApp start(String rateLimitWaitMs) throws Exception {
        fixture = new BillingFixture().withThreeContracts().with("sources.rate-limit-wait", rateLimitWaitMs);
        BillingApp app = fixture.start();
        fixture.showSites(5, 3, 4, 7);
        return app;
    }

    @Test
    void aPageRefusedForTheRateLimitIsAskedAgainOnceTheWindowHasPassed() throws Exception {
        BillingApp app = start("2100");
        fixture.rmm.setRateLimit(2, Duration.ofSeconds(2), Duration.ofMinutes(5));

        SyncSummary day = app.syncDay(SEP_28);

        assertThat(day.failedModules()).isEmpty();
        assertThat(day.records()).isEqualTo(5);
        assertThat(fixture.rmm.answered(429)).isEqualTo(1);
        assertThat(fixture.rmm.answered(403)).isZero();
    }

    @Test
    void aBlockStopsTheCollectionClearlyAndChangesNothing() throws Exception {
        BillingApp app = start("50"); // shorter than the window: asked again while still past the limit
        app.syncDay(SEP_28);
        String before = usage();
        fixture.showSites(50, 30, 40, 70);
        fixture.rmm.setRateLimit(2, Duration.ofMinutes(1), Duration.ofMinutes(5));
        long requestsBefore = fixture.rmm.requestCount();

        SyncSummary again = app.syncDay(SEP_28);

        assertThat(again.failedModules()).singleElement().asString()
                .startsWith("datto-rmm: HttpOperationFailedException").contains("statusCode: 403")
                .contains("blocked");
        assertThat(fixture.rmm.answered(403)).isEqualTo(1);
        assertThat(fixture.rmm.requestCount() - requestsBefore).as("two pages, 429, 403, and nothing after")
                .isEqualTo(4);
        assertThat(usage()).as("the earlier snapshot stands").isEqualTo(before);
    }

    private String usage() throws Exception {
        return fixture.text("SELECT string_agg(org_id || '=' || quantity::int, ',' ORDER BY org_id) FROM current_usage");
    }
}
