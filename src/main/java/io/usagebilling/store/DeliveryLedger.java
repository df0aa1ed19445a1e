package io.usagebilling.store;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.Proration;
import io.usagebilling.domain.UnitDelta;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What each PSA was told, per contract service line and effective date. Every intended change is
 * written here (planned) before anything is sent; a line whose last attempt is still open (planned,
 * sent or unknown after a crash or timeout) is resumed, never planned twice.
 */
public final class DeliveryLedger {

    /** One line to deliver: take the PSA's units on {@code effectiveDate} to {@code targetUnits}. */
    public record Delivery(long ledgerId, ContractLine line, LocalDate effectiveDate, BigDecimal targetUnits) {}

    private record Candidate(ContractLine line, LocalDate effectiveDate, BigDecimal target, BigDecimal lastTold,
            Long openId) {}

    private final Jdbc jdbc;
    private final String psa;

    public DeliveryLedger(DataSource dataSource, String psa) {
        this.jdbc = new Jdbc(dataSource);
        this.psa = psa;
    }

    /** Plans the day's changed lines (and resumes open ones); returns what to send, in line order. */
    public List<Delivery> plan(long syncRunId, LocalDate usageDate) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Candidate c : candidates(usageDate)) {
            if (c.openId() != null) {
                jdbc.update("UPDATE delivery_ledger SET target_units = ?, sync_run_id = ?, updated_at = now() WHERE id = ?",
                        c.target(), syncRunId, c.openId());
                deliveries.add(new Delivery(c.openId(), c.line(), c.effectiveDate(), c.target()));
            } else if (UnitDelta.needsDelivery(c.target(), Optional.ofNullable(c.lastTold()))) {
                long id = jdbc.queryLong("""
                        INSERT INTO delivery_ledger (psa, contract_id, service_id, effective_date, target_units, status,
                            sync_run_id) VALUES (?, ?, ?, ?, ?, 'planned', ?) RETURNING id""",
                        psa, c.line().contractId(), c.line().serviceId(), c.effectiveDate(), c.target(), syncRunId);
                deliveries.add(new Delivery(id, c.line(), c.effectiveDate(), c.target()));
            }
        }
        return deliveries;
    }

    /**
     * Each line's day quantity with the effective date its proration gives, what the PSA was last told
     * on or before that date, and any attempt still open for that date.
     */
    private List<Candidate> candidates(LocalDate usageDate) {
        LocalDate daily = Proration.DAILY.effectiveDate(usageDate).orElse(null);
        LocalDate monthEnd = Proration.MONTH_END.effectiveDate(usageDate).orElse(null);
        return jdbc.query("""
                SELECT x.contract_id, x.service_id, x.quantity, x.effective_date, told.target_units AS last_told,
                    open.id AS open_id
                FROM (SELECT dq.contract_id, dq.service_id, dq.quantity,
                          CASE dq.proration WHEN 'daily' THEN ?::date ELSE ?::date END AS effective_date
                      FROM daily_quantity dq WHERE dq.usage_date = ?) x
                LEFT JOIN LATERAL (SELECT l.target_units FROM delivery_ledger l
                    WHERE l.psa = ? AND l.contract_id = x.contract_id AND l.service_id = x.service_id
                      AND l.status = 'confirmed' AND l.effective_date <= x.effective_date
                    ORDER BY l.effective_date DESC, l.id DESC LIMIT 1) told ON true
                LEFT JOIN delivery_ledger open ON open.psa = ? AND open.contract_id = x.contract_id
                    AND open.service_id = x.service_id AND open.effective_date = x.effective_date
                    AND open.status IN ('planned', 'sent', 'unknown')
                WHERE x.effective_date IS NOT NULL
                ORDER BY x.contract_id, x.service_id""",
                rs -> new Candidate(
                        new ContractLine(rs.getLong("contract_id"), rs.getLong("service_id")),
                        Jdbc.date(rs, "effective_date"),
                        UnitDelta.billableUnits(rs.getBigDecimal("quantity")),
                        rs.getBigDecimal("last_told"),
                        (Long) rs.getObject("open_id")),
                daily, monthEnd, usageDate, psa, psa);
    }

    /** The change is about to be sent: from here on, a lost answer means "unknown", not "not sent". */
    public void markSent(long ledgerId, BigDecimal psaUnitsBefore, BigDecimal unitChange) {
        setStatus(ledgerId, "sent", psaUnitsBefore, unitChange, null);
    }

    public void confirm(long ledgerId, BigDecimal psaUnitsBefore, BigDecimal unitChange) {
        setStatus(ledgerId, "confirmed", psaUnitsBefore, unitChange, null);
    }

    public void fail(long ledgerId, String error) {
        setStatus(ledgerId, "failed", null, null, error);
    }

    public void unknown(long ledgerId, String error) {
        setStatus(ledgerId, "unknown", null, null, error);
    }

    private void setStatus(long id, String status, BigDecimal before, BigDecimal change, String error) {
        jdbc.update("""
                UPDATE delivery_ledger SET status = ?, psa_units_before = COALESCE(?, psa_units_before),
                    unit_change = COALESCE(?, unit_change), error = ?, updated_at = now() WHERE id = ?""",
                status, before, change, error, id);
    }
}
