package io.usagebilling.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code bin/usage-billing bench} through the same code, at a size CI affords: the figures line's
 * shape and count, what the real pipeline stored, and a second run over the same day and database
 * that sends the PSA nothing. No timing is asserted: figures come from the benchmark itself.
 */
class BenchTest {

    private static final Pattern FIGURES = Pattern.compile("bench: records=(\\d+) seconds=\\d+\\.\\d{2}"
            + " pipeline_rps=\\d+ copy_rps=\\d+ ratio=\\d+\\.\\d{2} heap_peak_mb=\\d+ psa_writes=(\\d+)"
            + " psa_requests=(\\d+) requests_per_change=(n/a|\\d+\\.\\d{3}) budget_minutes=(n/a|\\d+\\.\\d)");
    private static final LocalDate DAY = LocalDate.of(2026, 9, 28);
    private static final int RECORDS = 5_000;

    private final Map<String, String> db = TestPostgres.newSchemaProperties();

    @Test
    void printsItsFiguresLastAndASecondRunOverTheSameDaySendsNothing() throws Exception {
        String printed = bench(1_000);
        assertThat(printed).as("the warm-up, in a database of its own").containsPattern(
                "(?m)^warmup: records=1000 seconds=\\d+\\.\\d{2} \\(not measured\\)$");
        assertThat(printed).as("the sync's phases, from its rows' times")
                .containsPattern("(?m)^phases: collect=\\d+\\.\\d{2} quantities=\\d+\\.\\d{2} deliver=\\d+\\.\\d{2}$");
        Matcher first = figures(printed);
        assertThat(first.group(1)).isEqualTo(String.valueOf(RECORDS));
        long writes = Long.parseLong(first.group(2));
        // 5,000 records: 200 organizations, 2 companies, 6 lines each, every one moved from 0 units
        assertThat(writes).isEqualTo(12);
        assertThat(count("SELECT count(*) FROM usage_record")).isEqualTo(RECORDS - 4);
        assertThat(count("SELECT count(*) FROM quarantine WHERE reason LIKE 'quantity is not an integral number%'"
                + " OR reason LIKE 'quantity is not a number%'")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM organization")).isEqualTo(4 * 200);
        assertThat(count("SELECT count(*) FROM delivery_ledger WHERE status = 'confirmed'")).isEqualTo(writes);
        assertThat(count("SELECT count(*) FROM bench_copy")).isEqualTo(RECORDS);

        Matcher second = figures(bench(0));
        assertThat(second.group(1)).isEqualTo(String.valueOf(RECORDS));
        assertThat(second.group(2)).isEqualTo("0");
        assertThat(second.group(4)).isEqualTo("n/a");
        assertThat(count("SELECT count(*) FROM usage_record")).isEqualTo(RECORDS - 4);
        assertThat(count("SELECT count(*) FROM delivery_ledger")).isEqualTo(writes);
    }

    /** 60 lines over 10 companies: the zone, the tenant's threshold, one read of all, 60 writes, one read-back. */
    @Test
    void aWorldOfManyLinesTakesAWriteAndAFewRequestsMoreToChangeThem() throws Exception {
        Matcher figures = figures(bench(0, 60));
        assertThat(figures.group(2)).isEqualTo("60");
        assertThat(figures.group(3)).isEqualTo("64");
        assertThat(figures.group(4)).isEqualTo("1.067");
        // 64 requests of our 5,000 an hour (half of Autotask's 10,000): 0.77 minutes
        assertThat(figures.group(5)).isEqualTo("0.8");
        assertThat(count("SELECT count(*) FROM delivery_ledger WHERE status = 'confirmed'")).isEqualTo(60);
    }

    /**
     * The same 60 lines delivered to the other PSAs, whose reads take one request per contract: the sign-in
     * (BMS, HaloPSA), 10 for the bulk read, the writes, 10 for the read-back. A write is one request (BMS's
     * PUT); ConnectWise's two, as each line's addition in force is ended and a new one started. HaloPSA's
     * write carries the whole recurring invoice, so each invoice is read just before it and its six changes
     * go in one POST, whose answer (the invoice as saved) shows them at their targets: 21 = 1 + 10 + 10, no
     * read-back. budget_minutes is of the PSA's own hour: BMS's 81 of our 750 (half of its 1,500) take 6.5
     * minutes; ConnectWise and HaloPSA publish no hourly allowance.
     */
    @ParameterizedTest
    @CsvSource({"connectwise, 140, n/a", "bms, 81, 6.5", "halopsa, 21, n/a"})
    void theOtherPsasTakeAWriteAndTheirContractsReadsToChangeTheSameLines(String psa, long requests, String budgetMinutes)
            throws Exception {
        Matcher figures = figures(bench(0, 60, psa));
        assertThat(figures.group(2)).isEqualTo("60");
        assertThat(figures.group(3)).isEqualTo(String.valueOf(requests));
        assertThat(figures.group(5)).isEqualTo(budgetMinutes);
        assertThat(count("SELECT count(*) FROM delivery_ledger WHERE status = 'confirmed'")).isEqualTo(60);
    }

    @Test
    void theCsvModeStoresEveryRowOfItsFileAndPrintsItsFigures() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CsvDropBench.run(1, db, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(printed).isZero();
        Matcher m = Pattern.compile("(?m)^csv: mb=1\\.0 rows=(\\d+) stored=(\\d+) seconds=\\d+\\.\\d{2} rows_per_s=\\d+"
                + " heap_peak_mb=\\d+ rss_peak_mb=-?\\d+$").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        assertThat(m.group(2)).isEqualTo(m.group(1));
        assertThat(count("SELECT count(*) FROM usage_record WHERE module_id = 'kaseya-online-backup'"))
                .isEqualTo(Long.parseLong(m.group(1)));
    }

    @Test
    void theCallbacksModeStoresOrQuarantinesEveryRecordItsClientsPushed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CallbackBench.run(8, 100, 4_000, 800, 0, db, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(printed).isZero();
        assertThat(printed).containsPattern("(?m)^warmup: records=800 seconds=\\d+\\.\\d{2} \\(not measured\\)$");
        assertThat(printed).containsPattern("(?m)^database: fsync=(on|off) synchronous_commit=\\w+$");
        Matcher m = Pattern.compile("(?m)^callbacks: clients=8 batch=100 records=4000 seconds=\\d+\\.\\d{2} rps=\\d+"
                + " p50_ms=\\d+\\.\\d p99_ms=\\d+\\.\\d accepted=4000 stored=(\\d+) quarantined=(\\d+) refused=0 modules=8"
                + " fold_ms=\\d+ totals_equal=true$")
                .matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        // one record in 500 is malformed: each client's 500th, so 8 of the run's 4,000 and none of the warm-up's 800
        assertThat(m.group(1)).isEqualTo("3992");
        assertThat(m.group(2)).isEqualTo("8");
        assertThat(count("SELECT count(*) FROM usage_record")).isEqualTo(3992 + 800);
        assertThat(count("SELECT count(*) FROM quarantine")).isEqualTo(8);
    }

    @Test
    void theReportsModeTimesEachConsoleCallOverAStoreShapedAsTheSyncLeavesIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ReportsBench.run(30_000, false, db, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(printed).isZero();
        String[] lines = printed.strip().split("\n");
        assertThat(lines[0]).matches("store: records=30000 days=75 seconds=\\d+\\.\\d");
        assertThat(lines).filteredOn(l -> l.startsWith("GET ")).hasSize(18)
                .allMatch(l -> l.matches("GET /api/\\S+ calls=\\d+ p50_ms=\\d+\\.\\d p99_ms=\\d+\\.\\d bytes=\\d+"));
        assertThat(lines[lines.length - 1]).matches("reports: records=30000 unmapped_orgs=100 worst_p50_ms=\\d+\\.\\d");
        assertThat(count("SELECT count(*) FROM usage_record")).isEqualTo(30_000);
        assertThat(count("""
                SELECT count(*) FROM (SELECT module_id, org_id, SUM(quantity), COUNT(DISTINCT usage_date) FROM current_usage
                    GROUP BY module_id, org_id EXCEPT SELECT module_id, org_id, unit_days, days FROM usage_org_total) d"""))
                .as("the totals as the sync keeps them").isZero();

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertThat(ReportsBench.run(30_000, true, db, new PrintStream(again, true, StandardCharsets.UTF_8))).isZero();
        assertThat(again.toString(StandardCharsets.UTF_8)).as("measured again over the same store")
                .startsWith("store: records=30000 days=75 ").contains("GET /api/unmapped ");
        assertThat(count("SELECT count(*) FROM usage_record")).as("nothing written again").isEqualTo(30_000);
    }

    private String bench(int warmupRecords) throws Exception {
        return bench(warmupRecords, 0);
    }

    private String bench(int warmupRecords, int lines) throws Exception {
        return bench(warmupRecords, lines, "autotask");
    }

    private String bench(int warmupRecords, int lines, String psa) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Bench.run(RECORDS, warmupRecords, lines, psa, DAY, db, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        return printed;
    }

    /** The last line printed must be the figures. */
    private static Matcher figures(String printed) {
        String[] lines = printed.strip().split("\n");
        Matcher m = FIGURES.matcher(lines[lines.length - 1]);
        assertThat(m.matches()).as(printed).isTrue();
        return m;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.get("billing.db.url"), db.get("billing.db.user"),
                db.get("billing.db.password")); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
