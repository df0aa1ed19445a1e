package io.usagebilling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.UsageRecord;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.store.Jdbc;
import io.usagebilling.support.DatabasePerClass;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A page is stored once whatever it repeats: of itself, of an earlier page, of an earlier run. */
class UsageStoreTest extends DatabasePerClass {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 10);

    @BeforeAll
    static void modules() {
        jdbc.update("INSERT INTO module (id, name, source_kind) VALUES ('m1', 'M1', 'poll'), ('m2', 'M2', 'poll'),"
                + " ('m3', 'M3', 'poll'), ('m4', 'M4', 'poll')");
    }

    @Test
    void newRecordsAreStoredAndRepeatedOnesCountAsDuplicates() {
        UsageStore store = new UsageStore(database.dataSource());
        SourcePage first = page("m1", 0, 5);

        assertThat(store.storePushed("m1", DAY, first)).isEqualTo(new UsageStore.Stored(5, 0, 0, 0));
        assertThat(store.storePushed("m1", DAY, first)).as("the same page again").isEqualTo(new UsageStore.Stored(0, 5, 0, 0));
        assertThat(store.storePushed("m1", DAY, page("m1", 3, 9))).as("overlapping").isEqualTo(new UsageStore.Stored(4, 2, 0, 0));

        UsageStore restarted = new UsageStore(database.dataSource()); // knows nothing of the day
        assertThat(restarted.storePushed("m1", DAY, page("m1", 0, 10))).isEqualTo(new UsageStore.Stored(1, 9, 0, 0));
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_record WHERE module_id = 'm1'")).isEqualTo(10);
    }

    @Test
    void aPageRepeatingItselfKeepsOneOfEach() {
        UsageStore store = new UsageStore(database.dataSource());
        SourcePage twice = new SourcePage(List.of(record("m2", 1), record("m2", 2), record("m2", 1)), List.of(), null, null);

        assertThat(store.storePushed("m2", DAY, twice)).isEqualTo(new UsageStore.Stored(2, 1, 0, 0));
        assertThat(store.storePushed("m2", DAY, page("m2", 3, 4))).as("later pages of the day")
                .isEqualTo(new UsageStore.Stored(1, 0, 0, 0));
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_record WHERE module_id = 'm2'")).isEqualTo(3);
    }

    @Test
    void textIsStoredExactlyAsReceived() {
        String awkward = "Tab\there, line\nbreak\r, back\\slash, \\N, \\., \"quoted\", é, 💾" + "long".repeat(300);
        UsageRecord named = new UsageRecord("m3", "org-1", awkward, "devices", "", new BigDecimal("1.2500"), DAY, "\\N");
        UsageRecord unnamed = new UsageRecord("m3", "org-2", null, "devices", null, new BigDecimal("3"), DAY, "r\t2");

        new UsageStore(database.dataSource()).storePushed("m3", DAY,
                new SourcePage(List.of(named, unnamed), List.of(), null, null));

        assertThat(jdbc.query("""
                SELECT org_name, asset_id, quantity, source_record_id, sync_run_id FROM usage_record
                WHERE module_id = 'm3' ORDER BY org_id""",
                rs -> List.of(rs.getString(1), String.valueOf(rs.getString(2)), rs.getBigDecimal(3).toPlainString(),
                        rs.getString(4), String.valueOf(rs.getString(5)))))
                .containsExactly(List.of(awkward, "", "1.2500", "\\N", "null"),
                        List.of("org-2", "null", "3.0000", "r\t2", "null"));
    }

    @Test
    void quantitiesDatesAndAMissingRunAreStoredExactly() {
        List<String> quantities = List.of("0", "0.0001", "1E+3", "12.5", "10000", "123456789", "99999999999999.9999",
                "0.50", "1234.5678", "100000000.0001");
        List<LocalDate> days = List.of(LocalDate.of(1999, 12, 31), LocalDate.of(2000, 1, 1), DAY, LocalDate.of(2099, 2, 28));
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < quantities.size(); i++) {
            records.add(new UsageRecord("m4", "org-1", null, "devices", null, new BigDecimal(quantities.get(i)),
                    days.get(i % days.size()), "r" + i));
        }

        new UsageStore(database.dataSource()).storePushed("m4", DAY, new SourcePage(records, List.of(), null, null));

        assertThat(jdbc.query("""
                SELECT quantity, usage_date, sync_run_id IS NULL FROM usage_record WHERE module_id = 'm4'
                ORDER BY source_record_id""",
                rs -> List.of(rs.getBigDecimal(1).toPlainString(), rs.getString(2), rs.getString(3))))
                .containsExactly(
                        List.of("0.0000", "1999-12-31", "t"), List.of("0.0001", "2000-01-01", "t"),
                        List.of("1000.0000", DAY.toString(), "t"), List.of("12.5000", "2099-02-28", "t"),
                        List.of("10000.0000", "1999-12-31", "t"), List.of("123456789.0000", "2000-01-01", "t"),
                        List.of("99999999999999.9999", DAY.toString(), "t"), List.of("0.5000", "2099-02-28", "t"),
                        List.of("1234.5678", "1999-12-31", "t"), List.of("100000000.0001", "2000-01-01", "t"));
    }

    /**
     * Every batch of a pushed module marks its day as sent. Batches of one module and day arrive side
     * by side: once the day is marked, marking it again must not wait for another open batch (that
     * would queue them all behind one another's commits).
     */
    @Test
    void aBatchMarkingItsDayDoesNotWaitForAnotherOpenBatchOfThatDay() throws Exception {
        jdbc.inTransaction(c -> {
            UsageStore.markComplete(c, "m1", List.of(DAY.plusDays(1)));
            return null;
        });
        try (Connection first = database.dataSource().getConnection();
                Connection second = database.dataSource().getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            UsageStore.markComplete(first, "m1", List.of(DAY.plusDays(1)));
            Jdbc.update(second, "SET LOCAL lock_timeout = '3s'"); // waiting would fail the batch, not hang the test
            UsageStore.markComplete(second, "m1", List.of(DAY.plusDays(1)));
            second.commit();
            first.commit();
        }
        assertThat(jdbc.queryLong("SELECT count(*) FROM pushed_day WHERE module_id = 'm1' AND usage_date = ?",
                DAY.plusDays(1))).isEqualTo(1);
    }

    private static SourcePage page(String module, int from, int to) {
        return new SourcePage(IntStream.range(from, to).mapToObj(i -> record(module, i)).toList(), List.of(), null, null);
    }

    private static UsageRecord record(String module, int i) {
        return new UsageRecord(module, "org-" + (i % 3), "Org " + (i % 3), "devices", "pc-" + i, BigDecimal.ONE, DAY,
                "pc-" + i);
    }
}
