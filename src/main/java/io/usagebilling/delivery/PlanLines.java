package io.usagebilling.delivery;

import io.usagebilling.store.Jdbc;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;

/** The ledger's changes as people read them: a plan's, a run's, and what is not settled yet. */
public final class PlanLines {

    private final Jdbc jdbc;
    private final String psa;

    public PlanLines(DataSource dataSource, String psa) {
        this.jdbc = new Jdbc(dataSource);
        this.psa = psa;
    }

    /** The lines of plan {@code planId} that changed or wait: held, sent, confirmed... */
    public List<PlanLine> ofPlan(long planId) {
        return lines(planId, "unit_change IS NOT NULL");
    }

    /** Every change of run {@code syncRunId}, whatever its status. */
    public List<PlanLine> ofRun(long syncRunId) {
        return lines(syncRunId, "true");
    }

    /**
     * What run {@code syncRunId} left undelivered: planned, held, sent, unknown, failed or mismatched
     * (a rejected change is settled: a person decided it is not to be sent).
     */
    public List<PlanLine> unsettled(long syncRunId) {
        return lines(syncRunId, "status NOT IN ('confirmed', 'rejected')");
    }

    /** The changes effective {@code from} to {@code to} whose latest attempt is neither confirmed nor rejected, by date then line. */
    public List<PlanLine> unsettledBetween(LocalDate from, LocalDate to) {
        return jdbc.query("""
                SELECT DISTINCT ON (effective_date, contract_id, service_id) contract_id, service_id, effective_date,
                    psa_units_before, target_units, unit_change, status
                FROM delivery_ledger WHERE psa = ? AND effective_date BETWEEN ? AND ?
                ORDER BY effective_date, contract_id, service_id, id DESC""",
                PlanLine::of, psa, from, to).stream()
                .filter(l -> !l.status().equals("confirmed") && !l.status().equals("rejected")).toList();
    }

    private List<PlanLine> lines(long syncRunId, String condition) {
        return jdbc.query("""
                SELECT contract_id, service_id, effective_date, psa_units_before, target_units, unit_change, status
                FROM delivery_ledger WHERE psa = ? AND sync_run_id = ? AND\s""" + condition + """

                ORDER BY effective_date, contract_id, service_id""",
                PlanLine::of, psa, syncRunId);
    }
}
