package io.usagebilling.store;

import io.usagebilling.psa.HourlyBudget;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The hourly PSA request budget, counted in PostgreSQL per minute so that every instance on this
 * database spends from the same allowance. The rolling hour is the last 60 minutes; a transaction
 * advisory lock per PSA makes check-and-take atomic across instances.
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

    @Override
    public boolean tryTake() {
        return jdbc.inTransaction(c -> {
            Jdbc.query(c, "SELECT pg_advisory_xact_lock(hashtext('psa-request-budget:' || ?))", rs -> null, psa);
            if (used(c) >= requestsPerHour) {
                return false;
            }
            Jdbc.update(c, """
                    INSERT INTO psa_request_budget (psa, minute, requests) VALUES (?, date_trunc('minute', now()), 1)
                    ON CONFLICT (psa, minute) DO UPDATE SET requests = psa_request_budget.requests + 1""", psa);
            return true;
        });
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
