package io.usagebilling.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.cli.Cli;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aScheduledCloseStoppedByAMissingPriceLogsOneLineNamingIt(@TempDir Path mappings) throws Exception {
        YearMonth before = YearMonth.from(LocalDate.now(TENANT)).minusMonths(1);
        BillingFixture.copyE2eMappings(mappings);
        Files.writeString(mappings.resolve("prices.yaml"), """
                prices:
                  - {module: datto-rmm, billingType: devices, currency: USD, unitPrice: 3.00, effectiveFrom: 2099-01-01}
                """);
        try (BillingFixture fixture = new BillingFixture()
                .with("billing.time-zone", TENANT.getId())
                .with("billing.mappings-dir", mappings.toString())
                .with("billing.month-close.cron", "0/1 * * * * ?");
             LogCapture log = LogCapture.of(Level.WARN)) {
            fixture.start();
            fixture.dailyQuantity(11, before, 1, 1, 5);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (log.lines().stream().noneMatch(l -> l.contains("no USD price")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(log.lines()).as("one line a close, naming what to fix").isNotEmpty().allSatisfy(line -> assertThat(line)
                    .startsWith("ERROR org.apache.camel.component.quartz.CamelJob - ").doesNotContain("\n")
                    .contains(mappings.resolve("prices.yaml") + ": no USD price for module=datto-rmm, billingType=devices in force on "
                            + before.atEndOfMonth()));
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
