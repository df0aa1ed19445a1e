package io.usagebilling.totals;

import io.usagebilling.domain.UsageRecord;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Keeps the usage totals (usage_day_total, usage_month_total, usage_org_total: Flyway V19; usage_type_total: V23; each
 * day group's assets: V25) equal to the usage in effect, so the reports and the daily quantities read them instead of
 * every record ever stored. A sealed
 * collection sets its day's totals in its own transaction; a pushed page only appends its sums to
 * usage_total_pending (V22), which {@link #fold()} moves into the totals before they are read.
 * <p>
 * A module day's lock orders them: a page holds it shared until commit, a seal or a fold exclusively.
 * So while a seal or a fold holds it, every page of that day has either committed (its records and its
 * pending sums both visible) or not yet (neither): a seal's day summed again covers exactly the pending
 * sums it drops, and a fold's recount exactly the pages whose sums it takes.
 */
public final class UsageTotals {

    /** A group's assets with some usage: what a distinct_assets billing type bills (V25). */
    private static final String ASSETS = "COUNT(DISTINCT COALESCE(asset_id, source_record_id)) FILTER (WHERE quantity > 0)";

    private final Jdbc jdbc;

    public UsageTotals(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * A collection is about to be sealed over these days: their locks, taken before the seal writes
     * anything, so it never holds a row a page waits for while it waits for that page's lock.
     */
    public static void sealing(Connection c, String module, Collection<LocalDate> days) throws SQLException {
        lock(c, module, days, false);
    }

    /** An organization's billing type on a day as a collection's records sum it: its quantity and its assets with some usage. */
    public record GroupTotal(String org, String type, BigDecimal quantity, int assets) {}

    /**
     * A polled collection became the module's snapshot of the day (its lock taken by {@link #sealing}):
     * the day's totals are its records' (and any pushed ones'). {@code summed}: its records' totals as the
     * collector kept them, taken as they are unless the day also has pushed records; null: summed from them.
     */
    public static void sealed(Connection c, String module, LocalDate day, long collectionId, List<GroupTotal> summed)
            throws SQLException {
        Jdbc.update(c, "DELETE FROM usage_total_pending WHERE module_id = ? AND usage_date = ?", module, day);
        if (summed != null && !hasPushed(c, module, List.of(day))) {
            Jdbc.query(c, "SELECT usage_totals_apply(?, ?, true, false, ?::text[], ?::text[], ?::numeric[], ?::bigint[])",
                    rs -> rs.getLong(1), module, day, Jdbc.texts(c, summed, GroupTotal::org), Jdbc.texts(c, summed, GroupTotal::type),
                    c.createArrayOf("numeric", summed.stream().map(GroupTotal::quantity).toArray()),
                    c.createArrayOf("bigint", summed.stream().map(g -> (long) g.assets()).toArray()));
            return;
        }
        // a module's day is tens of thousands of groups: hashed in memory, not in batches spilled to disk
        Jdbc.update(c, "SET LOCAL work_mem = '64MB'");
        Jdbc.query(c, """
                SELECT usage_totals_apply(?, ?, true, false, array_agg(org_id), array_agg(billing_type), array_agg(quantity),
                    array_agg(assets))
                FROM (SELECT org_id, billing_type, SUM(quantity) AS quantity, %s AS assets FROM (
                        SELECT org_id, billing_type, quantity, asset_id, source_record_id FROM usage_record
                        WHERE collection_id = ? AND usage_date = ?
                        UNION ALL
                        SELECT org_id, billing_type, quantity, asset_id, source_record_id FROM usage_record
                        WHERE collection_id IS NULL AND usage_date = ? AND module_id = ?) r
                      GROUP BY org_id, billing_type) t""".formatted(ASSETS),
                rs -> rs.getLong(1), module, day, collectionId, day, day, module);
    }

    /** True when the module has pushed records on one of the days. */
    public static boolean hasPushed(Connection c, String module, Collection<LocalDate> days) throws SQLException {
        return Jdbc.query(c, "SELECT EXISTS (SELECT 1 FROM usage_record WHERE collection_id IS NULL AND usage_date = ANY (?) AND module_id = ?)",
                rs -> rs.getBoolean(1), c.createArrayOf("date", days.toArray()), module).get(0);
    }

    /** A pushed page is about to be stored: its days' locks, shared, taken before it writes anything (see {@link #sealing}). */
    public static void pushing(Connection c, String module, Collection<LocalDate> days) throws SQLException {
        lock(c, module, days, true);
    }

    /**
     * A pushed page stored (its days' locks taken by {@link #pushing}): {@code allNew}, none of its
     * records was stored before, and their quantities are to be added to their days; otherwise their
     * groups are to be summed again.
     */
    public static void pushed(Connection c, String module, List<UsageRecord> records, boolean allNew) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        Map<Group, BigDecimal> sums = new LinkedHashMap<>();
        for (UsageRecord r : records) {
            sums.merge(new Group(r.usageDate(), r.orgId(), r.billingType()), r.quantity(), BigDecimal::add);
        }
        List<Group> groups = List.copyOf(sums.keySet());
        Jdbc.update(c, """
                INSERT INTO usage_total_pending (module_id, usage_date, org_id, billing_type, quantity)
                SELECT ?, g.usage_date, g.org_id, g.billing_type, CASE WHEN ? THEN g.quantity END
                FROM unnest(?::date[], ?::text[], ?::text[], ?::numeric[]) AS g(usage_date, org_id, billing_type, quantity)""",
                module, allNew, c.createArrayOf("date", groups.stream().map(Group::day).toArray()),
                Jdbc.texts(c, groups, Group::org), Jdbc.texts(c, groups, Group::type),
                c.createArrayOf("numeric", sums.values().toArray()));
    }

    /** Moves every pushed page's pending sums into the totals, one module day per transaction; returns the days folded. */
    public int fold() {
        List<Map.Entry<String, LocalDate>> days = jdbc.query(
                "SELECT DISTINCT module_id, usage_date FROM usage_total_pending ORDER BY 1, 2",
                rs -> Map.entry(rs.getString(1), Jdbc.date(rs, "usage_date")));
        for (Map.Entry<String, LocalDate> day : days) {
            jdbc.inTransaction(c -> {
                fold(c, day.getKey(), day.getValue());
                return null;
            });
        }
        return days.size();
    }

    /**
     * The day's totals made equal to its usage in effect and kept so until commit, for what reads them as
     * the usage (the billable_usage view, V24 and V25): every module's day lock, exclusively, so no page of the
     * day lands meanwhile, then the day's pending sums folded.
     */
    public static void settle(Connection c, LocalDate day) throws SQLException {
        for (String module : Jdbc.query(c, "SELECT id FROM module ORDER BY id", rs -> rs.getString(1))) {
            lock(c, module, List.of(day), false);
        }
        for (String module : Jdbc.query(c, "SELECT DISTINCT module_id FROM usage_total_pending WHERE usage_date = ? ORDER BY 1",
                rs -> rs.getString(1), day)) {
            fold(c, module, day);
        }
    }

    /** One module day's pending sums into its totals, in one call of usage_totals_apply. */
    private static void fold(Connection c, String module, LocalDate day) throws SQLException {
        lock(c, module, List.of(day), false);
        List<Group> groups = new ArrayList<>();
        List<BigDecimal> added = new ArrayList<>();
        Jdbc.query(c, """
                WITH folded AS (DELETE FROM usage_total_pending WHERE module_id = ? AND usage_date = ?
                                RETURNING org_id, billing_type, quantity)
                SELECT org_id, billing_type, CASE WHEN bool_and(quantity IS NOT NULL) THEN SUM(quantity) END FROM folded
                GROUP BY org_id, billing_type""",
                rs -> groups.add(new Group(day, rs.getString(1), rs.getString(2))) && added.add(rs.getBigDecimal(3)),
                module, day);
        if (groups.isEmpty()) {
            return;
        }
        // a group of new records only: the day's total plus their sum (the lock keeps the total as read);
        // one with records stored before: summed again from the usage in effect; its assets counted again
        // either way (a page's may repeat an earlier page's), from the groups' pushed records by their key
        // and, when the module also polls, the day's snapshot read once for all of them
        Long snapshot = Jdbc.query(c, "SELECT collection_id FROM polled_snapshot WHERE module_id = ? AND usage_date = ?",
                rs -> rs.getLong(1), module, day).stream().findFirst().orElse(null);
        Jdbc.query(c, """
                WITH g AS (SELECT * FROM unnest(?::text[], ?::text[], ?::numeric[]) AS g(org_id, billing_type, added)),
                r AS (
                    SELECT u.org_id, u.billing_type, u.quantity, u.asset_id, u.source_record_id FROM g
                    JOIN usage_record u ON u.collection_id IS NULL AND u.usage_date = ? AND u.module_id = ?
                        AND u.billing_type = g.billing_type AND u.org_id = g.org_id
                    UNION ALL
                    SELECT u.org_id, u.billing_type, u.quantity, u.asset_id, u.source_record_id FROM usage_record u
                    JOIN g ON g.billing_type = u.billing_type AND g.org_id = u.org_id
                    WHERE u.collection_id = ? AND u.usage_date = ? AND ?),
                n AS (SELECT org_id, billing_type, SUM(quantity) AS quantity, %s AS assets FROM r GROUP BY org_id, billing_type)
                SELECT usage_totals_apply(?, ?, false, false, array_agg(g.org_id), array_agg(g.billing_type),
                    array_agg(CASE WHEN g.added IS NOT NULL THEN g.added + COALESCE(d.quantity, 0)
                                   ELSE COALESCE(n.quantity, 0) END),
                    array_agg(COALESCE(n.assets, 0)))
                FROM g LEFT JOIN n ON n.org_id = g.org_id AND n.billing_type = g.billing_type
                LEFT JOIN usage_day_total d ON d.module_id = ? AND d.usage_date = ? AND d.org_id = g.org_id
                    AND d.billing_type = g.billing_type""".formatted(ASSETS),
                rs -> rs.getLong(1), Jdbc.texts(c, groups, Group::org), Jdbc.texts(c, groups, Group::type),
                c.createArrayOf("numeric", added.toArray()), day, module, snapshot == null ? -1L : snapshot, day,
                snapshot != null, module, day, module, day);
    }

    /**
     * The module days' locks, in one order (days sorted), held until commit: shared by pages, exclusive
     * otherwise. A writer of the totals (a seal, a fold) first takes its module's lock: two of other days
     * both write the month's and the organization's rows, a seal of several days in several calls of
     * usage_totals_apply, so two side by side could each wait for the other (a deadlock).
     */
    private static void lock(Connection c, String module, Collection<LocalDate> days, boolean shared) throws SQLException {
        if (!shared) {
            Jdbc.query(c, "SELECT pg_advisory_xact_lock(hashtext('usage_totals_written'), hashtext(?))", rs -> 1, module);
        }
        String lock = shared ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
        for (LocalDate day : days.stream().sorted().toList()) {
            Jdbc.query(c, "SELECT " + lock + "(hashtext('usage_totals'), hashtext(? || '/' || ?::text))", rs -> 1, module, day);
        }
    }

    /** An organization's billing type on one day: what a total is kept for. */
    private record Group(LocalDate day, String org, String type) {}
}
