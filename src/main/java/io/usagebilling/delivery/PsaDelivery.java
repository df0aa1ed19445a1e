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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one planned line: reads the PSA's units on the effective date, holds the change for a
 * person when the approval rule says so, else sends only the difference to the target, confirms it
 * from the PSA's answer when that shows the target (else reads back), and records each step in the
 * ledger first. A change already
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
     * first change: a failed bulk read leaves each line to read its own.
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
            if (settingsRefused == null) {
                readAhead(planned, reads);
            }
        }
        return reads;
    }

    private void readAhead(List<Delivery> planned, RunReads reads) {
        TreeSet<LocalDate> dates = dates(planned);
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

    private static TreeSet<LocalDate> dates(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::effectiveDate).collect(Collectors.toCollection(TreeSet::new));
    }

    private void refused(PsaException e) {
        if (settingsRefused == null) {
            LOG.warn("the PSA refused this service's settings: nothing more is sent this run: {}", e.getMessage());
        }
        settingsRefused = e.getMessage();
    }

    /** The planned deliveries per line, each line's in the order given; lines in order of first appearance. */
    public List<List<Delivery>> byLine(List<Delivery> planned) {
        Map<ContractLine, List<Delivery>> lines = new LinkedHashMap<>();
        planned.forEach(d -> lines.computeIfAbsent(d.line(), l -> new ArrayList<>()).add(d));
        return new ArrayList<>(lines.values());
    }

    /**
     * @param lastOfLine whether this is the line's last change of the run: its read-back waits for
     *     {@link #readBackSent}, where all are read together; an earlier one is read back at once, over the
     *     line's later dates too, so that the next change needs no read of its own. A change the PSA's answer
     *     shows at its target needs no read-back (the answer serves the next change)
     */
    public void deliver(Delivery d, @ExchangeProperty(ExchangeProperties.HOLD_ALL) Boolean holdAll,
            @ExchangeProperty(ExchangeProperties.PSA_READS) RunReads reads,
            @ExchangeProperty(Exchange.SPLIT_COMPLETE) Boolean lastOfLine) {
        String refused = settingsRefused;
        if (refused != null) { // refused for one request, refused for all: none is sent to be refused again
            ledger.defer(d.ledgerId(), d.line() + " on " + d.effectiveDate() + ": not sent: " + refused);
            return;
        }
        if (ledger.waitsForEarlier(d)) {
            ledger.defer(d.ledgerId(), d.line() + " on " + d.effectiveDate() + ": waits for an earlier change of the line"
                    + " (held for approval or not yet confirmed)");
            return;
        }
        NavigableMap<LocalDate, BigDecimal> read;
        try {
            read = reads.covering(d).orElseGet(() -> psa.unitsBetween(d.line(), d.effectiveDate(), d.effectiveDate()));
        } catch (PsaException e) {
            // nothing was written: a read that failed leaves the line planned (or failed when refused)
            record(d, e.outcome() == Outcome.UNKNOWN ? Outcome.DEFERRED : e.outcome(), e);
            return;
        }
        BigDecimal units = read.floorEntry(d.effectiveDate()).getValue();
        ledger.expectedBefore(d).filter(expected -> expected.compareTo(units) != 0).ifPresent(expected -> {
            LOG.warn("drift: {} on {}: the PSA holds {} where {} was delivered (changed outside usage-billing)",
                    d.line(), d.effectiveDate(), units.toPlainString(), expected.toPlainString());
            drifts.noticed(d.ledgerId(), d.line(), d.effectiveDate(), units, expected);
        });
        BigDecimal change = UnitDelta.unitChange(units, d.targetUnits());
        if (change.signum() == 0) {
            ledger.confirm(d.ledgerId(), units);
            return;
        }
        if (!d.approved() && (Boolean.TRUE.equals(holdAll) || !approval.autoApproved(units, d.targetUnits()))) {
            ledger.hold(d.ledgerId(), units, change);
            return;
        }
        try {
            ledger.markSent(d.ledgerId(), units, change);
            reads.forget(d.line());
            LocalDate last = reads.lastDate(d.line());
            RunReads.Sent sent = new RunReads.Sent(d, units, change);
            // the PSA's answer, when it shows the line at its target: as good as a read-back
            NavigableMap<LocalDate, BigDecimal> after = psa.adjustAnswered(d.line(), d.effectiveDate(), change, read, last)
                    .filter(answer -> answer.firstEntry().getValue().compareTo(d.targetUnits()) == 0).orElse(null);
            LOG.debug("{} on {}: {} -> {} ({})", d.line(), d.effectiveDate(), units, d.targetUnits(), change);
            if (after == null) {
                if (!Boolean.FALSE.equals(lastOfLine)) {
                    reads.readBackLater(sent);
                    return;
                }
                // the adjustment cannot be read back, the unit row can: confirm against the PSA itself
                after = psa.unitsBetween(d.line(), d.effectiveDate(), last);
            }
            reads.keep(d.line(), after, last);
            settle(sent, after.firstEntry().getValue());
        } catch (PsaException e) {
            record(d, e.outcome(), e);
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
        TreeSet<LocalDate> dates = dates(sent.stream().map(RunReads.Sent::delivery).toList());
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
    public void notSent(Delivery d, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        if (failure == null) {
            ledger.defer(d.ledgerId(), d.line() + " on " + d.effectiveDate()
                    + ": not sent, the PSA's circuit breaker is open after repeated failures");
        }
    }

    /**
     * Records the outcome; a PSA that failed (not one that refused, nor our budget spent) is reported to
     * the circuit breaker.
     */
    private void record(Delivery d, Outcome outcome, PsaException e) {
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
        if (outcome != Outcome.REJECTED && !(e instanceof BudgetSpent)) {
            throw e; // for the circuit breaker, which counts the PSA's failures, not our spent budget
        }
    }
}
