package io.usagebilling.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.store.Jdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The last syncs and reconciliations, newest first: what {@code status} prints and {@code GET /api/syncs} answers. */
public final class LastRuns {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One run: its day (a reconciliation: the range), status, timing, work units done of all, records
     * stored and quarantined, writes sent, its changes held for approval now (none once approved), the
     * instance that owned it, modules missing data, its error, and its summary's figures as stored
     * (failed modules, undelivered changes, the PSA's budget...).
     */
    public record Run(long id, String kind, LocalDate rangeFrom, LocalDate usageDate, String status, OffsetDateTime startedAt,
            BigDecimal seconds, String units, long records, long quarantined, Long adjustments, long held, String owner,
            List<String> missing, String error, JsonNode summary) {

        /** "run 12 2026-11-22 succeeded started=... seconds=42.7 units=4/4 records=... instance=..." */
        public String line() {
            return "run " + id + " " + (kind.equals("reconcile") ? "reconcile " + rangeFrom + ".." : "") + usageDate + " "
                    + status + " started=" + startedAt.toInstant().truncatedTo(ChronoUnit.SECONDS)
                    + " seconds=" + seconds + " units=" + units + " records=" + records + " quarantined=" + quarantined
                    + " adjustments=" + (adjustments == null ? "-" : adjustments) + " instance=" + owner
                    + (missing.isEmpty() ? "" : " missing=" + String.join(",", missing)) + (error == null ? "" : " error=" + error);
        }
    }

    private final Jdbc jdbc;

    public LastRuns(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public List<Run> last(int count) {
        return runs("ORDER BY r.id DESC LIMIT ?", count);
    }

    public Optional<Run> one(long id) {
        return runs("WHERE r.id = ?", id).stream().findFirst();
    }

    private List<Run> runs(String which, Object parameter) {
        return jdbc.query("""
                SELECT r.id, r.kind, r.range_from, r.usage_date, r.status, r.started_at,
                    round(extract(epoch FROM COALESCE(r.finished_at, now()) - r.started_at)::numeric, 1) AS seconds,
                    (SELECT count(*) FILTER (WHERE status = 'done') || '/' || count(*) FROM work_unit WHERE sync_run_id = r.id) AS units,
                    COALESCE((r.summary->>'records')::bigint, collected.records) AS records,
                    COALESCE((r.summary->>'quarantined')::bigint, collected.quarantined) AS quarantined,
                    (r.summary->>'adjustments')::bigint AS adjustments,
                    (SELECT count(*) FROM delivery_ledger WHERE status = 'held' AND sync_run_id = r.id) AS held,
                    r.owner, r.error, r.summary::text AS summary,
                    ARRAY(SELECT module_id FROM source_collection WHERE sync_run_id = r.id AND status = 'missing'
                        ORDER BY module_id) AS missing
                FROM sync_run r, """ + SyncRuns.COLLECTED + which,
                rs -> new Run(rs.getLong("id"), rs.getString("kind"), Jdbc.date(rs, "range_from"), Jdbc.date(rs, "usage_date"),
                        rs.getString("status"), rs.getObject("started_at", OffsetDateTime.class), rs.getBigDecimal("seconds"),
                        rs.getString("units"), rs.getLong("records"), rs.getLong("quarantined"),
                        rs.getObject("adjustments", Long.class), rs.getLong("held"), rs.getString("owner"),
                        List.of((String[]) rs.getArray("missing").getArray()), rs.getString("error"), json(rs.getString("summary"))),
                parameter);
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
