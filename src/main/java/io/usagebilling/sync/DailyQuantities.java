package io.usagebilling.sync;

import io.usagebilling.store.Jdbc;
import io.usagebilling.totals.UsageTotals;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import javax.sql.DataSource;

/**
 * Computes, in SQL, the quantity of every mapped contract service line for one day: the sum of the
 * billable usage (after the seeds' billing rules: view {@code billable_usage}, migration V25, which reads
 * the day totals for summed and distinct-asset types, settled first) of every organization mapped to the
 * line's company, for the line's module and billing type.
 * A line with no usage that day gets 0 (a drop to zero is a change like any other). A line is left
 * out when one of its modules is disabled for billing, or did not collect completely in this run
 * (polled), or has not sent data for the day (pushed: usage dated that day or its word that the day is
 * complete, table pushed_day; else the module is recorded as missing data for the run), so neither a
 * failed poll nor a silent module reads as "everyone dropped to zero". Only after the configured
 * cut-off past the day's end is a pushed module that has sent data before, but none for the day, taken
 * as having had nothing in use.
 */
public final class DailyQuantities {

    private final Jdbc jdbc;
    private final ZoneId zone;
    private final Duration pushedCutoff;

    /** @param pushedCutoff zero: a pushed module's day without data waits for it, however late */
    public DailyQuantities(DataSource dataSource, ZoneId zone, Duration pushedCutoff) {
        this.jdbc = new Jdbc(dataSource);
        this.zone = zone;
        this.pushedCutoff = pushedCutoff;
    }

    /** Returns the number of lines computed. */
    public int compute(long syncRunId, LocalDate usageDate) {
        boolean pastCutoff = !pushedCutoff.isZero()
                && Instant.now().isAfter(usageDate.plusDays(1).atStartOfDay(zone).toInstant().plus(pushedCutoff));
        analyzeAfterANight();
        return jdbc.inTransaction(c -> {
            Jdbc.update(c, """
                    INSERT INTO source_collection (sync_run_id, module_id, status, error)
                    SELECT ?, m.id, CASE WHEN p.module_id IS NULL AND NOT t.taken THEN 'missing' ELSE 'succeeded' END,
                        CASE WHEN p.module_id IS NOT NULL THEN NULL
                             WHEN t.taken THEN 'nothing received for ' || ?::date || ': taken as nothing in use after the cut-off'
                             ELSE 'no usage and no complete day received for ' || ?::date END
                    FROM module m LEFT JOIN pushed_day p ON p.module_id = m.id AND p.usage_date = ?
                    CROSS JOIN LATERAL (SELECT ? AND EXISTS (SELECT 1 FROM pushed_day e
                        WHERE e.module_id = m.id AND e.usage_date < ?) AS taken) t
                    WHERE m.source_kind <> 'poll' AND m.billing_enabled
                        AND EXISTS (SELECT 1 FROM service_mapping sm WHERE sm.module_id = m.id)
                    ON CONFLICT (sync_run_id, module_id) DO UPDATE SET status = excluded.status, error = excluded.error""",
                    syncRunId, usageDate, usageDate, usageDate, pastCutoff, usageDate);
            return write(c, usageDate, syncRunId, syncRunId, null);
        });
    }

    /**
     * A night's collections may add as many records as the table held: the planner must know the day
     * has many, or it takes the day for a few hundred (a table's default estimate) and picks nested
     * loops and sorts: 1.9-3.0 s instead of 1.1 s for the day's quantities at 500,000 records, for an
     * ANALYZE of 0.3-0.5 s. Autovacuum would analyze too, by the same threshold, but a minute later. Only
     * the per-asset rules read the records (V25), so without a type that has one there is nothing to plan.
     */
    private void analyzeAfterANight() {
        boolean stale = jdbc.query("""
                SELECT s.n_mod_since_analyze > 50 + 0.1 * GREATEST(c.reltuples, 0)
                    AND EXISTS (SELECT 1 FROM module_billing_type WHERE grouped_by = 'asset')
                FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
                WHERE s.relid = 'usage_record'::regclass""", rs -> rs.getBoolean(1)).stream().findFirst().orElse(false);
        if (stale) {
            jdbc.update("ANALYZE usage_record");
        }
    }

