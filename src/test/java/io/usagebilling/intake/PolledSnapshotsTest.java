package io.usagebilling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.UsageRecord;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.support.DatabasePerClass;
import io.usagebilling.support.Sql;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot rules where the sync's tests cannot reach them: records dated another day than the one
 * collected, two runs of one day side by side, an attempt started over, a collection with nothing.
 */
class PolledSnapshotsTest extends DatabasePerClass {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 10);
    private static final LocalDate DAY_BEFORE = DAY.minusDays(1);

    private final PolledSnapshots snapshots = new PolledSnapshots(database.dataSource());
    private final UsageStore store = new UsageStore(database.dataSource());
    private final PageIntakeSteps steps = new PageIntakeSteps();

    @BeforeAll
    static void module() {
        jdbc.update("INSERT INTO module (id, name, source_kind) VALUES ('m', 'M', 'poll')");
    }

    @BeforeEach
    void empty() {
        jdbc.update(Sql.EMPTY_USAGE + " DELETE FROM polled_snapshot; DELETE FROM usage_correction;"
                + " DELETE FROM usage_recompute; DELETE FROM source_collection; DELETE FROM organization");
    }

    @Test
    void recordsOfAnotherDayAreMergedIntoItsSnapshotNotReplacingIt() {
        steps.collect(DAY_BEFORE, record("a", 1, DAY_BEFORE), record("b", 2, DAY_BEFORE));

        // the collection of DAY also gives one record of the day before, changed
        steps.collect(DAY, record("a", 5, DAY), record("b", 3, DAY_BEFORE));

        assertThat(usage(DAY_BEFORE)).as("a stays, b is corrected").isEqualTo("a=1,b=3");
        assertThat(usage(DAY)).isEqualTo("a=5");
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_recompute WHERE usage_date = '2026-11-09' AND org_id = 'b'"))
                .as("a merged day is recomputed by the next sync").isEqualTo(1);
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_record")).isEqualTo(3);
    }

    @Test
    void anOlderCollectionSealedAfterANewerOneLeavesTheNewerOneStanding() {
        PolledCollection older = steps.begin(DAY);
        PolledCollection newer = steps.begin(DAY);
        steps.page(newer, record("a", 7, DAY));
        steps.page(older, record("a", 1, DAY));

        snapshots.seal(newer);
        snapshots.seal(older);

        assertThat(usage(DAY)).isEqualTo("a=7");
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_record")).isEqualTo(1);
    }

    @Test
    void anAttemptStartedOverKeepsNothingOfTheEarlierAttempt() {
        long run = steps.run(DAY);
        PolledCollection first = snapshots.begin(run, "m", DAY);
        steps.page(first, record("a", 1, DAY), record("b", 1, DAY));

        PolledCollection again = snapshots.begin(run, "m", DAY); // its work unit re-claimed after a crash
        steps.page(again, record("a", 2, DAY));
        snapshots.seal(again);

        assertThat(usage(DAY)).isEqualTo("a=2");
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_record")).isEqualTo(1);
        assertThat(jdbc.queryLong("SELECT stored FROM source_collection")).isEqualTo(1);
    }

    @Test
    void aCompleteCollectionWithNothingEmptiesTheDay() {
        steps.collect(DAY, record("a", 4, DAY));

        steps.collect(DAY);

        assertThat(usage(DAY)).isEmpty();
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_correction WHERE quantity_after = 0")).isEqualTo(1);
    }

    @Test
    void aCollectionForgottenByTheProcessIsSealedFromItsRecords() {
        PolledCollection collection = steps.begin(DAY);
        steps.page(collection, record("a", 1, DAY));
        steps.page(collection, record("a", 2, DAY), record("b", 1, DAY_BEFORE));

        PolledSnapshots.Sealed sealed = new PolledSnapshots(database.dataSource()).seal(collection); // a restarted process

        assertThat(sealed.duplicates()).isEqualTo(1);
        assertThat(usage(DAY)).isEqualTo("a=2");
        assertThat(usage(DAY_BEFORE)).isEqualTo("b=1");
    }

    /**
     * Eight collections of one module and day at once (eight runs, instances side by side), their
     * pages interleaved and overlapping, sealed at once: none fails, and the day holds exactly the
     * newest collection's records, nothing of the others.
     */
    @Test
    void eightCollectionsOfOneDaySealedAtOnceLeaveExactlyTheNewest() throws Exception {
        List<PolledCollection> collections = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            collections.add(steps.begin(DAY));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (PolledCollection collection : collections) {
                int n = collections.indexOf(collection);
                done.add(pool.submit(() -> {
                    for (int page = 0; page < 5; page++) { // records 0..59, every collection its own quantities
                        List<UsageRecord> records = new ArrayList<>();
                        for (int r = page * 10; r < page * 10 + 20; r++) {
                            records.add(record("org-" + r, n * 100 + r, DAY));
                        }
                        store.storeCollected(collection, page, new SourcePage(records, List.of(), null, null));
                        snapshots.stored(collection, records);
                    }
                    snapshots.seal(collection);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        int newest = collections.size() - 1;
        assertThat(jdbc.queryLong("SELECT count(*) FROM current_usage")).isEqualTo(60);
        assertThat(jdbc.queryLong("SELECT count(*) FROM current_usage WHERE quantity <> ? + substr(org_id, 5)::int",
                newest * 100)).isZero();
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_record")).as("the others' records are gone").isEqualTo(60);
    }

    /**
     * A seal takes the day's totals the collector kept, and they count an organization's assets as the
     * records do: one given twice, or named by one record and the id of another, once; none without usage.
     */
    @Test
    void theTotalsKeptAsPagesAreStoredCountEachAssetOnce() {
        steps.collect(DAY_BEFORE, asset(DAY_BEFORE, "r1", "x", 2), asset(DAY_BEFORE, "r2", "y", 1),
                asset(DAY_BEFORE, "r3", null, 1), asset(DAY_BEFORE, "r5", "z", 0));
        steps.collect(DAY, asset(DAY, "r1", "x", 2), asset(DAY, "r2", "x", 1), asset(DAY, "x", null, 1),
                asset(DAY, "r4", "y", 3), asset(DAY, "r6", null, 4));

        assertThat(jdbc.query("SELECT usage_date || ' ' || quantity::int || ' ' || assets FROM usage_day_total ORDER BY 1",
                rs -> rs.getString(1))).containsExactly("2026-11-09 4 3", "2026-11-10 11 3");
    }

    private static UsageRecord asset(LocalDate day, String record, String asset, int quantity) {
        return new UsageRecord("m", "a", null, "devices", asset, BigDecimal.valueOf(quantity), day, record);
    }

    private String usage(LocalDate day) {
        return jdbc.query("SELECT coalesce(string_agg(org_id || '=' || quantity::int, ',' ORDER BY org_id), '') "
                + "FROM current_usage WHERE module_id = 'm' AND usage_date = ?", rs -> rs.getString(1), day).get(0);
    }

    private static UsageRecord record(String org, int quantity, LocalDate day) {
        return new UsageRecord("m", org, null, "devices", null, BigDecimal.valueOf(quantity), day, org);
    }

    /** Runs, collections and pages as the poll-source route makes them. */
    private final class PageIntakeSteps {
        private int pages;

        long run(LocalDate day) {
            return jdbc.queryLong("INSERT INTO sync_run (usage_date) VALUES (?) RETURNING id", day);
        }

        PolledCollection begin(LocalDate day) {
            return snapshots.begin(run(day), "m", day);
        }

        void page(PolledCollection collection, UsageRecord... records) {
            new PageIntake(store, snapshots).store(new SourcePage(List.of(records), List.of(), null, null), collection, pages++);
        }

        void collect(LocalDate day, UsageRecord... records) {
            PolledCollection collection = begin(day);
            page(collection, records);
            snapshots.seal(collection);
        }
    }
}
