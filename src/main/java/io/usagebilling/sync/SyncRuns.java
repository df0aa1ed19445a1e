package io.usagebilling.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.usagebilling.store.Jdbc;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** A daily sync's record: when it ran, each module's collection, and what it did in figures. */
public final class SyncRuns {

    /** Dates in the stored summary as ISO days ("2026-12-03"), as the REST API shows them, not [2026,12,3]. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Jdbc jdbc;

    /**
     * A run's records stored and quarantined, as its collections counted them in the same
     * transactions as the rows: no scan of every night's usage. Joined to {@code sync_run r}.
     */
    static final String COLLECTED = """
            LATERAL (SELECT COALESCE(sum(stored), 0) AS records, COALESCE(sum(quarantined), 0) AS quarantined,
                    COALESCE(sum(corrected), 0) AS corrected
                FROM source_collection WHERE sync_run_id = r.id) collected
            """;

    public SyncRuns(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * The module's collection in this run is the one an earlier run of the same day made: succeeded
     * when there was one (its stored usage stands), else missing data. Returns whether there was one.
     */
    public boolean keepEarlierCollection(long syncRunId, String module, LocalDate usageDate) {
        return jdbc.query("""
                UPDATE source_collection sc SET status = CASE WHEN e.found THEN 'succeeded' ELSE 'missing' END,
                    error = CASE WHEN e.found THEN NULL ELSE ? END
                FROM (SELECT EXISTS (SELECT 1 FROM source_collection o JOIN sync_run r ON r.id = o.sync_run_id
                        WHERE o.module_id = ? AND r.usage_date = ? AND o.status = 'succeeded' AND o.sync_run_id <> ?)
                    AS found) e
                WHERE sc.sync_run_id = ? AND sc.module_id = ?
                RETURNING e.found""", rs -> rs.getBoolean(1),
                "answers with current counts only, and " + usageDate + " was never collected from it",
                module, usageDate, syncRunId, syncRunId, module).get(0);
    }

    /** What a module's collection in a run stored and quarantined. */
    public record Collected(long stored, long quarantined) {}

    public Collected collection(long syncRunId, String module) {
        return jdbc.query("SELECT stored, quarantined FROM source_collection WHERE sync_run_id = ? AND module_id = ?",
                rs -> new Collected(rs.getLong(1), rs.getLong(2)), syncRunId, module).stream().findFirst()
                .orElse(new Collected(0, 0));
    }

    public void endCollection(long syncRunId, String module, String error) {
        jdbc.update("UPDATE source_collection SET status = ?, error = ? WHERE sync_run_id = ? AND module_id = ?",
                error == null ? "succeeded" : "failed", error, syncRunId, module);
    }

    /** Modules whose collection in this run failed, with the reason, for the summary. */
    public List<String> failedCollections(long syncRunId) {
        return jdbc.query("SELECT module_id || ': ' || error FROM source_collection "
                + "WHERE sync_run_id = ? AND status NOT IN ('succeeded', 'missing') ORDER BY module_id",
                rs -> rs.getString(1), syncRunId);
    }

    /** Pushed modules that sent nothing for the run's day: their lines wait. */
    public List<String> missingData(long syncRunId) {
        return jdbc.query("SELECT module_id FROM source_collection WHERE sync_run_id = ? AND status = 'missing' ORDER BY module_id",
                rs -> rs.getString(1), syncRunId);
    }

    /** Seconds a finished run spent collecting, then mapping and computing quantities, then delivering. */
    public record Phases(double collect, double quantities, double deliver) {}

    /** From the rows' own times: units done, the first delivery planned (else the end), the end. */
    public Phases phases(long syncRunId) {
        return jdbc.query("""
                WITH t AS (SELECT r.started_at, r.finished_at,
                        (SELECT max(done_at) FROM work_unit WHERE sync_run_id = r.id) AS collected,
                        COALESCE((SELECT min(created_at) FROM delivery_ledger WHERE sync_run_id = r.id), r.finished_at)
                            AS planned
                    FROM sync_run r WHERE r.id = ?)
                SELECT extract(epoch FROM collected - started_at), extract(epoch FROM planned - collected),
                    extract(epoch FROM finished_at - planned) FROM t""",
                rs -> new Phases(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)), syncRunId).get(0);
    }

