package io.usagebilling.delivery;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.Proration;
import io.usagebilling.domain.Timeline;
import io.usagebilling.domain.UnitDelta;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What each PSA was told, per contract service line and effective date. Every intended change is
 * written here (planned) before anything is sent; a line whose last attempt is still open (planned,
 * sent or unknown after a crash or timeout) is resumed, never planned twice.
 */
public final class DeliveryLedger {

    /**
     * One line to deliver: take the PSA's units on {@code effectiveDate} to {@code targetUnits};
     * {@code approved} by a person, so no approval rule holds it again.
     */
    public record Delivery(long ledgerId, ContractLine line, LocalDate effectiveDate, BigDecimal targetUnits,
            boolean approved) {}

    private record Candidate(ContractLine line, LocalDate effectiveDate, BigDecimal target, BigDecimal lastTold,
            Long openId, String openStatus) {}

    /** Statuses of an attempt not yet settled (as in the delivery_ledger_one_open index). */
    private static final String OPEN = "'planned', 'sent', 'unknown', 'held'";

    private static final Comparator<Delivery> DELIVERY_ORDER = Comparator.comparing(Delivery::effectiveDate)
            .thenComparingLong(d -> d.line().contractId()).thenComparingLong(d -> d.line().serviceId());

    private final Jdbc jdbc;
    private final String psa;
    private final SyncedTargets syncedTargets;

    public DeliveryLedger(DataSource dataSource, String psa) {
        this.jdbc = new Jdbc(dataSource);
        this.psa = psa;
        this.syncedTargets = new SyncedTargets(dataSource);
    }

    /**
     * Plans the day's changed lines (and those of earlier days the run recomputed) and resumes every attempt still open (of this day or an earlier
     * one: a crash, a lost answer, a spent budget); returns what to send, by effective date then line,
     * so a line's earlier change is settled before its later one is read.
     */
    public List<Delivery> plan(long syncRunId, LocalDate usageDate) {
        List<Candidate> candidates = new ArrayList<>(candidates(usageDate));
        // earlier days recomputed since their changes were last planned (organizations mapped since, usage corrected: sync.EarlierDays)
        List<LocalDate> recomputed = jdbc.query("SELECT DISTINCT usage_date FROM daily_quantity WHERE recomputed_by IS NOT NULL ORDER BY 1",
                rs -> Jdbc.date(rs, "usage_date"));
        recomputed.forEach(day -> candidates.addAll(candidates(day)));
        // the run's count of lines compared with what the PSA was last told, for its summary
        jdbc.update("UPDATE sync_run SET lines_compared = ? WHERE id = ?", candidates.size(), syncRunId);
        Map<Long, Delivery> deliveries = new HashMap<>();
        for (Delivery open : resumeOpen(syncRunId)) {
            deliveries.put(open.ledgerId(), open);
        }
        List<Candidate> retargeted = new ArrayList<>();
        List<Candidate> added = new ArrayList<>();
        for (Candidate c : candidates) {
            if ("held".equals(c.openStatus())) {
                continue; // waits for a person as planned; a new usage figure does not change an approval request
            }
            if (c.openId() != null) {
                Delivery open = deliveries.get(c.openId());
                if (open == null || !open.approved()) { // an approved target is sent as approved
                    retargeted.add(c);
                    deliveries.put(c.openId(), new Delivery(c.openId(), c.line(), c.effectiveDate(), c.target(), false));
                }
            } else if (UnitDelta.needsDelivery(c.target(), Optional.ofNullable(c.lastTold()))) {
                added.add(c);
            }
        }
        retarget(retargeted);
        for (Delivery d : insertPlanned(syncRunId, "usage", added)) {
            deliveries.put(d.ledgerId(), d);
        }
        if (!recomputed.isEmpty()) { // planned now: a crash before here plans them again, harmlessly
            jdbc.inTransaction(c -> Jdbc.update(c, "UPDATE daily_quantity SET recomputed_by = NULL"
                    + " WHERE recomputed_by IS NOT NULL AND usage_date = ANY(?::date[])", c.createArrayOf("date", recomputed.toArray())));
        }
        return withFollowing(syncRunId, List.copyOf(deliveries.values()));
    }

    /**
     * The deliveries, and after each the next date of its line already synced (see {@link Timeline}),
     * planned too: a change at an earlier date moves the PSA's units there. By effective date, then line.
     */
    private List<Delivery> withFollowing(long syncRunId, List<Delivery> deliveries) {
        Map<ContractLine, Set<LocalDate>> changed = new HashMap<>();
        deliveries.forEach(d -> changed.computeIfAbsent(d.line(), l -> new HashSet<>()).add(d.effectiveDate()));
        List<Candidate> following = new ArrayList<>();
        syncedTargets.since(changed).forEach((line, targets) -> Timeline.followingDates(changed.get(line), targets.navigableKeySet())
                .forEach(date -> following.add(new Candidate(line, date, targets.get(date), null, null, null))));
        List<Delivery> all = new ArrayList<>(deliveries);
        all.addAll(insertPlanned(syncRunId, "timeline", following));
        return all.stream().sorted(DELIVERY_ORDER).toList();
    }