    /**
     * The day's lines (of {@code companies}, or all when null) with the mappings as they are now and the
     * modules as run {@code collectedBy} collected them, upserted; returns their number. A recomputation
     * ({@code companies} given: an earlier day, as a new sync of it would) keeps each row's run and marks
     * it recomputed by {@code syncRunId}.
     */
    static int write(Connection c, LocalDate usageDate, long collectedBy, long syncRunId, Long[] companies)
            throws SQLException {
        UsageTotals.settle(c, usageDate);
        // The per-asset branch (types with per-asset rules) groups the day's records one group per asset,
        // hundreds of thousands a night at a million records: hashed in memory, not sorted on disk, at
        // twice work_mem for hash tables (at 64 MB alone they spilled in 5 batches). For this transaction only.
        Jdbc.update(c, "SET LOCAL work_mem = '64MB'");
        Jdbc.update(c, "SET LOCAL enable_sort = off");
        Jdbc.update(c, "SET LOCAL hash_mem_multiplier = 2");
        // Selected, then written: an INSERT ... SELECT runs on one core, a SELECT may use two
        // (Parallel Append over the view's branches). The day's usage is computed once (MATERIALIZED):
        // joined to the view, the planner would recompute its branches per mapped organization.
        List<LineQuantity> lines = Jdbc.query(c, """
                WITH u AS MATERIALIZED (SELECT * FROM billable_usage WHERE usage_date = ?)
                SELECT sm.contract_id, sm.service_id, COALESCE(SUM(u.quantity), 0), MIN(sm.proration)
                FROM service_mapping sm
                JOIN module m ON m.id = sm.module_id
                LEFT JOIN org_mapping om ON om.module_id = sm.module_id AND om.company_id = sm.company_id
                LEFT JOIN u ON u.module_id = om.module_id AND u.org_id = om.org_id
                    AND u.billing_type = sm.billing_type
                WHERE ?::bigint[] IS NULL OR sm.company_id = ANY(?::bigint[])
                GROUP BY sm.contract_id, sm.service_id
                HAVING bool_and(m.billing_enabled AND sm.module_id IN (
                    SELECT module_id FROM source_collection WHERE sync_run_id = ? AND status = 'succeeded'))""",
                rs -> new LineQuantity(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getString(4)),
                usageDate, companies == null ? null : c.createArrayOf("bigint", companies),
                companies == null ? null : c.createArrayOf("bigint", companies), collectedBy);
        boolean recomputing = companies != null;
        Jdbc.update(c, """
                INSERT INTO daily_quantity (contract_id, service_id, usage_date, quantity, proration, sync_run_id, recomputed_by)
                SELECT l.contract_id, l.service_id, ?, l.quantity, l.proration, ?, ?
                FROM unnest(?::bigint[], ?::bigint[], ?::numeric[], ?::text[]) AS l(contract_id, service_id, quantity, proration)
                ON CONFLICT (contract_id, service_id, usage_date) DO UPDATE SET quantity = excluded.quantity,
                    proration = excluded.proration, computed_at = now(),
                    sync_run_id = CASE WHEN ? THEN daily_quantity.sync_run_id ELSE excluded.sync_run_id END,
                    recomputed_by = excluded.recomputed_by""",
                usageDate, collectedBy, recomputing ? syncRunId : null,
                c.createArrayOf("bigint", lines.stream().map(LineQuantity::contractId).toArray()),
                c.createArrayOf("bigint", lines.stream().map(LineQuantity::serviceId).toArray()),
                c.createArrayOf("numeric", lines.stream().map(LineQuantity::quantity).toArray()),
                Jdbc.texts(c, lines, LineQuantity::proration), recomputing);
        return lines.size();
    }

    private record LineQuantity(long contractId, long serviceId, BigDecimal quantity, String proration) {}
}
