package io.usagebilling.sim.demo;

import io.usagebilling.store.Jdbc;
import java.time.LocalDate;
import javax.sql.DataSource;

/** What the demo stored over a range of usage days, whichever way the usage arrived (polled, pushed, dropped). */
public final class DemoRecordCounts {

    /** Records stored, records quarantined, and modules that produced usage. */
    public record Counts(long records, long quarantined, long modules) {}

    private final Jdbc jdbc;

    public DemoRecordCounts(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Counts between(LocalDate first, LocalDate last) {
        return jdbc.query("""
                SELECT (SELECT count(*) FROM current_usage WHERE usage_date BETWEEN ? AND ?),
                       (SELECT count(*) FROM quarantine WHERE usage_date BETWEEN ? AND ?),
                       (SELECT count(DISTINCT module_id) FROM current_usage WHERE usage_date BETWEEN ? AND ?)""",
                rs -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3)), first, last, first, last, first, last).get(0);
    }
}
