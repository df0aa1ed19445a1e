package io.usagebilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.BillingFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The Quartz trigger in routes/month-close-trigger.camel.yaml closes the tenant's previous month; CLI arguments. */
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
            assertThat(firstClosedMonth(fixture)).isIn(before, YearMonth.from(LocalDate.now(TENANT)).minusMonths(1));
        }
    }

    @Test
    void closeAndFinalizeNeedAValidMonth() {
        assertThat(exitCode("close")).isEqualTo(2);
        assertThat(exitCode("close", "--month", "2026-13")).isEqualTo(2);
        assertThat(exitCode("close", "--date", "2026-09-01")).isEqualTo(2);
        assertThat(exitCode("finalize", "--month", "September")).isEqualTo(2);
    }

    private static YearMonth firstClosedMonth(BillingFixture fixture) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = fixture.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT usage_month FROM billing_month ORDER BY closed_at LIMIT 1")) {
                if (rs.next()) {
                    return YearMonth.from(rs.getObject(1, LocalDate.class));
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the month close trigger did not fire within 20 s");
    }

    private static int exitCode(String... args) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Cli.run(args, quiet, quiet);
    }
}
