package io.usagebilling.delivery;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.Drift;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;

/** Where a PSA was found differing from what it should hold (psa_drift), by the run that found it. */
public final class DriftLog {

    /** One line's drift, as found. */
    public record LineDrift(ContractLine line, Drift drift) {
        /** "contract 11 service 600 2026-11-15..2026-11-19: the PSA holds 15, usage-billing expects 10 (+5 at the PSA)" */
        public String text() {
            String dates = drift.from().equals(drift.to()) ? drift.from().toString() : drift.from() + ".." + drift.to();
            BigDecimal excess = drift.excess();
            return line + " " + dates + ": the PSA holds " + plain(drift.psaUnits()) + ", usage-billing expects "
                    + plain(drift.targetUnits()) + " (" + (excess.signum() > 0 ? "+" : "") + plain(excess) + " at the PSA)";
        }

        private static String plain(BigDecimal units) {
            return units.stripTrailingZeros().toPlainString();
        }
    }

    private final Jdbc jdbc;
    private final String psa;

    public DriftLog(DataSource dataSource, String psa) {
        this.jdbc = new Jdbc(dataSource);
        this.psa = psa;
    }

    public void record(long syncRunId, ContractLine line, List<Drift> drifts) {
        for (Drift d : drifts) {
            jdbc.update("""
                    INSERT INTO psa_drift (sync_run_id, psa, contract_id, service_id, from_date, to_date, psa_units, expected_units)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    syncRunId, psa, line.contractId(), line.serviceId(), d.from(), d.to(), d.psaUnits(), d.targetUnits());
        }
    }

    /** A delivery read the PSA holding {@code psaUnits} on its date where {@code expected} was delivered. */
    public void noticed(long ledgerId, ContractLine line, LocalDate date, BigDecimal psaUnits, BigDecimal expected) {
        jdbc.update("""
                INSERT INTO psa_drift (sync_run_id, psa, contract_id, service_id, from_date, to_date, psa_units, expected_units)
                SELECT sync_run_id, ?, ?, ?, ?, ?, ?, ? FROM delivery_ledger WHERE id = ?""",
                psa, line.contractId(), line.serviceId(), date, date, psaUnits, expected, ledgerId);
    }

    public List<LineDrift> ofRun(long syncRunId) {
        return jdbc.query("""
                SELECT contract_id, service_id, from_date, to_date, psa_units, expected_units FROM psa_drift
                WHERE sync_run_id = ? AND psa = ? ORDER BY contract_id, service_id, from_date""",
                rs -> new LineDrift(new ContractLine(rs.getLong("contract_id"), rs.getLong("service_id")),
                        new Drift(Jdbc.date(rs, "from_date"), Jdbc.date(rs, "to_date"), rs.getBigDecimal("psa_units"),
                                rs.getBigDecimal("expected_units"))),
                syncRunId, psa);
    }
}