    /** Open attempts take the day's new targets, in one statement whatever their number. */
    private void retarget(List<Candidate> open) {
        if (open.isEmpty()) {
            return;
        }
        jdbc.inTransaction(c -> Jdbc.update(c, """
                UPDATE delivery_ledger l SET target_units = t.target, updated_at = now()
                FROM unnest(?::bigint[], ?::numeric[]) AS t(id, target) WHERE l.id = t.id""",
                c.createArrayOf("bigint", open.stream().map(Candidate::openId).toArray()),
                c.createArrayOf("numeric", open.stream().map(Candidate::target).toArray())));
    }

    /**
     * Reconcile run {@code syncRunId} found the PSA differing from the usage: plans each line's target at
     * each date given (see domain.Drift#fixDates), and the timeline's next dates after them. A date with
     * an attempt still open is left to it.
     */
    public List<Delivery> planFixes(long syncRunId, Map<ContractLine, ? extends Map<LocalDate, BigDecimal>> fixes) {
        List<Candidate> planned = new ArrayList<>();
        fixes.forEach((line, targets) -> targets.forEach((date, target) ->
                planned.add(new Candidate(line, date, target, null, null, null))));
        return withFollowing(syncRunId, insertPlanned(syncRunId, "reconcile", planned));
    }

    /** The new intended changes, planned in one statement whatever their number; {@code cause} says why. */
    private List<Delivery> insertPlanned(long syncRunId, String cause, List<Candidate> added) {
        if (added.isEmpty()) {
            return List.of();
        }
        return jdbc.inTransaction(c -> Jdbc.query(c, """
                INSERT INTO delivery_ledger (psa, contract_id, service_id, effective_date, target_units, status, sync_run_id, cause)
                SELECT ?, t.contract_id, t.service_id, t.effective_date, t.target, 'planned', ?, ?
                FROM unnest(?::bigint[], ?::bigint[], ?::date[], ?::numeric[]) AS t(contract_id, service_id, effective_date, target)
                ON CONFLICT (psa, contract_id, service_id, effective_date) WHERE status IN (""" + OPEN + """
                ) DO NOTHING
                RETURNING id, contract_id, service_id, effective_date, target_units, approved_at""",
                DeliveryLedger::delivery, psa, syncRunId, cause,
                c.createArrayOf("bigint", added.stream().map(a -> a.line().contractId()).toArray()),
                c.createArrayOf("bigint", added.stream().map(a -> a.line().serviceId()).toArray()),
                c.createArrayOf("date", added.stream().map(Candidate::effectiveDate).toArray()),
                c.createArrayOf("numeric", added.stream().map(Candidate::target).toArray())));
    }

    /** Takes over every open attempt for this run, noting when the last one may have reached the PSA. */
    private List<Delivery> resumeOpen(long syncRunId) {
        return jdbc.query("""
                UPDATE delivery_ledger SET sync_run_id = ?, updated_at = now(),
                    resumed_from = CASE WHEN status IN ('sent', 'unknown') THEN status ELSE resumed_from END
                WHERE psa = ? AND status IN ('planned', 'sent', 'unknown')
                RETURNING id, contract_id, service_id, effective_date, target_units, approved_at""",
                DeliveryLedger::delivery, syncRunId, psa);
    }

    /**
     * A person approved plan {@code planId}: its held lines become planned (so a crash from here on is
     * resumed like any other) and are returned to be sent, each to its target as planned.
     */
    public List<Delivery> approve(long planId) {
        return withFollowing(planId, jdbc.query("""
                UPDATE delivery_ledger SET status = 'planned', approved_at = now(), updated_at = now()
                WHERE psa = ? AND sync_run_id = ? AND status = 'held'
                RETURNING id, contract_id, service_id, effective_date, target_units, approved_at""",
                DeliveryLedger::delivery, psa, planId));
    }

    /**
     * A person turned plan {@code planId} down ({@code by}: who): its held lines become rejected, never
     * sent and no longer open, so a later change of the same line does not wait behind them.
     */
    public void reject(long planId, String by) {
        jdbc.update("""
                UPDATE delivery_ledger SET status = 'rejected', rejected_by = ?, rejected_at = now(), updated_at = now()
                WHERE psa = ? AND sync_run_id = ? AND status = 'held'""",
                by, psa, planId);
    }

    /**
     * An earlier change of the same line is still open (held, unknown, planned): a later one waits,
     * because a change applied afterwards, effective earlier, would shift the later date's units.
     */
    public boolean waitsForEarlier(Delivery d) {
        return jdbc.queryLong("SELECT count(*) FROM delivery_ledger WHERE psa = ? AND contract_id = ? AND service_id = ?"
                + " AND effective_date < ? AND status IN (" + OPEN + ")",
                psa, d.line().contractId(), d.line().serviceId(), d.effectiveDate()) > 0;
    }

