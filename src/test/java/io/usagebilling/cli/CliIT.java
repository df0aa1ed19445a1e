package io.usagebilling.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.sim.psa.AutotaskSimulator.Adjustment;
import io.usagebilling.sim.psa.AutotaskSimulator.Fault;
import io.usagebilling.support.BillingFixture;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verbs as an operator runs them: {@code bin/usage-billing VERB} in a child JVM, on the fixture's database and PSA. */
class CliIT {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);

    @TempDir
    Path mappings;

    private final BillingFixture fixture = new BillingFixture().withThreeContracts();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void planPrintsThePlanAndApproveSendsItById() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        String plan = run(fixture.cli(log(), "plan", "--date", SEP_28.toString()));
        assertThat(plan).contains("sync 2026-09-28: ", "contract 11 service 500 effective 2026-09-28: 10 -> 8 (-2) held");
        assertThat(fixture.psa.writeCount()).isZero();
        Matcher id = Pattern.compile("plan (\\d+): 1 change\\(s\\), 1 waiting for approval").matcher(plan);
        assertThat(id.find()).as(plan).isTrue();

        String approved = run(fixture.cli(log(), "approve", id.group(1)));

        assertThat(approved).contains("contract 11 service 500 effective 2026-09-28: 10 -> 8 (-2) confirmed");
        assertThat(fixture.psa.adjustments()).containsExactly(new Adjustment(11, 500, SEP_28, new BigDecimal("-2")));
    }

    @Test
    void rejectTurnsAHeldPlanDownAndNothingIsSent() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        String plan = run(fixture.cli(log(), "plan", "--date", SEP_28.toString()));
        Matcher id = Pattern.compile("plan (\\d+): 1 change").matcher(plan);
        assertThat(id.find()).as(plan).isTrue();

        String rejected = run(fixture.cli(log(), "reject", id.group(1)));

        assertThat(rejected).contains("contract 11 service 500 effective 2026-09-28: 10 -> 8 (-2) rejected");
        assertThat(fixture.psa.writeCount()).isZero();
    }

    @Test
    void statusShowsTheLastRuns() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        fixture.start().syncDay(SEP_28);

        String out = run(fixture.cli(log(), "status", "--runs", "5"));

        assertThat(out).containsPattern(
                "run \\d+ 2026-09-28 succeeded started=\\S+Z seconds=[0-9.]+ units=1/1 records=5 quarantined=1 adjustments=1 instance=\\S+");
    }

    @Test
    void mappingsImportDryRunPrintsTheDiffAndAppliesNothing() throws Exception {
        BillingFixture.copyE2eMappings(mappings);
        fixture.with("billing.mappings-dir", mappings.toString()).start().close(); // the first start imports the files
        Path organizations = mappings.resolve("organizations.yaml");
        String text = Files.readString(organizations);
        assertThat(text).contains("org: site-c, company: 103}");
        Files.writeString(organizations, text.replace("org: site-c, company: 103}", "org: site-c, company: 101}"));

        ProcessBuilder cli = fixture.cli(log(), "mappings", "import", "--dry-run");
        cli.environment().put("BILLING_MAPPINGS_DIR", mappings.toString());

        assertThat(run(cli)).contains("~ organization datto-rmm site-c -> company 101",
                "mappings import --dry-run: added 0, removed 0, changed 1 (nothing applied)");
        assertThat(fixture.text("SELECT company_id FROM org_mapping WHERE org_id = 'site-c'")).isEqualTo("103");
    }

    @Test
    void syncRefusesTodayAndLaterDaysWithExitTwoAndSendsNothing() throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("America/New_York")); // the default billing.time-zone
        for (LocalDate day : List.of(today, today.plusDays(1), today.plusYears(1))) {
            Exited sync = exit(fixture.cli(log(), "sync", "--date", day.toString()));

            assertThat(sync.code()).as(sync.output()).isEqualTo(2);
            assertThat(sync.output()).contains("usage-billing: " + day + " is not over yet in America/New_York"
                    + " (today is " + today + "): only days before today can be synced");
        }
        Exited typo = exit(fixture.cli(log(), "sync", "--date", "0026-11-22")); // a mistyped year
        assertThat(typo.code()).as(typo.output()).isEqualTo(2);
        assertThat(typo.output()).contains("usage-billing: 0026-11-22 is before 2000-01-01, the earliest usage day");
        Exited range = exit(fixture.cli(log(), "sync", "--from", today.minusDays(1).toString(), "--to", today.toString()));
        assertThat(range.code()).as(range.output()).isEqualTo(2);
        Exited plan = exit(fixture.cli(log(), "plan", "--date", today.toString()));
        assertThat(plan.code()).as(plan.output()).isEqualTo(2);
        assertThat(fixture.count("SELECT count(*) FROM sync_run")).isZero();
        assertThat(fixture.psa.writeCount()).isZero();
    }

    @Test
    void syncFromToSyncsEachDayInOrder() throws Exception {
        fixture.showSites(5, 3, 4, 7);

        String out = run(fixture.cli(log(), "sync", "--from", "2026-09-26", "--to", "2026-09-28"));

        assertThat(out).containsSubsequence("sync 2026-09-26: ", "sync 2026-09-27: ", "sync 2026-09-28: ");
        assertThat(fixture.text("SELECT string_agg(usage_date::text, ',' ORDER BY id) FROM sync_run"))
                .isEqualTo("2026-09-26,2026-09-27,2026-09-28");
    }

    @Test
    void syncExitsOneNamingTheModuleThatFailed() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        fixture.rmm.failNextRequests(10, 503);

        Exited sync = exit(fixture.cli(log(), "sync", "--date", SEP_28.toString()));

        assertThat(sync.code()).as(sync.output()).isEqualTo(1);
        assertThat(sync.output()).contains("usage-billing: sync 2026-09-28: failed module datto-rmm: ");
    }

    @Test
    void syncExitsOneNamingEachChangeLeftUndelivered() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        fixture.psa.failNextAdjustment(Fault.HTTP_500_BEFORE_APPLY);

        Exited sync = exit(fixture.cli(log(), "sync", "--date", SEP_28.toString()));

        assertThat(sync.code()).as(sync.output()).isEqualTo(1);
        assertThat(sync.output()).contains("usage-billing: sync 2026-09-28: not delivered: contract 11 service 500"
                + " effective 2026-09-28: 10 -> 8 (-2) unknown");
    }

    @Test
    void reconcileExitsOneForAHandEditAndZeroOnceFixed() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        run(fixture.cli(log(), "sync", "--date", SEP_28.toString()));
        fixture.psa.handEdit(11, 500, SEP_28, BigDecimal.valueOf(3));
        String[] range = {"--from", SEP_28.toString(), "--to", SEP_28.toString()};

        Exited found = exit(fixture.cli(log(), concat("reconcile", range)));
        assertThat(found.code()).as(found.output()).isEqualTo(1);
        assertThat(found.output()).contains("drifts=1 fixed=0", "usage-billing: reconcile: drift: contract 11 service 500"
                + " 2026-09-28: the PSA holds 11, usage-billing expects 8 (+3 at the PSA)");

        String fixed = run(fixture.cli(log(), concat("reconcile", range, "--fix")));
        assertThat(fixed).contains("drifts=1 fixed=1", "change contract 11 service 500 effective 2026-09-28: 11 -> 8 (-3) confirmed");
        assertThat(run(fixture.cli(log(), concat("reconcile", range)))).contains("drifts=0");
        assertThat(exit(fixture.cli(log(), "reconcile", "--to", "2026-09-31")).code()).isEqualTo(2);
        Exited typo = exit(fixture.cli(log(), "reconcile", "--from", "0026-09-28", "--to", SEP_28.toString())); // a mistyped year
        assertThat(typo.code()).as(typo.output()).isEqualTo(2);
        assertThat(typo.output()).contains("usage-billing: reconcile from 0026-09-28: before 2000-01-01, the earliest usage day");
        Exited type = exit(fixture.cli(log(), "licenses", "--type", "nope"));
        assertThat(type.code()).as("bad input, as a bad argument: " + type.output()).isEqualTo(2);
        assertThat(type.output()).contains("usage-billing: type is MODULE/TYPE (e.g. datto-rmm/devices), not 'nope'");
    }

    @Test
    void closeDraftsTheInvoicesButExitsOneNamingTheDaysNotAllIn() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        run(fixture.cli(log(), "sync", "--date", SEP_28.toString()));
        fixture.rmm.failNextRequests(10, 503);
        exit(fixture.cli(log(), "sync", "--date", "2026-09-29"));

        Exited close = exit(fixture.cli(log(), "close", "--month", "2026-09"));

        assertThat(close.code()).as(close.output()).isEqualTo(1);
        assertThat(close.output()).contains("close 2026-09: invoices=", "usage-billing: close 2026-09: no sync of 2026-09-01..2026-09-27",
                "usage-billing: close 2026-09: the last sync of 2026-09-29 (run ", "usage-billing: close 2026-09: no sync of 2026-09-30");
    }

    private static String[] concat(String verb, String[] options, String... more) {
        List<String> all = new ArrayList<>(List.of(verb));
        all.addAll(List.of(options));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Reported: a one-shot sync raced the drop folder's poller, and the module's lines went out as a drop to zero. */
    @Test
    void aOneShotSyncTakesInTheFilesAlreadyDroppedFirst() throws Exception {
        fixture.with("billing.mappings-dir", "src/test/resources/timeline-mappings");
        fixture.psa.addContract(11, 101, "Backup");
        fixture.psa.addLine(11, 600, BigDecimal.TEN, LocalDate.of(2026, 9, 1));
        Path folder = Files.createDirectories(fixture.dropDir.resolve("kaseya-online-backup"));
        Files.writeString(folder.resolve("acme.csv"), "siteId,siteName,machine,usedGb,date\n"
                + "kob-acme,Acme Dental,pc-1,17,2026-09-28\n");

        run(fixture.cli(log(), "sync", "--date", SEP_28.toString()));

        assertThat(folder.resolve("done/acme.csv")).exists();
        assertThat(fixture.psa.adjustments()).containsExactly(new Adjustment(11, 600, SEP_28, new BigDecimal("7")));
    }

    /** Datto RMM answers with today's counts: a past day synced again keeps its night's usage, or is missing data. */
    @Test
    void aPastDayIsNotPolledAgainFromAnApiThatOnlyKnowsToday() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        fixture.start().syncDay(SEP_28); // stands for the night after 28 Sep
        long polls = fixture.rmm.requestCount();
        fixture.showSites(1, 1, 1, 1); // what the API says today

        ProcessBuilder again = fixture.cli(log(), "sync", "--date", SEP_28.toString());
        again.environment().put("DATTO_RMM_SERVES_PAST_DAYS", "false"); // as shipped
        run(again);
        ProcessBuilder never = fixture.cli(log(), "sync", "--date", SEP_28.minusDays(1).toString());
        never.environment().put("DATTO_RMM_SERVES_PAST_DAYS", "false");
        Exited missing = exit(never);

        assertThat(fixture.rmm.requestCount()).as("not polled again").isEqualTo(polls);
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).as("28 Sep keeps its night's usage").isEqualByComparingTo("8");
        assertThat(missing.code()).as(missing.output()).isEqualTo(1);
        assertThat(missing.output()).contains("usage-billing: sync 2026-09-27: missing data: datto-rmm");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28.minusDays(1))).isEqualByComparingTo("10");
    }

    /** Runs the child JVM; its output, after checking it exited 0. */
    private static String run(ProcessBuilder cli) throws Exception {
        Exited exited = exit(cli);
        assertThat(exited.code()).as(exited.output()).isZero();
        return exited.output();
    }

    private record Exited(int code, String output) {}

    private static Exited exit(ProcessBuilder cli) throws Exception {
        File log = cli.redirectOutput().file();
        Process process = cli.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Exited(process.exitValue(), Files.readString(log.toPath()));
    }

    private static File log() throws IOException {
        return Files.createTempFile(Path.of("target"), "cli-", ".log").toFile();
    }
}
