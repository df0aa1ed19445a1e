package io.usagebilling.totals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.domain.DayQuantity;
import io.usagebilling.domain.LineCharge;
import io.usagebilling.domain.Money;
import io.usagebilling.domain.Price;
import io.usagebilling.domain.PriceCatalog;
import io.usagebilling.domain.Proration;
import io.usagebilling.domain.UsageRecord;
import io.usagebilling.intake.PageIntake;
import io.usagebilling.intake.PolledCollection;
import io.usagebilling.intake.PolledSnapshots;
import io.usagebilling.intake.UsageStore;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.store.Jdbc;
import io.usagebilling.support.DatabasePerClass;
import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import io.usagebilling.support.Sql;
import io.usagebilling.sync.UnmappedReport;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The usage totals equal the usage in effect summed, whatever was stored: pushed pages (new records,
 * repeated ones, corrections) and polled collections (sealed, merged into other days, discarded) over
 * days across a month's end, the pushed pages' pending sums folded at any point between; and the
 * unmapped report read from them is the one computed from every record, day by day, as it was before
 * the totals (prices that start and change within a month too).
 */
class UsageTotalsPropertiesTest extends DatabasePerClass {

    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 9, 28);
    private static final int DAYS = 6;
    private static final Currency USD = Currency.getInstance("USD");
    private static final String ASSETS = "COUNT(DISTINCT COALESCE(asset_id, source_record_id)) FILTER (WHERE quantity > 0)";
    private static final PriceCatalog PRICES = new PriceCatalog(List.of(
            new Price("p", "t", USD, new BigDecimal("1.50"), LocalDate.of(2024, 1, 1)),
            new Price("p", "s", USD, new BigDecimal("2.00"), LocalDate.of(2026, 10, 2)),
            new Price("q", "t", USD, new BigDecimal("1.00"), LocalDate.of(2024, 1, 1)),
            new Price("q", "t", USD, new BigDecimal("3.10"), LocalDate.of(2026, 10, 3))));

    @BeforeAll
    static void modules() {
        jdbc.update("""
                INSERT INTO module (id, name, source_kind) VALUES ('p', 'P', 'callback'), ('q', 'Q', 'poll');
                INSERT INTO company (id, name) VALUES (7, 'Seven')""");
    }

    @Test
    void theTotalsAndTheUnmappedReportEqualTheUsageSummed() {
        Properties.checkList(Properties.qt(40), Gens.lists(steps(), 1, 10), "step", Properties.unchecked(steps -> {
            empty();
            UsageStore store = new UsageStore(database.dataSource());
            PolledSnapshots snapshots = new PolledSnapshots(database.dataSource());
            for (List<Integer> step : steps) {
                apply(step, store, snapshots);
            }
            assertTotalsEqualUsage();

            UnmappedReport reports = new UnmappedReport(database.dataSource(), () -> PRICES, USD);
            UnmappedReport.Report report = reports.report();
            assertThat(report.entries().stream().map(e -> e.organization().module() + " " + e.organization().orgId() + " "
                    + e.organization().unitDays().toPlainString() + " " + e.organization().days()).toList())
                    .isEqualTo(jdbc.query("""
                            SELECT o.module_id, o.org_id, COALESCE(SUM(u.quantity), 0) AS unit_days,
                                COUNT(DISTINCT u.usage_date) AS days
                            FROM organization o LEFT JOIN current_usage u ON u.module_id = o.module_id AND u.org_id = o.org_id
                            WHERE NOT EXISTS (SELECT 1 FROM org_mapping m WHERE m.module_id = o.module_id AND m.org_id = o.org_id)
                            GROUP BY o.module_id, o.org_id ORDER BY unit_days DESC, o.module_id, o.org_id""",
                            rs -> rs.getString(1) + " " + rs.getString(2) + " "
                                    + rs.getBigDecimal(3).stripTrailingZeros().toPlainString() + " " + rs.getInt(4)));
            report.entries().forEach(e -> assertThat(report.unbilled(e.organization()).stream().map(UsageTotalsPropertiesTest::text)
                    .collect(Collectors.toSet())).as(e.organization().orgId())
                    .isEqualTo(unbilledFromRecords(e.organization().module(), e.organization().orgId())));
            assertThat(reports.withoutServiceLine(null, 0, Integer.MAX_VALUE).lines().stream().map(m -> m.line()).toList()).isEqualTo(jdbc.query("""
                    SELECT u.billing_type, SUM(u.quantity), COUNT(DISTINCT u.usage_date) FROM current_usage u
                    WHERE u.module_id = 'p' AND u.org_id = 'o3' GROUP BY u.billing_type ORDER BY u.billing_type""",
                    rs -> "mapped, no service line: p o3 \"Org o3\" company=7 billing_type=" + rs.getString(1) + " unit_days="
                            + rs.getBigDecimal(2).stripTrailingZeros().toPlainString() + " days=" + rs.getInt(3)));
        }));
    }

    /**
     * Four writers side by side, each a list of random steps: pages of both modules and folds, and on
     * the first writer also seals and discards. Whatever the interleaving, once folded the totals equal
     * the usage (the module day's lock: a page shared, a seal or a fold exclusive), and no two of them
     * wait for each other (a deadlock). Several rounds: an interleaving is the machine's, not the seed's.
     */
    @Test
    void pagesSealsAndFoldsSideBySideLeaveTheTotalsEqualToTheUsage() throws Exception {
        for (int round = 0; round < 6; round++) {
            sideBySide(Properties.DEFAULT_SEED + round);
        }
    }

    private static void sideBySide(long seed) throws Exception {
        empty();
        Random random = new Random(seed);
        List<List<List<Integer>>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            List<List<Integer>> steps = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                List<Integer> step = new ArrayList<>();
                int kind = random.nextInt(5);
                step.add(random.nextInt(1 << 20) * 5 + (w > 0 && (kind == 2 || kind == 3) ? kind - 2 : kind));
                random.ints(1 + random.nextInt(12), 0, 1 << 30).forEach(step::add);
                steps.add(step);
            }
            writers.add(steps);
        }
        UsageStore store = new UsageStore(database.dataSource());
        PolledSnapshots snapshots = new PolledSnapshots(database.dataSource());
        ExecutorService pool = Executors.newFixedThreadPool(writers.size() + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> running = writers.stream().map(steps -> pool.submit(() -> steps.forEach(
                    step -> apply(step, store, snapshots)))).collect(Collectors.toList());
            Future<?> reader = pool.submit(() -> {
                for (int read = 0; writing.get(); read++) {
                    assertSettledDayEqualsUsage(FIRST_DAY.plusDays(read % DAYS));
                }
            });
            for (Future<?> writer : running) {
                try {
                    writer.get(2, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    throw new AssertionError("seed " + seed + ", the writers' steps, side by side: " + writers, e.getCause());
                }
            }
            writing.set(false);
            try {
                reader.get(1, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw new AssertionError("seed " + seed + ", a settled day read beside the writers' steps: " + writers, e.getCause());
            }
        } finally {
            pool.shutdownNow();
        }
        try {
            assertTotalsEqualUsage();
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ", the writers' steps, side by side: " + writers, e);
        }
    }

    /** A seal waits for a page of its day that is not yet committed: it could not tell the page's records from its sums. */
    @Test
    void aSealWaitsForAPageOfItsDayStillBeingStored() throws Exception {
        waitsForAPageLeftOpen("q", BigDecimal.ONE, () -> apply(List.of(2, 0), new UsageStore(database.dataSource()),
                new PolledSnapshots(database.dataSource())), false);
    }

    /** A page of the day being stored when the day is settled: the settle waits, then takes its sums. */
    @Test
    void aSettledDayWaitsForAPageStillBeingStoredAndTakesItsSums() throws Exception {
        waitsForAPageLeftOpen("p", BigDecimal.TEN, () -> assertSettledDayEqualsUsage(FIRST_DAY), true);
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_total_pending")).isZero();
        assertThat(jdbc.query("SELECT quantity FROM usage_day_total WHERE org_id = 'o1'", rs -> rs.getBigDecimal(1)))
                .singleElement().satisfies(q -> assertThat(q).isEqualByComparingTo("10"));
    }

    /** {@code writer} waits while a page of the first day is open, and ends once it commits or rolls back. */
    private static void waitsForAPageLeftOpen(String module, BigDecimal quantity, Runnable writer, boolean commit)
            throws Exception {
        empty();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection page = database.dataSource().getConnection()) {
            pageLeftOpen(page, module, quantity);
            Future<?> waiting = pool.submit(writer);
            assertThatThrownBy(() -> waiting.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            if (commit) {
                page.commit();
            } else {
                page.rollback();
            }
            waiting.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a page does, left uncommitted on {@code page}: its day's lock shared, its record, its pending sum. */
    private static void pageLeftOpen(Connection page, String module, BigDecimal quantity) throws java.sql.SQLException {
        page.setAutoCommit(false);
        UsageTotals.pushing(page, module, List.of(FIRST_DAY));
        Jdbc.update(page, """
                INSERT INTO usage_record (module_id, org_id, org_name, billing_type, quantity, usage_date, source_record_id)
                VALUES (?, 'o1', 'Org o1', 't', ?, ?, 'r1')""", module, quantity, FIRST_DAY);
        UsageTotals.pushed(page, module, List.of(new UsageRecord(module, "o1", "Org o1", "t", null, quantity, FIRST_DAY, "r1")),
                true);
    }

    /** The day settled and held: its totals equal its usage in effect, read in the same transaction. */
    private static void assertSettledDayEqualsUsage(LocalDate day) {
        jdbc.inTransaction(c -> {
            UsageTotals.settle(c, day);
            assertThat(dayTotals(c, "SELECT module_id || ' ' || org_id || ' ' || billing_type || ' ' || assets, quantity"
                    + " FROM usage_day_total WHERE usage_date = ?", day))
                    .as("the totals of %s, settled", day)
                    .isEqualTo(dayTotals(c, "SELECT module_id || ' ' || org_id || ' ' || billing_type || ' ' || " + ASSETS
                            + ", SUM(quantity) FROM current_usage WHERE usage_date = ? GROUP BY module_id, org_id, billing_type",
                            day));
            return null;
        });
    }

    private static Map<String, BigDecimal> dayTotals(Connection c, String sql, LocalDate day) throws java.sql.SQLException {
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        Jdbc.query(c, sql + " ORDER BY 1", rs -> totals.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros()), day);
        return totals;
    }

    private static void assertTotalsEqualUsage() {
        new UsageTotals(database.dataSource()).fold();
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_total_pending")).isZero();
        assertThat(totals("""
                SELECT module_id || ' ' || usage_date || ' ' || org_id || ' ' || billing_type, quantity FROM usage_day_total"""))
                .isEqualTo(totals("""
                        SELECT module_id || ' ' || usage_date || ' ' || org_id || ' ' || billing_type, SUM(quantity)
                        FROM current_usage GROUP BY module_id, usage_date, org_id, billing_type"""));
        assertThat(totals("""
                SELECT module_id || ' ' || usage_date || ' ' || org_id || ' ' || billing_type, assets FROM usage_day_total"""))
                .as("each group's assets with some usage")
                .isEqualTo(totals("""
                        SELECT module_id || ' ' || usage_date || ' ' || org_id || ' ' || billing_type, """ + ASSETS + """
                        FROM current_usage GROUP BY module_id, usage_date, org_id, billing_type"""));
        assertThat(totals("""
                SELECT module_id || ' ' || org_id || ' ' || billing_type || ' ' || month || ' ' || days, unit_days
                FROM usage_month_total WHERE days > 0"""))
                .isEqualTo(totals("""
                        SELECT module_id || ' ' || org_id || ' ' || billing_type || ' ' || date_trunc('month', usage_date)::date
                            || ' ' || COUNT(DISTINCT usage_date), SUM(quantity)
                        FROM current_usage GROUP BY module_id, org_id, billing_type, date_trunc('month', usage_date)"""));
        assertThat(totals("""
                SELECT module_id || ' ' || org_id || ' ' || billing_type || ' ' || days, unit_days
                FROM usage_type_total WHERE days > 0"""))
                .isEqualTo(totals("""
                        SELECT module_id || ' ' || org_id || ' ' || billing_type || ' ' || COUNT(DISTINCT usage_date), SUM(quantity)
                        FROM current_usage GROUP BY module_id, org_id, billing_type"""));
        assertThat(totals("SELECT module_id || ' ' || org_id || ' ' || days, unit_days FROM usage_org_total WHERE days > 0"))
                .isEqualTo(totals("""
                        SELECT module_id || ' ' || org_id || ' ' || COUNT(DISTINCT usage_date), SUM(quantity)
                        FROM current_usage GROUP BY module_id, org_id"""));
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_org_total WHERE days = 0 AND unit_days <> 0")).isZero();
    }

    /**
     * A step: its first number says what (0: a pushed page of module p; 1: one of module q, which also
     * polls, so its seals count those records too; 2: a collection of module q sealed; 3: one discarded;
     * 4: the pending sums folded), on which day and, for a collection, whether its sums were kept as it
     * was stored; each other number one record (organization, billing type, its day, which record of the
     * source, quantity, asset).
     */
    private static Gen<List<Integer>> steps() {
        return Gens.lists(Gens.ints(0, 1 << 30), 1, 8);
    }

    private static void apply(List<Integer> step, UsageStore store, PolledSnapshots snapshots) {
        int kind = step.get(0) % 5;
        if (kind == 4) {
            new UsageTotals(database.dataSource()).fold();
            return;
        }
        LocalDate day = FIRST_DAY.plusDays(step.get(0) / 5 % DAYS);
        String module = kind == 0 ? "p" : "q";
        List<UsageRecord> records = new ArrayList<>();
        for (int r : step.subList(1, step.size())) {
            int shift = r / 6 % 4;
            LocalDate recordDay = shift == 0 || kind < 2 && shift == 1 ? day : FIRST_DAY.plusDays((r / 6) % DAYS);
            String org = "o" + (1 + r % 3);
            // some records name an asset: another record's, or one that is another record's id
            String asset = switch (r / 7200 % 4) { case 0, 1 -> "a"; case 2 -> "r1"; default -> null; };
            records.add(new UsageRecord(module, org, "Org " + org, r / 3 % 2 == 0 ? "t" : "s", asset,
                    BigDecimal.valueOf(r / 120 % 60, 1), recordDay, "r" + r / 24 % 5));
        }
        SourcePage page = new SourcePage(records, List.of(), 0, null, null);
        if (kind < 2) {
            store.storePushed(module, day, page);
            return;
        }
        long run = jdbc.queryLong("INSERT INTO sync_run (usage_date) VALUES (?) RETURNING id", day);
        PolledCollection collection = snapshots.begin(run, module, day);
        if (step.get(0) / 5 / DAYS % 2 == 0) {
            new PageIntake(store, snapshots).store(page, collection, 0); // its seal takes the sums kept as it was stored
        } else {
            store.storeCollected(collection, 0, page); // as if the process forgot it: its seal reads its records
        }
        if (kind == 2) {
            snapshots.seal(collection);
        } else {
            snapshots.discard(collection);
        }
    }

    private static void empty() {
        jdbc.update(Sql.EMPTY_USAGE + """
                DELETE FROM polled_snapshot; DELETE FROM usage_correction; DELETE FROM usage_recompute;
                DELETE FROM source_collection; DELETE FROM organization; DELETE FROM pushed_day; DELETE FROM org_mapping;
                INSERT INTO organization (module_id, org_id, name, first_seen, last_seen) VALUES ('p', 'o3', 'Org o3', '2026-09-28', '2026-09-28');
                INSERT INTO org_mapping (module_id, org_id, company_id) VALUES ('p', 'o3', 7)""");
    }

    private static Map<String, BigDecimal> totals(String sql) {
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        jdbc.query(sql + " ORDER BY 1", rs -> totals.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros()));
        return totals;
    }

    private static String text(UnmappedReport.Unbilled u) {
        return u.billingType() + " " + u.unitDays().toPlainString() + " " + u.amount().map(Money::toString).orElse("no price");
    }

    /** What the report said before the totals: each billing type's days from the records, each day priced. */
    private static java.util.Set<String> unbilledFromRecords(String module, String org) {
        Map<String, List<DayQuantity>> byType = new LinkedHashMap<>();
        jdbc.query("""
                SELECT billing_type, usage_date, SUM(quantity) FROM current_usage WHERE module_id = ? AND org_id = ?
                GROUP BY billing_type, usage_date""",
                rs -> byType.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new DayQuantity(rs.getObject(2, LocalDate.class), rs.getBigDecimal(3))), module, org);
        return byType.entrySet().stream().map(e -> {
            List<DayQuantity> days = e.getValue();
            BigDecimal unitDays = days.stream().map(DayQuantity::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            boolean allPriced = days.stream().allMatch(d -> PRICES.unitPrice(module, e.getKey(), USD, d.date()).isPresent());
            Optional<Money> amount = Optional.empty();
            if (allPriced) {
                Money sum = Money.zero(USD);
                for (YearMonth month : new TreeSet<>(days.stream().map(d -> YearMonth.from(d.date())).toList())) {
                    sum = sum.plus(LineCharge.of(month, Proration.DAILY, days,
                            d -> PRICES.unitPrice(module, e.getKey(), USD, d).orElse(BigDecimal.ZERO), USD).amount());
                }
                amount = Optional.of(sum);
            }
            return e.getKey() + " " + unitDays.stripTrailingZeros().toPlainString() + " "
                    + amount.map(Money::toString).orElse("no price");
        }).collect(Collectors.toSet());
    }
}
