package io.usagebilling.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.cli.Cli;
import io.usagebilling.support.BillingFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The Quartz trigger in routes/invoicing/month-close-trigger.camel.yaml closes the tenant's previous month; CLI arguments. */
class MonthCloseTriggerTest {

    // UTC−11: on the 1st of a UTC month the tenant is still in the month before for eleven hours.
    private static final ZoneId TENANT = ZoneId.of("Pacific/Pago_Pago");

    @Test
    void theScheduledCloseClosesTheTenantsPreviousMonth() throws Exception {
        YearMonth before = YearMonth.from(LocalDate.now(TENANT)).minusMonths(1);
        try (BillingFixture fixture = new BillingFixture()
                .with("billing.time-zone", TENANT.getId())
                .with("billing.month-close.cron", "0/1 * * * * ?")) {
            fixture.start();
            LocalDate closed = fixture.awaitFirstRow("SELECT usage_month FROM billing_month ORDER BY closed_at LIMIT 1",
                    LocalDate.class, "the month close trigger firing");
            assertThat(YearMonth.from(closed)).isIn(before, YearMonth.from(LocalDate.now(TENANT)).minusMonths(1));
        }
    }

    @Test
    void closeAndFinalizeNeedAValidMonth() {
        assertThat(exitCode("close")).isEqualTo(2);
        assertThat(exitCode("close", "--month", "2026-13")).isEqualTo(2);
        assertThat(exitCode("close", "--date", "2026-09-01")).isEqualTo(2);
        assertThat(exitCode("finalize", "--month", "September")).isEqualTo(2);
    }

    private static int exitCode(String... args) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Cli.run(args, quiet, quiet);
    }
}
