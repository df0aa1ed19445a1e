package io.usagebilling.delivery;

import io.usagebilling.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * A PSA is sent to by one run at a time, across instances. Each run takes over every change still
 * open, so two side by side (the nightly sync and a back-dated one, a reconcile, an approved plan)
 * would each read a line before the other's write landed and send the same change again. A session
 * lock of PostgreSQL's, on a connection kept while the run sends: the next run waits for it, then
 * reads the PSA as the first left it; an instance that dies lets it go with its connection.
 */
public final class PsaSendingLock {

    private static final String CONNECTION = "psaSendingLock";

    private final DataSource dataSource;
    private final String psa;

    public PsaSendingLock(DataSource dataSource, String psa) {
        this.dataSource = dataSource;
        this.psa = psa;
    }

    /** Waits until no other run sends to the PSA, and keeps it so until {@link #release}. */
    public void take(Exchange exchange) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            lock(c, "pg_advisory_lock");
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        exchange.setProperty(CONNECTION, c);
    }

    public void release(Exchange exchange) throws SQLException {
        Connection c = exchange.getProperty(CONNECTION, Connection.class);
        exchange.removeProperty(CONNECTION);
        if (c != null) {
            try (c) {
                lock(c, "pg_advisory_unlock");
            }
        }
    }

    private void lock(Connection c, String function) throws SQLException {
        Jdbc.query(c, "SELECT " + function + "(hashtext('psa_sending'), hashtext(?))", rs -> 1, psa);
    }
}
