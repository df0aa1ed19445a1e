package io.usagebilling.intake;

import io.usagebilling.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/** Remembers callback signatures in PostgreSQL, so a replay is refused whichever instance it reaches. */
public final class CallbackReplays {

    private final Jdbc jdbc;
    private final Duration memory;

    /** @param memory how long a signature is remembered: longer than the accepted timestamp skew */
    public CallbackReplays(DataSource dataSource, Duration memory) {
        this.jdbc = new Jdbc(dataSource);
        this.memory = memory;
    }

    /**
     * True the first time this module's signature is seen; false for a replay. In the batch's own
     * transaction: a batch that fails leaves its signature unused, so the module's retry is taken.
     */
    public boolean firstUse(Connection c, String module, String signature) throws SQLException {
        // Under a steady load every batch finds the same few expired rows: one that another open batch is
        // deleting is left to it (SKIP LOCKED), so batches never wait for each other's commits here.
        Jdbc.update(c, """
                DELETE FROM callback_signature WHERE (module_id, signature) IN (
                    SELECT module_id, signature FROM callback_signature
                    WHERE received_at < now() - make_interval(secs => ?) FOR UPDATE SKIP LOCKED)""",
                (double) memory.toSeconds());
        return Jdbc.update(c, "INSERT INTO callback_signature (module_id, signature) VALUES (?, ?) ON CONFLICT DO NOTHING",
                module, signature) == 1;
    }
}
