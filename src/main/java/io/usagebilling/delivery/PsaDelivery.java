package io.usagebilling.delivery;

import io.usagebilling.delivery.DeliveryLedger.Delivery;
import io.usagebilling.domain.ApprovalRule;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.UnitDelta;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.sync.ExchangeProperties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one planned line: reads the PSA's units on the effective date, holds the change for a
 * person when the approval rule says so, else sends only the difference to the target, reads back
 * to confirm, and records each step in the ledger first. A change already
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
     * Settings the PSA refused (in the last run) are tried again here, once.
     */
    public void beforeSending(List<Delivery> planned) {
        settingsRefused = null;
        if (!planned.isEmpty()) {
            try {
                psa.beforeDelivery();
            } catch (PsaException e) {
                if (e.outcome() != Outcome.MISCONFIGURED) {
                    throw e;
                }
                refused(e);
            }
        }
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

    public void deliver(Delivery d, @ExchangeProperty(ExchangeProperties.HOLD_ALL) Boolean holdAll) {
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
        BigDecimal units;
        try {
            units = psa.unitsOn(d.line(), d.effectiveDate());
        } catch (PsaException e) {
            // nothing was written: a read that failed leaves the line planned (or failed when refused)
            record(d, e.outcome() == Outcome.UNKNOWN ? Outcome.DEFERRED : e.outcome(), e);
            return;
        }
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
            psa.adjust(d.line(), d.effectiveDate(), change);
            // the adjustment cannot be read back, the unit row can: confirm against the PSA itself
            BigDecimal after = psa.unitsOn(d.line(), d.effectiveDate());
            if (after.compareTo(d.targetUnits()) == 0) {
                ledger.confirm(d.ledgerId(), after);
            } else {
                String reason = d.line() + " on " + d.effectiveDate() + ": sent " + change.toPlainString() + " to "
                        + units.toPlainString() + " but read back " + after.toPlainString() + ", not "
                        + d.targetUnits().toPlainString();
                LOG.warn("delivery mismatch: {}", reason);
                ledger.mismatch(d.ledgerId(), after, reason);
            }
            LOG.debug("{} on {}: {} -> {} ({})", d.line(), d.effectiveDate(), units, d.targetUnits(), change);
        } catch (PsaException e) {
            record(d, e.outcome(), e);
        }
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

    /** Records the outcome; a PSA that failed (not one that refused) is reported to the circuit breaker. */
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
        if (outcome != Outcome.REJECTED) {
            throw e;
        }
    }
}
