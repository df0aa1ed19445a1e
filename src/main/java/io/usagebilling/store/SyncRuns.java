package io.usagebilling.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;

/** A daily sync's record: when it ran, each module's collection, and what it did in figures. */
public final class SyncRuns {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final Jdbc jdbc;

    public SyncRuns(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public long start(LocalDate usageDate) {
        return jdbc.queryLong("INSERT INTO sync_run (usage_date) VALUES (?) RETURNING id", usageDate);
    }

    public void beginCollection(long syncRunId, String module) {
        jdbc.update("INSERT INTO source_collection (sync_run_id, module_id) VALUES (?, ?)", syncRunId, module);
    }

    public void endCollection(long syncRunId, String module, String error) {
        jdbc.update("UPDATE source_collection SET status = ?, error = ? WHERE sync_run_id = ? AND module_id = ?",
                error == null ? "succeeded" : "failed", error, syncRunId, module);
    }

    /** Modules whose collection in this run failed, with the reason, for the summary. */
    public List<String> failedCollections(long syncRunId) {
        return jdbc.query("SELECT module_id || ': ' || error FROM source_collection "
                + "WHERE sync_run_id = ? AND status <> 'succeeded' ORDER BY module_id", rs -> rs.getString(1), syncRunId);
    }

    public SyncSummary summarize(long syncRunId, SyncSummary.PsaSide side) {
        // Read first: a query inside the row mapper would hold one pooled connection while taking another.
        List<String> failedModules = failedCollections(syncRunId);
        return jdbc.query("""
                SELECT r.usage_date,
                    (SELECT count(*) FROM usage_record WHERE sync_run_id = r.id) AS records,
                    (SELECT count(*) FROM quarantine WHERE sync_run_id = r.id) AS quarantined,
                    (SELECT count(*) FROM organization) AS orgs,
                    (SELECT count(*) FROM organization o WHERE NOT EXISTS (SELECT 1 FROM org_mapping m
                        WHERE m.module_id = o.module_id AND m.org_id = o.org_id)) AS unmapped,
                    (SELECT count(*) FROM daily_quantity WHERE sync_run_id = r.id) AS lines,
                    (SELECT count(*) FROM delivery_ledger WHERE sync_run_id = r.id) AS changed,
                    (SELECT count(*) FROM delivery_ledger WHERE sent_by_run = r.id) AS adjustments,
                    (SELECT count(*) FROM delivery_ledger WHERE sync_run_id = r.id
                        AND status IN ('failed', 'unknown', 'planned', 'sent', 'mismatch')) AS undelivered,
                    COALESCE(r.lines_compared, 0) AS compared,
                    (SELECT count(*) FROM delivery_ledger WHERE sync_run_id = r.id AND status = 'confirmed'
                        AND resumed_from IN ('sent', 'unknown')) AS unknowns_resolved
                FROM sync_run r WHERE r.id = ?""",
                rs -> new SyncSummary(syncRunId, Jdbc.date(rs, "usage_date"), rs.getInt("records"), rs.getInt("quarantined"),
                        rs.getInt("orgs"), rs.getInt("unmapped"), rs.getInt("lines"), rs.getInt("changed"),
                        rs.getInt("adjustments"), rs.getInt("undelivered"), side.traffic().requests(),
                        failedModules, side.psa(), rs.getInt("compared"), side.traffic().throttled(),
                        side.traffic().retries(), rs.getInt("unknowns_resolved"), side.budgetLeft()),
                syncRunId).get(0);
    }

    public void finish(long syncRunId, SyncSummary summary) {
        jdbc.update("""
                UPDATE sync_run SET finished_at = now(), summary = ?::jsonb,
                    status = CASE WHEN ? THEN 'succeeded' ELSE 'failed' END WHERE id = ?""",
                json(summary), summary.complete(), syncRunId);
    }

    private static String json(SyncSummary summary) {
        try {
            return JSON.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the sync summary as JSON", e);
        }
    }

    public void fail(long syncRunId, String error) {
        jdbc.update("UPDATE sync_run SET finished_at = now(), status = 'failed', error = ? WHERE id = ?",
                error, syncRunId);
    }
}
