package io.usagebilling.delivery;

import io.usagebilling.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

/**
 * A PSA is sent to by one run at a time, across instances. Each run takes over every change still
 * open, so two side by side (the nightly sync and a back-dated one, a reconcile, an approved plan)
 * would each read a line before the other's write landed and send the same change again. A session
 * lock of PostgreSQL's, on a connection kept while the run sends: the next run waits for it, then
 * reads the PSA as the first left it; an instance that dies lets it go with its connection. A person's
 * request is not kept waiting for a whole delivery: it is refused ({@link Busy}) before it changes anything.
 */
public final class PsaSendingLock {

    private static final String HELD = "psaSendingLock";
    private static final long TRY_EVERY_MS = 200;
    private static final String KEY = "hashtext('psa_sending'), hashtext(?)";

    private final DataSource dataSource;
    private final String psa;

    public PsaSendingLock(DataSource dataSource, String psa) {
        this.dataSource = dataSource;
        this.psa = psa;
    }

    /** Another run is sending to the PSA; nothing of the request was done. */
    public static final class Busy extends IllegalStateException {
        Busy(String message) {
            super(message);
        }
    }

    /** The lock on its connection, taken once per exchange however many routes of it ask. */
    private static final class Held {
        final Connection connection;
        int depth = 1;

        Held(Connection connection) {
            this.connection = connection;
        }
    }

    /** A run's send: waits until no other run sends to the PSA, unless it has nothing to send. */
    public void take(@Body List<?> deliveries, Exchange exchange) throws SQLException, InterruptedException {
        if (!reenter(exchange) && !deliveries.isEmpty()) {
            hold(exchange, c -> lock(c, "pg_advisory_lock"));
        }
    }

    /** A person's request that will send: takes the lock within {@code waitSeconds} or refuses with {@link Busy}. */
    public void takeAtOnce(Exchange exchange, int waitSeconds) throws SQLException, InterruptedException {
        if (reenter(exchange)) {
            return;
        }
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        hold(exchange, c -> {
            while (!Jdbc.query(c, "SELECT pg_try_advisory_lock(" + KEY + ")", rs -> rs.getBoolean(1), psa).get(0)) {
                if (System.nanoTime() > deadline) {
                    throw new Busy("another run is sending to " + psa + " now (GET /api/syncs shows it); nothing was done:"
                            + " try again when it ends");
                }
                Thread.sleep(TRY_EVERY_MS);
            }
        });
    }

    /** Lets the lock go once the exchange's outermost taker is done with it. */
    public void release(Exchange exchange) throws SQLException {
        Held held = exchange.getProperty(HELD, Held.class);
        if (held != null && --held.depth == 0) {
            exchange.removeProperty(HELD);
            try (Connection c = held.connection) {
                lock(c, "pg_advisory_unlock");
            }
        }
    }

    private boolean reenter(Exchange exchange) {
        Held held = exchange.getProperty(HELD, Held.class);
        if (held != null) {
            held.depth++;
        }
        return held != null;
    }

    private interface Locking {
        void lock(Connection c) throws SQLException, InterruptedException;
    }

    /** Locks on a connection of its own, kept in the exchange: the lock lives as long as it. */
    private void hold(Exchange exchange, Locking locking) throws SQLException, InterruptedException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            locking.lock(c);
        } catch (SQLException | RuntimeException | InterruptedException e) {
            c.close();
            throw e;
        }
        exchange.setProperty(HELD, new Held(c));
    }

    private void lock(Connection c, String function) throws SQLException {
        Jdbc.query(c, "SELECT " + function + "(" + KEY + ")", rs -> 1, psa);
    }
}
