package io.usagebilling.intake;

import io.usagebilling.store.Jdbc;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;

/** What was put in quarantine, newest first, with its reason and the payload as received. */
public final class QuarantinedRecords {

    /** The filters, each null for any; {@code before} is the id a previous page ended at. */
    public record Filter(String module, String reason, LocalDate from, LocalDate to, Long before, int limit) {
        public Filter {
            if (limit < 1 || limit > 500) {
                throw new IllegalArgumentException("limit must be 1 to 500, not " + limit);
            }
        }
    }

    /** One quarantined record: the module, its record id and day when they could be read, why, and what came. */
    public record Quarantined(long id, String module, String recordId, LocalDate usageDate, String reason, String payload,
            Long syncRunId, OffsetDateTime receivedAt) {}

    /** A page of them, the number matching the filters in all, and the id to ask {@code before} for the next page. */
    public record Page(long total, List<Quarantined> records, Long nextBefore) {}

    private static final String WHERE = """
            WHERE (?::text IS NULL OR module_id = ?)
              AND (?::text IS NULL OR reason ILIKE '%' || ? || '%')
              AND (?::date IS NULL OR usage_date >= ?)
              AND (?::date IS NULL OR usage_date <= ?)""";

    private final Jdbc jdbc;

    public QuarantinedRecords(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Page page(Filter f) {
        Object[] filters = {f.module(), f.module(), f.reason(), f.reason(), f.from(), f.from(), f.to(), f.to()};
        long total = jdbc.query("SELECT count(*) FROM quarantine " + WHERE, rs -> rs.getLong(1), filters).get(0);
        Object[] paged = new Object[filters.length + 3];
        System.arraycopy(filters, 0, paged, 0, filters.length);
        paged[filters.length] = f.before();
        paged[filters.length + 1] = f.before();
        paged[filters.length + 2] = f.limit() + 1; // one more says whether a next page exists
        List<Quarantined> records = jdbc.query("SELECT id, module_id, source_record_id, usage_date, reason, payload, sync_run_id,"
                + " received_at FROM quarantine " + WHERE + " AND (?::bigint IS NULL OR id < ?) ORDER BY id DESC LIMIT ?",
                rs -> new Quarantined(rs.getLong("id"), rs.getString("module_id"), rs.getString("source_record_id"),
                        Jdbc.date(rs, "usage_date"), rs.getString("reason"), rs.getString("payload"),
                        rs.getObject("sync_run_id", Long.class), rs.getObject("received_at", OffsetDateTime.class)),
                paged);
        if (records.size() <= f.limit()) {
            return new Page(total, records, null);
        }
        List<Quarantined> page = records.subList(0, f.limit());
        return new Page(total, List.copyOf(page), page.get(page.size() - 1).id());
    }
}
