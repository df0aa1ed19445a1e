package io.usagebilling.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One line of an invoice: one contract service line of the company for the month. On an adjustment
 * invoice, quantity and amount are the differences against what was already billed for the month.
 * Scales are fixed (quantity 4, unit price 6 decimals) so a stored line equals a recomputed one.
 */
public record InvoiceLine(ContractLine line, String description, Proration proration,
        BigDecimal quantity, BigDecimal unitPrice, Money amount) {

    public InvoiceLine {
        quantity = quantity.setScale(4, RoundingMode.UNNECESSARY);
        unitPrice = unitPrice.setScale(6, RoundingMode.UNNECESSARY);
    }
}
