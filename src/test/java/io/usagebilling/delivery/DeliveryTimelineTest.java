package io.usagebilling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.psa.AutotaskSimulator.Adjustment;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PSA line's units are a step function and an adjustment applies from its effective date onwards:
 * a day synced again after later days were delivered must leave every later date as the usage says.
 * Usage arrives as CSV files dropped in the module's folder, some of them late.
 */
class DeliveryTimelineTest {

    private static final LocalDate SEP_27 = LocalDate.of(2026, 9, 27);
    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_30 = LocalDate.of(2026, 9, 30);
    private static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);
    private static final LocalDate OCT_31 = LocalDate.of(2026, 10, 31);
    private static final LocalDate NOV_1 = LocalDate.of(2026, 11, 1);

    private BillingFixture fixture;
    private BillingApp app;

    @BeforeEach
    void start() throws Exception {
        fixture = new BillingFixture().with("billing.mappings-dir", "src/test/resources/timeline-mappings")
                .with("billing.drop-poll-ms", "100");
        fixture.psa.addCompany(101, "Acme Dental");
        fixture.psa.addCompany(103, "Cobalt Legal");
        fixture.psa.addContract(11, 101, "Backup");
        fixture.psa.addContract(13, 103, "Backup");
        fixture.psa.addLine(11, 600, BigDecimal.ZERO, LocalDate.of(2026, 9, 1));
        fixture.psa.addLine(13, 600, BigDecimal.ZERO, LocalDate.of(2026, 9, 1));
        app = fixture.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** The reported case: day 1's CSV came late, so day 1 went out as 0 and day 2 as 15; then day 1 arrived (17). */
    @Test
    void aLateDayResyncedCompensatesTheLaterDayItShifted() throws Exception {
        app.syncDay(SEP_27); // no file yet: 0, as the PSA already has
        drop("acme-2026-09-28.csv", "kob-acme,Acme Dental,pc-1,15,2026-09-28");
        app.syncDay(SEP_28);
        drop("acme-2026-09-27.csv", "kob-acme,Acme Dental,pc-1,17,2026-09-27");

        app.syncDay(SEP_27);

        assertThat(fixture.psa.unitsOn(11, 600, SEP_27)).isEqualByComparingTo("17");
        assertThat(fixture.psa.unitsOn(11, 600, SEP_28)).as("the usage of 28 Sep is still 15").isEqualByComparingTo("15");
        long writes = fixture.psa.writeCount();
        app.syncDay(SEP_28);
        assertThat(fixture.psa.writeCount()).as("28 Sep again: nothing left to send").isEqualTo(writes);
        assertThat(fixture.psa.adjustments()).containsExactly(
                new Adjustment(11, 600, SEP_28, new BigDecimal("15")),
                new Adjustment(11, 600, SEP_27, new BigDecimal("17")),
                new Adjustment(11, 600, SEP_28, new BigDecimal("-17")));
    }

    /** A day between two delivered ones kept its units only because the day before it had them too. */
    @Test
    void anUndeliveredDayInBetweenKeepsItsUnits() throws Exception {
        drop("acme-2026-09-27.csv", "kob-acme,Acme Dental,pc-1,10,2026-09-27");
        app.syncDay(SEP_27);
        drop("acme-2026-09-28.csv", "kob-acme,Acme Dental,pc-1,10,2026-09-28"); // no change: nothing sent
        app.syncDay(SEP_28);
        drop("acme-2026-09-29.csv", "kob-acme,Acme Dental,pc-1,12,2026-09-29");
        app.syncDay(SEP_28.plusDays(1));
        drop("acme-2026-09-27b.csv", "kob-acme,Acme Dental,pc-2,3,2026-09-27"); // a second machine, found late

        app.syncDay(SEP_27);

        assertThat(fixture.psa.unitsOn(11, 600, SEP_27)).isEqualByComparingTo("13");
        assertThat(fixture.psa.unitsOn(11, 600, SEP_28)).isEqualByComparingTo("10");
        assertThat(fixture.psa.unitsOn(11, 600, SEP_28.plusDays(1))).isEqualByComparingTo("12");
    }

    @Test
    void aMonthEndLineResyncedCompensatesTheNextMonthsChange() throws Exception {
        drop("cobalt-2026-09-30.csv", "kob-cobalt,Cobalt Legal,pc-1,5,2026-09-30");
        app.syncDay(SEP_30);
        drop("cobalt-2026-10-31.csv", "kob-cobalt,Cobalt Legal,pc-1,8,2026-10-31");
        app.syncDay(OCT_31);
        drop("cobalt-2026-09-30b.csv", "kob-cobalt,Cobalt Legal,pc-2,4,2026-09-30");

        app.syncDay(SEP_30);

        assertThat(fixture.psa.unitsOn(13, 600, OCT_1)).isEqualByComparingTo("9");
        assertThat(fixture.psa.unitsOn(13, 600, NOV_1)).isEqualByComparingTo("8");
    }

    /** Writes the file under another name and renames it, then waits until the drop route has read it. */
    private void drop(String name, String row) throws Exception {
        Path folder = Files.createDirectories(fixture.dropDir.resolve("kaseya-online-backup"));
        Path part = folder.resolve(name + ".part");
        Files.writeString(part, "siteId,siteName,machine,usedGb,date\n" + row + "\n", StandardCharsets.UTF_8);
        Files.move(part, folder.resolve(name));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!Files.exists(folder.resolve("done").resolve(name))) {
            assertThat(Instant.now()).as(name + " read").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