    public SyncSummary summarize(long syncRunId, SyncSummary.PsaSide side) {
        // Read first: a query inside the row mapper would hold one pooled connection while taking another.
        List<String> failedModules = failedCollections(syncRunId);
        List<String> missingModules = missingData(syncRunId);
        return jdbc.query("""
                SELECT r.usage_date,
                    collected.records, collected.corrected, collected.quarantined,
                    (SELECT count(*) FROM organization) AS orgs,
                    (SELECT count(*) FROM organization o WHERE NOT EXISTS (SELECT 1 FROM org_mapping m
                        WHERE m.module_id = o.module_id AND m.org_id = o.org_id)) AS unmapped,
                    (SELECT count(*) FROM daily_quantity WHERE sync_run_id = r.id) AS lines,
                    (SELECT count(*) FROM delivery_ledger WHERE sync_run_id = r.id) AS changed,
                    (SELECT count(*) FROM delivery_ledger WHERE sent_by_run = r.id) AS adjustments,
                    (SELECT count(*) FROM delivery_ledger WHERE sync_run_id = r.id
                        AND status IN ('failed', 'unknown', 'planned', 'sent', 'mismatch')) AS undelivered,
                    (SELECT count(*) FROM psa_drift WHERE sync_run_id = r.id) AS drifts,
                    COALESCE(r.lines_compared, 0) AS compared,
                    (SELECT count(*) FROM delivery_ledger WHERE sync_run_id = r.id AND status = 'confirmed'
                        AND resumed_from IN ('sent', 'unknown')) AS unknowns_resolved
                FROM sync_run r, """ + COLLECTED + """
                WHERE r.id = ?""",
                rs -> new SyncSummary(syncRunId, Jdbc.date(rs, "usage_date"), rs.getInt("records"), rs.getInt("corrected"),
                        rs.getInt("quarantined"),
                        rs.getInt("orgs"), rs.getInt("unmapped"), rs.getInt("lines"), rs.getInt("changed"),
                        rs.getInt("adjustments"), rs.getInt("undelivered"), rs.getInt("drifts"), side.traffic().requests(),
                        failedModules, missingModules, side.psa(), rs.getInt("compared"), side.traffic().throttled(),
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

    /**
     * The days of {@code month} up to {@code lastDay} whose usage is not all in: never synced (as ranges
     * of days), or whose last sync failed or left a module failed or missing data. One line each, in order.
     */
    public List<String> incompleteDays(YearMonth month, LocalDate lastDay) {
        LocalDate end = month.atEndOfMonth().isBefore(lastDay) ? month.atEndOfMonth() : lastDay;
        List<String> lines = new ArrayList<>();
        LocalDate[] unsynced = new LocalDate[2];
        jdbc.query("""
                SELECT d::date AS day, r.id, r.status FROM generate_series(?::date, ?::date, interval '1 day') d
                LEFT JOIN LATERAL (SELECT id, status FROM sync_run WHERE kind = 'sync' AND usage_date = d::date
                    ORDER BY id DESC LIMIT 1) r ON true
                WHERE r.id IS NULL OR r.status <> 'succeeded'
                ORDER BY 1""",
                rs -> {
                    LocalDate day = Jdbc.date(rs, "day");
                    boolean never = rs.getString("status") == null;
                    if (unsynced[0] != null && !(never && unsynced[1].plusDays(1).equals(day))) {
                        lines.add(unsyncedLine(unsynced));
                        unsynced[0] = null;
                    }
                    if (never) {
                        unsynced[0] = unsynced[0] == null ? day : unsynced[0];
                        unsynced[1] = day;
                    } else {
                        lines.add("the last sync of " + day + " (run " + rs.getLong("id") + ") is " + rs.getString("status")
                                + "; bin/usage-billing status says why");
                    }
                    return day;
                },
                month.atDay(1), end);
        if (unsynced[0] != null) {
            lines.add(unsyncedLine(unsynced));
        }
        return lines;
    }

    private static String unsyncedLine(LocalDate[] range) {
        return "no sync of " + (range[0].equals(range[1]) ? range[0].toString() : range[0] + ".." + range[1]);
    }

    /** Seconds the last finished run took; 0 before any. */
    public double lastDurationSeconds() {
        return jdbc.query("""
                SELECT extract(epoch FROM finished_at - started_at) FROM sync_run
                WHERE finished_at IS NOT NULL AND kind = 'sync' ORDER BY finished_at DESC LIMIT 1""", rs -> rs.getDouble(1))
                .stream().findFirst().orElse(0.0);
    }

    public void fail(long syncRunId, String error) {
        jdbc.update("UPDATE sync_run SET finished_at = now(), status = 'failed', error = ? WHERE id = ?",
                error, syncRunId);
    }
}
