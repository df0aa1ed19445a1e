package io.usagebilling.delivery;

import io.usagebilling.delivery.DeliveryLedger.Delivery;
import io.usagebilling.domain.ApprovalRule;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.UnitDelta;
import io.usagebilling.psa.BudgetSpent;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.sync.ExchangeProperties;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers planned changes, a turn at a time (one change, or one of each line of a contract the PSA writes
 * whole): reads the PSA's units on the effective date, holds a change for a person when the approval rule
 * says so, else sends only the difference to the target, confirms it from the PSA's answer when that shows
 * the target (else reads back), and records each step in the ledger first. A change already
 * applied (by a run that crashed after sending, or whose answer was lost) reads as a zero difference
 * and is not sent again. A line the PSA holds otherwise than it was last told (a hand edit, another
 * tool) is noted as drift, then taken to its target from that date on like any other.
 */
public final class PsaDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(PsaDelivery.class);

    private final ContractUnits psa;
    private final DeliveryLedger ledger;
    private final ApprovalRule approval;
    private final DriftLog drifts;
    /** Why the PSA refused our settings in this run, if it did: the remaining lines wait without a request. */
    private volatile String settingsRefused;

    public PsaDelivery(ContractUnits psa, DeliveryLedger ledger, ApprovalRule approval, DriftLog drifts) {
        this.psa = psa;
        this.ledger = ledger;
        this.approval = approval;
        this.drifts = drifts;
    }

    /**
     * Once per run, before the first line, and only when something is planned: no PSA request otherwise.
     * Settings the PSA refused (in the last run) are tried again here, once. Then every planned line's
     * units over the run's dates are read in bulk (Autotask: a few queries for all lines), for each line's
     * first change: a failed bulk read leaves each line to read its own. A PSA whose write carries a whole
     * contract has each contract read just before its turn instead, so that the write starts from it.
     *
     * @return the run's reads, for {@link #deliver} and {@link #readBackSent} (exchange property psaReads)
     */
    public RunReads beforeSending(List<Delivery> planned) {
        settingsRefused = null;
        RunReads reads = new RunReads(planned);
        if (!planned.isEmpty()) {
            try {
                psa.beforeDelivery();
            } catch (PsaException e) {
                if (e.outcome() != Outcome.MISCONFIGURED) {
                    throw e;
                }
                refused(e);
            }
            if (settingsRefused == null && !psa.writesContractsWhole()) {
                readAhead(planned, reads);
            }
        }
        return reads;
    }

    private void readAhead(List<Delivery> planned, RunReads reads) {
        TreeSet<LocalDate> dates = RunReads.dates(planned);
        Set<ContractLine> lines = new LinkedHashSet<>();
        planned.forEach(d -> lines.add(d.line()));
        try {
            psa.unitsBetween(lines, dates.first(), dates.last()).forEach((line, units) -> reads.keep(line, units, dates.last()));
        } catch (PsaException e) {
            if (e.outcome() == Outcome.MISCONFIGURED) {
                refused(e);
            } else {
                LOG.warn("the bulk read of {} lines failed; each line reads its own: {}", lines.size(), e.getMessage());
            }
        }
    }

    private void refused(PsaException e) {
        if (settingsRefused == null) {
            LOG.warn("the PSA refused this service's settings: nothing more is sent this run: {}", e.getMessage());
        }
        settingsRefused = e.getMessage();
    }

    /** The planned deliveries in the turns they are sent in ({@link Turns}). */
    public List<List<List<Delivery>>> inTurns(List<Delivery> planned) {
        return psa.writesContractsWhole() ? Turns.perContract(planned) : Turns.perLine(planned);
    }

    /**
     * Delivers a turn: one change, or one change of each of several lines of a contract. Each line's last
     * change of the run is read back with the others in {@link #readBackSent}; an earlier one at once, over
     * the line's later dates too, so that the next change needs no read of its own. A change the PSA's answer
     * shows at its target needs no read-back (the answer serves the next change).
     */
    public void deliver(List<Delivery> turn, @ExchangeProperty(ExchangeProperties.HOLD_ALL) Boolean holdAll,
            @ExchangeProperty(ExchangeProperties.PSA_READS) RunReads reads) {
        List<PsaException> failed = new ArrayList<>();
        List<Delivery> ready = new ArrayList<>();
        for (Delivery d : turn) {
            String refused = settingsRefused;
            if (refused != null) { // refused for one request, refused for all: none is sent to be refused again
                ledger.defer(d.ledgerId(), d.line() + " on " + d.effectiveDate() + ": not sent: " + refused);
            } else if (ledger.waitsForEarlier(d)) {
                ledger.defer(d.ledgerId(), d.line() + " on " + d.effectiveDate() + ": waits for an earlier change of the line"
                        + " (held for approval or not yet confirmed)");
            } else {
                ready.add(d);
            }
        }
        Map<Delivery, PsaException> unread = new LinkedHashMap<>();
        Map<Delivery, NavigableMap<LocalDate, BigDecimal>> read = reads.unitsBefore(psa, ready, unread);
        // nothing was written: a read that failed leaves the change planned (or failed when refused)
        unread.forEach((d, e) -> failed.add(record(d, e.outcome() == Outcome.UNKNOWN ? Outcome.DEFERRED : e.outcome(), e)));
        List<RunReads.Sent> toSend = new ArrayList<>();
        for (Map.Entry<Delivery, NavigableMap<LocalDate, BigDecimal>> e : read.entrySet()) {
            Delivery d = e.getKey();
            BigDecimal units = e.getValue().floorEntry(d.effectiveDate()).getValue();
            ledger.expectedBefore(d).filter(expected -> expected.compareTo(units) != 0).ifPresent(expected -> {
                LOG.warn("drift: {} on {}: the PSA holds {} where {} was delivered (changed outside usage-billing)",
                        d.line(), d.effectiveDate(), units.toPlainString(), expected.toPlainString());
                drifts.noticed(d.ledgerId(), d.line(), d.effectiveDate(), units, expected);
            });
            BigDecimal change = UnitDelta.unitChange(units, d.targetUnits());
            if (change.signum() == 0) {
                ledger.confirm(d.ledgerId(), units);
            } else if (!d.approved() && (Boolean.TRUE.equals(holdAll) || !approval.autoApproved(units, d.targetUnits()))) {
                ledger.hold(d.ledgerId(), units, change);
            } else {
                toSend.add(new RunReads.Sent(d, units, change));
            }
        }
        if (!toSend.isEmpty()) {
            send(toSend, read, reads, failed);
        }
        failed.stream().filter(Objects::nonNull).findFirst().ifPresent(e -> {
            throw e; // for the circuit breaker, which counts the PSA's failures, not our spent budget
        });
    }

    /** Marks the changes sent, sends them in one turn, and confirms each from the answer or its read-back. */
    private void send(List<RunReads.Sent> toSend, Map<Delivery, NavigableMap<LocalDate, BigDecimal>> read, RunReads reads,
            List<PsaException> failed) {
        List<ContractUnits.Adjustment> adjustments = new ArrayList<>();
        for (RunReads.Sent s : toSend) {
            Delivery d = s.delivery();
            ledger.markSent(d.ledgerId(), s.before(), s.change());
            reads.forget(d.line());
            adjustments.add(new ContractUnits.Adjustment(d.line(), d.effectiveDate(), s.change(), read.get(d),
                    reads.lastDate(d.line())));
        }
        List<ContractUnits.Adjusted> done = psa.adjust(adjustments);
        for (int i = 0; i < toSend.size(); i++) {
            RunReads.Sent s = toSend.get(i);
            Delivery d = s.delivery();
            ContractUnits.Adjusted adjusted = done.get(i);
            if (adjusted.failure() != null) {
                failed.add(record(d, adjusted.failure().outcome(), adjusted.failure()));
                continue;
            }
            LOG.debug("{} on {}: {} -> {} ({})", d.line(), d.effectiveDate(), s.before(), d.targetUnits(), s.change());
            LocalDate last = reads.lastDate(d.line());
            // the PSA's answer, when it shows the line at its target: as good as a read-back
            NavigableMap<LocalDate, BigDecimal> after = adjusted.answer()
                    .filter(answer -> answer.firstEntry().getValue().compareTo(d.targetUnits()) == 0).orElse(null);
            try {
                if (after == null) {
                    if (!d.effectiveDate().isBefore(last)) {
                        reads.readBackLater(s);
                        continue;
                    }
                    // the adjustment cannot be read back, the unit row can: confirm against the PSA itself
                    after = psa.unitsBetween(d.line(), d.effectiveDate(), last);
                }
                reads.keep(d.line(), after, last);
                settle(s, after.firstEntry().getValue());
            } catch (PsaException e) {
                failed.add(record(d, e.outcome(), e));
            }
        }
    }

    /**
     * After the run's last line: reads back, in bulk, every change sent as its line's last of the run, and
     * confirms it or records the mismatch. A failed read leaves those changes unknown: the next run reads
     * each line again before anything more is sent, and confirms a change the PSA holds.
     */
    public void readBackSent(@ExchangeProperty(ExchangeProperties.PSA_READS) RunReads reads) {
        List<RunReads.Sent> sent = reads.drainSent();
        if (sent.isEmpty()) {
            return;
        }
        TreeSet<LocalDate> dates = RunReads.dates(sent.stream().map(RunReads.Sent::delivery).toList());
        Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> after;
        try {
            after = psa.unitsBetween(sent.stream().map(s -> s.delivery().line()).toList(), dates.first(), dates.last());
        } catch (PsaException e) {
            LOG.warn("the read-back of {} changes sent failed; the next run confirms them: {}", sent.size(), e.getMessage());
            sent.forEach(s -> readBackFailed(s.delivery(), e));
            return;
        }
        for (RunReads.Sent s : sent) {
            Delivery d = s.delivery();
            NavigableMap<LocalDate, BigDecimal> units = after.get(d.line());
            try {
                settle(s, units != null ? units.floorEntry(d.effectiveDate()).getValue()
                        : psa.unitsOn(d.line(), d.effectiveDate()));
            } catch (PsaException e) {
                readBackFailed(d, e);
            }
        }
    }

    /** Sent, maybe applied, not confirmed: unknown, which the next run settles by reading the line again. */
    private void readBackFailed(Delivery d, PsaException e) {
        ledger.unknown(d.ledgerId(), d.line() + " on " + d.effectiveDate() + ": sent, but the read-back failed: "
                + e.getMessage());
    }

    /** The sent change confirmed when the PSA now holds its target, else recorded as a mismatch. */
    private void settle(RunReads.Sent s, BigDecimal after) {
        Delivery d = s.delivery();
        if (after.compareTo(d.targetUnits()) == 0) {
            ledger.confirm(d.ledgerId(), after);
            return;
        }
        String reason = d.line() + " on " + d.effectiveDate() + ": sent " + s.change().toPlainString() + " to "
                + s.before().toPlainString() + " but read back " + after.toPlainString() + ", not "
                + d.targetUnits().toPlainString();
        LOG.warn("delivery mismatch: {}", reason);
        ledger.mismatch(d.ledgerId(), after, reason);
    }

    /**
     * The circuit breaker's fallback. With no exception the circuit was open and nothing was sent: the
     * line stays planned. With one, {@link #deliver} already recorded the outcome in the ledger.
     */
    public void notSent(List<Delivery> turn, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        if (failure == null) {
            turn.forEach(d -> ledger.defer(d.ledgerId(), d.line() + " on " + d.effectiveDate()
                    + ": not sent, the PSA's circuit breaker is open after repeated failures"));
        }
    }

    /**
     * Records the outcome.
     *
     * @return the failure when the PSA failed (not when it refused, nor when our budget is spent), for the
     *     circuit breaker; else null
     */
    private PsaException record(Delivery d, Outcome outcome, PsaException e) {
        String reason = d.line() + " on " + d.effectiveDate() + ": " + e.getMessage();
        LOG.warn("delivery {}: {}", outcome.name().toLowerCase(Locale.ROOT), reason);
        switch (outcome) {
            case UNKNOWN -> ledger.unknown(d.ledgerId(), reason);
            case DEFERRED -> ledger.defer(d.ledgerId(), reason);
            case MISCONFIGURED -> {
                ledger.defer(d.ledgerId(), reason);
                refused(e);
            }
            case REJECTED -> ledger.fail(d.ledgerId(), reason);
        }
        return outcome != Outcome.REJECTED && !(e instanceof BudgetSpent) ? e : null;
    }
}
