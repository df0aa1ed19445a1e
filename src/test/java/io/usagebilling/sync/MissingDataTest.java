package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.CallbackClient;
import io.usagebilling.sim.ModuleUsageGenerator.Usage;
import io.usagebilling.sim.psa.AutotaskSimulator.Adjustment;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pushed module that sent nothing for a day is missing data, not zero usage: its lines wait (the
 * PSA keeps its units) and the run says so, until the module's usage or its word that the day is
 * complete arrives. Over HTTP callbacks and real drop folders.
 */
class MissingDataTest {

    private static final LocalDate SEP_27 = LocalDate.of(2026, 9, 27);
    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);
    private static final String SECRET = "vulscan-secret";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BillingFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aCallbackModuleThatSentNothingWaitsUntilItsUsageOrItsCompleteDayArrives() throws Exception {
        BillingApp app = startWithVulscan();
        CallbackClient vulscan = new CallbackClient(fixture.baseUrl());

        SyncSummary silent = app.syncDay(SEP_28);

        assertThat(silent.missingModules()).containsExactly("vulscan");
        assertThat(silent.complete()).isFalse();
        assertThat(silent.line()).contains(" missing=[vulscan]");
        assertThat(fixture.psa.unitsOn(70, 700, SEP_28)).as("an outage is not a drop to zero").isEqualByComparingTo("5");
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + "/observe/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"DEGRADED\"",
                "\"usage\":{\"status\":\"DEGRADED\",\"detail\":\"sync of 2026-09-28: missing data from vulscan (their lines wait)\"}");

        vulscan.push("vulscan", SECRET, SEP_28, List.of(new Usage("r1", "acme-1", "Acme", "ip-addresses", null, new BigDecimal("3"))));
        SyncSummary arrived = app.syncDay(SEP_28);
        assertThat(arrived.missingModules()).isEmpty();
        assertThat(fixture.psa.unitsOn(70, 700, SEP_28)).isEqualByComparingTo("3");

        vulscan.completeDay("vulscan", SECRET, SEP_29); // nothing in use that day, and it says so
        assertThat(app.syncDay(SEP_29).missingModules()).isEmpty();
        assertThat(fixture.psa.adjustments()).containsExactly(
                new Adjustment(70, 700, SEP_28, new BigDecimal("-2")), new Adjustment(70, 700, SEP_29, new BigDecimal("-3")));
    }

    /** Reported: a corrected re-send (10 -> 12) was dropped; now the next sync delivers it at that day. */
    @Test
    void aCorrectionOfASyncedDayReachesThePsaWithTheNextSync() throws Exception {
        BillingApp app = startWithVulscan();
        CallbackClient vulscan = new CallbackClient(fixture.baseUrl());
        vulscan.push("vulscan", SECRET, SEP_28, List.of(new Usage("r1", "acme-1", "Acme", "ip-addresses", null, new BigDecimal("10"))));
        vulscan.push("vulscan", SECRET, SEP_29, List.of(new Usage("r1", "acme-1", "Acme", "ip-addresses", null, new BigDecimal("10"))));
        app.syncDay(SEP_28);
        app.syncDay(SEP_29);

        String answer = vulscan.push("vulscan", SECRET, SEP_28,
                List.of(new Usage("r1", "acme-1", "Acme", "ip-addresses", null, new BigDecimal("12"))));
        assertThat(answer).contains("\"corrected\":1");
        app.syncDay(SEP_29);

        assertThat(fixture.psa.unitsOn(70, 700, SEP_28)).isEqualByComparingTo("12");
        assertThat(fixture.psa.unitsOn(70, 700, SEP_29)).as("the next day keeps its own usage").isEqualByComparingTo("10");
    }

    @Test
    void aCsvModuleWithoutAFileWaitsAndAnEmptyFileNamedForTheDayCompletesIt() throws Exception {
        fixture = new BillingFixture().with("billing.mappings-dir", "src/test/resources/timeline-mappings")
                .with("billing.drop-poll-ms", "100");
        fixture.psa.addCompany(101, "Acme Dental");
        fixture.psa.addContract(11, 101, "Backup");
        fixture.psa.addLine(11, 600, BigDecimal.TEN, LocalDate.of(2026, 9, 1));
        BillingApp app = fixture.start();

        assertThat(app.syncDay(SEP_27).missingModules()).containsExactly("kaseya-online-backup");
        assertThat(fixture.psa.writeCount()).isZero();

        drop("kob-2026-09-27.csv", "siteId,siteName,machine,usedGb,date\n"); // the header only: nothing that day
        assertThat(app.syncDay(SEP_27).missingModules()).isEmpty();
        assertThat(fixture.psa.adjustments()).containsExactly(new Adjustment(11, 600, SEP_27, new BigDecimal("-10")));
    }

    @Test
    void afterTheCutOffAModuleWithDataOnRecordThatSentNothingIsTakenAsNothingInUse() throws Exception {
        fixture = new BillingFixture().with("billing.mappings-dir", "src/test/resources/timeline-mappings")
                .with("billing.drop-poll-ms", "100").with("billing.pushed-cutoff-hours", "24");
        fixture.psa.addCompany(101, "Acme Dental");
        fixture.psa.addContract(11, 101, "Backup");
        fixture.psa.addLine(11, 600, BigDecimal.TEN, LocalDate.of(2026, 9, 1));
        BillingApp app = fixture.start();
        assertThat(app.syncDay(SEP_27).missingModules()).as("nothing on record yet: it waits").containsExactly("kaseya-online-backup");

        drop("kob-2026-09-27.csv", "siteId,siteName,machine,usedGb,date\nkob-acme,Acme,m-1,7,2026-09-27\n");
        assertThat(app.syncDay(SEP_27).missingModules()).isEmpty();
        assertThat(app.syncDay(SEP_28).missingModules()).as("no file for the 28th, long past the cut-off").isEmpty();
        assertThat(fixture.psa.unitsOn(11, 600, SEP_28)).isZero();
        assertThat(fixture.psa.unitsOn(11, 600, SEP_27)).isEqualByComparingTo("7");
    }

    /** The callback module vulscan, mapped to Acme's contract 70, service 700 (5 units from 1 Sep). */
    private BillingApp startWithVulscan() throws Exception {
        fixture = new BillingFixture().withHttpServer().with("billing.mappings-dir", "src/test/resources/callback-mappings")
                .with("callbacks.vulscan.secret", SECRET).with("callbacks.darkweb-id.secret", "darkweb-secret");
        fixture.psa.addCompany(1, "Acme");
        fixture.psa.addContract(70, 1, "Security");
        fixture.psa.addLine(70, 700, new BigDecimal("5"), LocalDate.of(2026, 9, 1));
        return fixture.start();
    }

    private void drop(String name, String text) throws Exception {
        Path folder = Files.createDirectories(fixture.dropDir.resolve("kaseya-online-backup"));
        Files.writeString(folder.resolve(name + ".part"), text);
        Files.move(folder.resolve(name + ".part"), folder.resolve(name));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!Files.exists(folder.resolve("done").resolve(name))) {
            assertThat(Instant.now()).as(name + " read").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
