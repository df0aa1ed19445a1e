package io.usagebilling.psa;

import io.usagebilling.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The hourly PSA request budget, counted in PostgreSQL per minute so that every instance on this
 * database spends from the same allowance. The rolling hour is the last 60 minutes; a transaction
 * advisory lock per PSA makes check-and-take atomic across instances. The allowance is our share of
 * the tenant's hour; when the PSA says the tenant has less left (other integrations spend from it
 * too), {@link #noMoreThan} books the difference as spent now, so it comes back an hour later: the
 * PSA's timeframe is assumed to be an hour too (Autotask's 60, taken as minutes; unconfirmed).
 */
public final class PsaRequestBudget implements HourlyBudget {

    private final Jdbc jdbc;
    private final String psa;
    private final long requestsPerHour;

    public PsaRequestBudget(DataSource dataSource, String psa, long requestsPerHour) {
        if (requestsPerHour < 1) {
            throw new IllegalArgumentException("the hourly request budget for " + psa + " must be at least 1, not " + requestsPerHour);
        }
        this.jdbc = new Jdbc(dataSource);
        this.psa = psa;
        this.requestsPerHour = requestsPerHour;
    }

    /** One statement (function take_psa_request, migration V8): check and take under the PSA's advisory lock. */
    @Override
    public boolean tryTake() {
        return jdbc.query("SELECT take_psa_request(?, ?)", rs -> rs.getBoolean(1), psa, requestsPerHour).get(0);
    }

    /** One statement (function cap_psa_requests, migration V17), under the same lock as a take. */
    @Override
    public long noMoreThan(long requestsLeft) {
        return jdbc.queryLong("SELECT cap_psa_requests(?, ?, ?)", psa, requestsPerHour, requestsLeft);
    }

    @Override
    public long remaining() {
        return jdbc.inTransaction(c -> Math.max(0, requestsPerHour - used(c)));
    }

    private long used(Connection c) throws SQLException {
        return Jdbc.query(c, """
                SELECT COALESCE(sum(requests), 0) FROM psa_request_budget
                WHERE psa = ? AND minute > now() - interval '1 hour'""", rs -> rs.getLong(1), psa).get(0);
    }
}
