package io.usagebilling.app;

import io.usagebilling.domain.UnitDelta;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaException;
import io.usagebilling.store.DeliveryLedger;
import io.usagebilling.store.DeliveryLedger.Delivery;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one planned line: reads the PSA's units on the effective date, sends only the difference
 * to the target, and records each step in the ledger first. A change already applied (say by a run
 * that crashed after sending) reads as a zero difference and is not sent again.
 */
public final class PsaDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(PsaDelivery.class);

    private final ContractUnits psa;
    private final DeliveryLedger ledger;

    public PsaDelivery(ContractUnits psa, DeliveryLedger ledger) {
        this.psa = psa;
        this.ledger = ledger;
    }

    public void deliver(Delivery d) {
        try {
            BigDecimal units = psa.unitsOn(d.line(), d.effectiveDate());
            BigDecimal change = UnitDelta.unitChange(units, d.targetUnits());
            if (change.signum() != 0) {
                ledger.markSent(d.ledgerId(), units, change);
                psa.adjust(d.line(), d.effectiveDate(), change);
            }
            ledger.confirm(d.ledgerId(), units, change);
            LOG.debug("{} on {}: {} -> {} ({})", d.line(), d.effectiveDate(), units, d.targetUnits(), change);
        } catch (PsaException e) {
            String reason = d.line() + " on " + d.effectiveDate() + ": " + e.getMessage();
            LOG.warn("delivery {}: {}", e.outcome() == PsaException.Outcome.UNKNOWN ? "unknown" : "failed", reason);
            if (e.outcome() == PsaException.Outcome.UNKNOWN) {
                ledger.unknown(d.ledgerId(), reason);
            } else {
                ledger.fail(d.ledgerId(), reason);
            }
        }
    }
}