    /**
     * What the PSA should hold on the delivery's date before it, when the ledger knows: the target last
     * confirmed on or before that date. Known only for a line whose timeline is settled: a change for a
     * day's usage, not resumed (an earlier attempt may have applied it), with no earlier date of its line
     * in the same run (which moves this date first) and no read-back mismatch since.
     */
    public Optional<BigDecimal> expectedBefore(Delivery d) {
        return jdbc.query("""
                SELECT told.target_units FROM delivery_ledger me
                JOIN LATERAL (SELECT l.status, l.target_units FROM delivery_ledger l
                    WHERE l.psa = me.psa AND l.contract_id = me.contract_id AND l.service_id = me.service_id
                      AND l.effective_date <= me.effective_date AND l.id <> me.id AND l.status IN ('confirmed', 'mismatch')
                    ORDER BY l.effective_date DESC, l.id DESC LIMIT 1) told ON told.status = 'confirmed'
                WHERE me.id = ? AND me.cause = 'usage' AND me.resumed_from IS NULL AND me.sent_by_run IS NULL
                  AND NOT EXISTS (SELECT 1 FROM delivery_ledger o WHERE o.psa = me.psa AND o.contract_id = me.contract_id
                      AND o.service_id = me.service_id AND o.sync_run_id = me.sync_run_id
                      AND o.effective_date < me.effective_date)""",
                rs -> rs.getBigDecimal(1), d.ledgerId()).stream().findFirst();
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(rs.getLong("id"), new ContractLine(rs.getLong("contract_id"), rs.getLong("service_id")),
                Jdbc.date(rs, "effective_date"), rs.getBigDecimal("target_units"), rs.getObject("approved_at") != null);
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
                    open.id AS open_id, open.status AS open_status
                FROM (SELECT dq.contract_id, dq.service_id, dq.quantity,
                          CASE dq.proration WHEN 'daily' THEN ?::date ELSE ?::date END AS effective_date
                      FROM daily_quantity dq WHERE dq.usage_date = ?) x
                LEFT JOIN LATERAL (SELECT l.target_units FROM delivery_ledger l
                    WHERE l.psa = ? AND l.contract_id = x.contract_id AND l.service_id = x.service_id
                      AND l.status = 'confirmed' AND l.effective_date <= x.effective_date
                    ORDER BY l.effective_date DESC, l.id DESC LIMIT 1) told ON true
                LEFT JOIN delivery_ledger open ON open.psa = ? AND open.contract_id = x.contract_id
                    AND open.service_id = x.service_id AND open.effective_date = x.effective_date
                    AND open.status IN ('planned', 'sent', 'unknown', 'held')
                WHERE x.effective_date IS NOT NULL
                ORDER BY x.contract_id, x.service_id""",
                rs -> new Candidate(
                        new ContractLine(rs.getLong("contract_id"), rs.getLong("service_id")),
                        Jdbc.date(rs, "effective_date"),
                        UnitDelta.billableUnits(rs.getBigDecimal("quantity")),
                        rs.getBigDecimal("last_told"),
                        (Long) rs.getObject("open_id"),
                        rs.getString("open_status")),
                daily, monthEnd, usageDate, psa, psa);
    }

    /** The change is about to be sent: from here on, a lost answer means "unknown", not "not sent". */
    public void markSent(long ledgerId, BigDecimal psaUnitsBefore, BigDecimal unitChange) {
        jdbc.update("""
                UPDATE delivery_ledger SET status = 'sent', psa_units_before = ?, unit_change = ?, error = NULL,
                    sent_by_run = sync_run_id, updated_at = now() WHERE id = ?""",
                psaUnitsBefore, unitChange, ledgerId);
    }

    /**
     * The PSA holds the target: read back after this run's write, or read before with nothing to
     * send (then an earlier attempt's before/change stay as they were).
     */
    public void confirm(long ledgerId, BigDecimal psaUnitsAfter) {
        setStatus(ledgerId, "confirmed", psaUnitsAfter, null);
    }

    /** Read back after the write, the PSA does not hold the target (someone else changed it, or the PSA did otherwise). */
    public void mismatch(long ledgerId, BigDecimal psaUnitsAfter, String error) {
        setStatus(ledgerId, "mismatch", psaUnitsAfter, error);
    }

    public void fail(long ledgerId, String error) {
        setStatus(ledgerId, "failed", null, error);
    }

    public void unknown(long ledgerId, String error) {
        setStatus(ledgerId, "unknown", null, error);
    }

    /** The change waits for a person: the PSA's units now and the change an approval would send. */
    public void hold(long ledgerId, BigDecimal psaUnitsNow, BigDecimal unitChange) {
        jdbc.update("""
                UPDATE delivery_ledger SET status = 'held', psa_units_before = ?, unit_change = ?, error = NULL,
                    updated_at = now() WHERE id = ?""",
                psaUnitsNow, unitChange, ledgerId);
    }

    /** Certainly not applied and not sent now (budget spent, 429s): planned again, for the next run. */
    public void defer(long ledgerId, String error) {
        setStatus(ledgerId, "planned", null, error);
    }

    private void setStatus(long id, String status, BigDecimal after, String error) {
        jdbc.update("""
                UPDATE delivery_ledger SET status = ?, psa_units_after = COALESCE(?, psa_units_after), error = ?,
                    updated_at = now() WHERE id = ?""",
                status, after, error, id);
    }
}
