package io.usagebilling.sync;

import io.usagebilling.store.Jdbc;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A sync run's work shared by every instance on this database: one unit per polled module, claimed
 * with {@code FOR UPDATE SKIP LOCKED} under a lease that its instance renews while it lives. A unit
 * whose lease ran out is claimed again; a done unit never is. The run has an owner under a lease as
 * well (the instance that computes quantities and delivers); a run whose owner died is resumed.
 */
public final class WorkUnits {

    /** A claimed unit: collect {@code module}'s usage of {@code usageDate} for run {@code syncRunId}. */
    public record Unit(long syncRunId, LocalDate usageDate, String module) {}

    /** Units of a run by state, for progress. */
    public record Progress(int total, int done, Duration elapsed) {}

    private static final String CLAIMABLE = "(u.status = 'pending' OR (u.status = 'claimed' AND u.lease_until < now()))";

    private final Jdbc jdbc;
    private final String instance;
    private final Duration lease;

    public WorkUnits(DataSource dataSource, String instance, Duration lease) {
        this.jdbc = new Jdbc(dataSource);
        this.instance = instance;
        this.lease = lease;
    }

    public String instance() {
        return instance;
    }

    /**
     * The run of {@code usageDate} this instance now owns: the one left running by an owner whose lease
     * ran out (resumed from its done units), or a new one. Refused while a live instance owns it.
     */
    public long openRun(LocalDate usageDate, List<String> modules) {
        return jdbc.inTransaction(c -> {
            // One opener per day at a time, so two instances never start two runs of the same day.
            Jdbc.query(c, "SELECT pg_advisory_xact_lock(hashtext('sync_run'), ?)", rs -> null, (int) usageDate.toEpochDay());
            List<Object[]> running = Jdbc.query(c, """
                    SELECT id, owner, lease_until > now() FROM sync_run
                    WHERE usage_date = ? AND status = 'running' AND kind = 'sync' ORDER BY id DESC LIMIT 1""",
                    rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getBoolean(3)}, usageDate);
            long id;
            if (running.isEmpty()) {
                id = Jdbc.query(c, "INSERT INTO sync_run (usage_date, owner, lease_until) VALUES (?, ?, now() + ?::interval) RETURNING id",
                        rs -> rs.getLong(1), usageDate, instance, interval()).get(0);
            } else {
                id = (long) running.get(0)[0];
                if ((boolean) running.get(0)[2] && !instance.equals(running.get(0)[1])) {
                    throw new IllegalStateException("the sync of " + usageDate + " is already running (run " + id
                            + " on instance " + running.get(0)[1] + ")");
                }
                Jdbc.update(c, "UPDATE sync_run SET owner = ?, lease_until = now() + ?::interval WHERE id = ?",
                        instance, interval(), id);
            }
            Jdbc.update(c, """
                    INSERT INTO work_unit (sync_run_id, module_id) SELECT ?, m FROM unnest(?::text[]) AS m
                    ON CONFLICT DO NOTHING""", id, c.createArrayOf("text", modules.toArray()));
            return id;
        });
    }

    /** Claims a unit of run {@code syncRunId}, or of any running run when it is null. */
    public Optional<Unit> claim(Long syncRunId) {
        return jdbc.query("""
                UPDATE work_unit w SET status = 'claimed', owner = ?, lease_until = now() + ?::interval,
                    attempts = attempts + 1
                FROM (SELECT u.sync_run_id, u.module_id FROM work_unit u JOIN sync_run r ON r.id = u.sync_run_id
                      WHERE r.status = 'running' AND (?::bigint IS NULL OR u.sync_run_id = ?) AND """ + CLAIMABLE + """
                      ORDER BY u.sync_run_id, u.module_id LIMIT 1 FOR UPDATE OF u SKIP LOCKED) c
                WHERE w.sync_run_id = c.sync_run_id AND w.module_id = c.module_id
                RETURNING w.sync_run_id, (SELECT usage_date FROM sync_run WHERE id = w.sync_run_id), w.module_id""",
                rs -> new Unit(rs.getLong(1), rs.getObject(2, LocalDate.class), rs.getString(3)),
                instance, interval(), syncRunId, syncRunId).stream().findFirst();
    }

    public void done(long syncRunId, String module) {
        jdbc.update("""
                UPDATE work_unit SET status = 'done', done_at = now(), lease_until = NULL
                WHERE sync_run_id = ? AND module_id = ? AND owner = ?""", syncRunId, module, instance);
    }

    public Progress progress(long syncRunId) {
        return jdbc.query("""
                SELECT count(*), count(*) FILTER (WHERE u.status = 'done'),
                    (SELECT extract(epoch FROM now() - started_at) FROM sync_run WHERE id = ?)
                FROM work_unit u WHERE u.sync_run_id = ?""",
                rs -> new Progress(rs.getInt(1), rs.getInt(2), Duration.ofMillis((long) (rs.getDouble(3) * 1000))),
                syncRunId, syncRunId).get(0);
    }

    /** Keeps this instance's units and runs its own while it lives; a dead instance's leases run out. */
    public void renewLeases() {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "UPDATE work_unit SET lease_until = now() + ?::interval WHERE owner = ? AND status = 'claimed'",
                    interval(), instance);
            Jdbc.update(c, "UPDATE sync_run SET lease_until = now() + ?::interval WHERE owner = ? AND status = 'running'",
                    interval(), instance);
            return null;
        });
    }

    private String interval() {
        return lease.toMillis() + " milliseconds";
    }
}
