package io.usagebilling.totals;

import io.usagebilling.domain.UsageRecord;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the usage totals (usage_day_total, usage_month_total, usage_org_total: Flyway V19) equal to
 * the usage in effect, in the transaction that changes it, so the reports read them instead of every
 * record ever stored. Each change of a module's day holds that day's lock until commit: two pushed
 * pages of one day cannot both take an organization's day as new.
 */
public final class UsageTotals {

    private UsageTotals() {}

    /** A polled collection became the module's snapshot of the day: the day's totals are its records' (and any pushed ones'). */
    public static void sealed(Connection c, String module, LocalDate day, long collectionId) throws SQLException {
        lock(c, module, List.of(day));
        Jdbc.query(c, """
                SELECT usage_totals_apply(?, ?, true, false, array_agg(org_id), array_agg(billing_type), array_agg(quantity))
                FROM (SELECT org_id, billing_type, SUM(quantity) AS quantity FROM (
                        SELECT org_id, billing_type, quantity FROM usage_record WHERE collection_id = ? AND usage_date = ?
                        UNION ALL
                        SELECT org_id, billing_type, quantity FROM usage_record
                        WHERE collection_id IS NULL AND usage_date = ? AND module_id = ?) r
                      GROUP BY org_id, billing_type) t""",
                rs -> rs.getLong(1), module, day, collectionId, day, day, module);
    }

    /**
     * A pushed page stored: {@code allNew}, none of its records was stored before, and their quantities
     * are added to their days; otherwise their groups are summed again.
     */
    public static void pushed(Connection c, String module, List<UsageRecord> records, boolean allNew) throws SQLException {
        if (allNew) {
            added(c, module, records);
        } else {
            recounted(c, module, records);
        }
    }

    private static void added(Connection c, String module, List<UsageRecord> records) throws SQLException {
        Map<LocalDate, Map<List<String>, BigDecimal>> byDay = new TreeMap<>();
        for (UsageRecord r : records) {
            byDay.computeIfAbsent(r.usageDate(), d -> new TreeMap<>(UsageTotals::compare))
                    .merge(List.of(r.orgId(), r.billingType()), r.quantity(), BigDecimal::add);
        }
        lock(c, module, List.copyOf(byDay.keySet()));
        for (Map.Entry<LocalDate, Map<List<String>, BigDecimal>> day : byDay.entrySet()) {
            List<String> orgs = new ArrayList<>();
            List<String> types = new ArrayList<>();
            day.getValue().keySet().forEach(k -> {
                orgs.add(k.get(0));
                types.add(k.get(1));
            });
            Jdbc.query(c, "SELECT usage_totals_apply(?, ?, false, true, ?, ?, ?)", rs -> rs.getLong(1), module, day.getKey(),
                    c.createArrayOf("text", orgs.toArray()), c.createArrayOf("text", types.toArray()),
                    c.createArrayOf("numeric", day.getValue().values().toArray()));
        }
    }

    /** Pushed records some of which were stored before (repeated, corrected): their groups summed again. */
    private static void recounted(Connection c, String module, List<UsageRecord> records) throws SQLException {
        Map<LocalDate, List<List<String>>> byDay = new TreeMap<>();
        for (UsageRecord r : records) {
            byDay.computeIfAbsent(r.usageDate(), d -> new ArrayList<>()).add(List.of(r.orgId(), r.billingType()));
        }
        lock(c, module, List.copyOf(byDay.keySet()));
        for (Map.Entry<LocalDate, List<List<String>>> day : byDay.entrySet()) {
            Jdbc.query(c, """
                    SELECT usage_totals_apply(?, ?, false, false, array_agg(g.org_id), array_agg(g.billing_type),
                        array_agg((SELECT COALESCE(SUM(u.quantity), 0) FROM usage_record u
                                   WHERE u.collection_id IS NULL AND u.usage_date = ? AND u.module_id = ?
                                     AND u.billing_type = g.billing_type AND u.org_id = g.org_id)
                                + (SELECT COALESCE(SUM(u.quantity), 0) FROM usage_record u
                                   JOIN polled_snapshot s ON s.collection_id = u.collection_id
                                   WHERE s.module_id = ? AND s.usage_date = ? AND u.usage_date = ?
                                     AND u.billing_type = g.billing_type AND u.org_id = g.org_id)))
                    FROM (SELECT DISTINCT * FROM unnest(?::text[], ?::text[]) AS g(org_id, billing_type)) g""",
                    rs -> rs.getLong(1), module, day.getKey(), day.getKey(), module, module, day.getKey(), day.getKey(),
                    c.createArrayOf("text", day.getValue().stream().map(k -> k.get(0)).toArray()),
                    c.createArrayOf("text", day.getValue().stream().map(k -> k.get(1)).toArray()));
        }
    }

    /** The module days' locks, in one order (days sorted), held until commit. */
    private static void lock(Connection c, String module, List<LocalDate> days) throws SQLException {
        for (LocalDate day : days.stream().sorted().toList()) {
            Jdbc.query(c, "SELECT pg_advisory_xact_lock(hashtext('usage_totals'), hashtext(? || '/' || ?::text))",
                    rs -> 1, module, day);
        }
    }

    private static int compare(List<String> a, List<String> b) {
        int org = a.get(0).compareTo(b.get(0));
        return org != 0 ? org : a.get(1).compareTo(b.get(1));
    }
}
