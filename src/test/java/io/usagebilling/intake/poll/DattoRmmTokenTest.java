package io.usagebilling.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.sync.SyncSummary;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Datto RMM's tokens, through the daily sync against the simulator (pages of two, four pages a day):
 * one comes from the password grant with the API key and secret, serves while valid, and is replaced
 * when it expires or is refused, once; they last 100 hours, so a fixed token fails after four days.
 */
class DattoRmmTokenTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);

    private BillingFixture fixture;
    private BillingApp app;

    @BeforeEach
    void start() throws Exception {
        fixture = new BillingFixture().withThreeContracts();
        app = fixture.start();
        fixture.showSites(5, 3, 4, 7);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void oneTokenFromThePasswordGrantServesEveryPageWhileValid() throws Exception {
        SyncSummary first = app.syncDay(SEP_28);
        SyncSummary second = app.syncDay(SEP_29);

        assertThat(first.failedModules()).isEmpty();
        assertThat(second.failedModules()).isEmpty();
        assertThat(second.records()).isEqualTo(5);
        assertThat(fixture.rmm.tokenRequests()).isEqualTo(1);
        assertThat(fixture.rmm.answered(401)).isZero();
    }

    @Test
    void aTokenAtTheEndOfItsLifetimeIsReplacedBeforeTheApiRefusesIt() throws Exception {
        fixture.rmm.setTokenLifetime(Duration.ofSeconds(3));
        app.syncDay(SEP_28);
        Thread.sleep(3_100);

        SyncSummary later = app.syncDay(SEP_29);

        assertThat(later.failedModules()).isEmpty();
        assertThat(later.records()).isEqualTo(5);
        assertThat(fixture.rmm.tokenRequests()).isEqualTo(2);
        assertThat(fixture.rmm.answered(401)).isZero();
    }

    @Test
    void aTokenTheApiNoLongerTakesIsRenewedAndThePageAskedAgain() throws Exception {
        app.syncDay(SEP_28);
        fixture.rmm.expireTokens();

        SyncSummary later = app.syncDay(SEP_29);

        assertThat(later.failedModules()).isEmpty();
        assertThat(later.records()).isEqualTo(5);
        assertThat(fixture.rmm.answered(401)).isEqualTo(1);
        assertThat(fixture.rmm.tokenRequests()).isEqualTo(2);
    }

    @Test
    void aRenewedTokenRefusedAsWellFailsTheCollectionClearlyAndChangesNothing() throws Exception {
        app.syncDay(SEP_28);
        String before = usage();
        fixture.rmm.setTokenLifetime(Duration.ZERO); // every token it issues is refused
        fixture.rmm.expireTokens();
        fixture.showSites(50, 30, 40, 70);

        SyncSummary again = app.syncDay(SEP_28);

        assertThat(again.failedModules()).singleElement().asString()
                .startsWith("datto-rmm: HttpOperationFailedException").contains("statusCode: 401")
                .endsWith("(credentials refused)");
        assertThat(fixture.rmm.answered(401)).as("asked again once, with a new token").isEqualTo(2);
        assertThat(usage()).as("the earlier snapshot stands").isEqualTo(before);
    }

    private String usage() throws Exception {
        return fixture.text("SELECT string_agg(org_id || '=' || quantity::int, ',' ORDER BY org_id) FROM current_usage");
    }
}
