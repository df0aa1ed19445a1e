package io.usagebilling.delivery;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * A change of a plan or run (the changes of one sync run) as people read it: the line, its date, the
 * PSA's units when planned, the target, the change, its status. The PSA's units and the change are
 * null while the PSA has not been read for it.
 */
public record PlanLine(ContractLine line, LocalDate effectiveDate, BigDecimal psaUnitsNow, BigDecimal targetUnits,
        BigDecimal unitChange, String status) {

    /** "contract 11 service 500 effective 2026-09-28: 10 -> 8 (-2) held" */
    public String text() {
        String change = unitChange == null ? "" : " (" + (unitChange.signum() > 0 ? "+" : "") + plain(unitChange) + ")";
        return line + " effective " + effectiveDate + ": " + (psaUnitsNow == null ? "?" : plain(psaUnitsNow))
                + " -> " + plain(targetUnits) + change + " " + status;
    }

    /** A delivery_ledger row's contract_id, service_id, effective_date, psa_units_before, target_units, unit_change, status. */
    static PlanLine of(ResultSet rs) throws SQLException {
        return new PlanLine(new ContractLine(rs.getLong("contract_id"), rs.getLong("service_id")),
                Jdbc.date(rs, "effective_date"), rs.getBigDecimal("psa_units_before"),
                rs.getBigDecimal("target_units"), rs.getBigDecimal("unit_change"), rs.getString("status"));
    }

    private static String plain(BigDecimal units) {
        return units.stripTrailingZeros().toPlainString();
    }
}
