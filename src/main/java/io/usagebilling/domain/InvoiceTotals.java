package io.usagebilling.domain;

import java.util.Currency;
import java.util.List;

/**
 * The money of one invoice. The monthly minimum (seed 002): when a month's license spend is above
 * zero but below the minimum, the regular invoice tops it up to the minimum and grants the top-up
 * as a credit that pays only for usage of that same month, i.e. late usage of the month billed on
 * an adjustment invoice issued with the next month's close; then the rest expires.
 *
 * @param subtotal the sum of the (already rounded) line amounts
 * @param minimumTopUp what is added to reach the monthly minimum (regular invoices only)
 * @param creditGranted the credit this invoice grants (equal to the top-up)
 * @param creditUsed the month's credit spent on this (adjustment) invoice's positive subtotal
 * @param creditExpired the previous month's credit left unused, which expires with this close (shown, not charged)
 * @param total what is charged: subtotal + top-up − credit used
 */
public record InvoiceTotals(
        Money subtotal, Money minimumTopUp, Money creditGranted, Money creditUsed, Money creditExpired, Money total) {

    /** The invoice of a month's usage, closed on the 1st of the next month. */
    public static InvoiceTotals regular(List<Money> lines, Money minimum, Money expiringCredit) {
        Money subtotal = sum(lines, minimum.currency());
        Money zero = Money.zero(minimum.currency());
        Money topUp = subtotal.isPositive() && subtotal.compareTo(minimum) < 0 ? minimum.minus(subtotal) : zero;
        return new InvoiceTotals(subtotal, topUp, topUp, zero, expiringCredit, subtotal.plus(topUp));
    }

    /** Late usage of a finalized month; {@code availableCredit} is that month's unspent credit, if still valid. */
    public static InvoiceTotals adjustment(List<Money> lines, Money availableCredit) {
        Money subtotal = sum(lines, availableCredit.currency());
        Money zero = Money.zero(availableCredit.currency());
        Money used = subtotal.isPositive() ? availableCredit.min(subtotal) : zero;
        return new InvoiceTotals(subtotal, zero, zero, used, zero, subtotal.minus(used));
    }

    private static Money sum(List<Money> lines, Currency currency) {
        return lines.stream().reduce(Money.zero(currency), Money::plus);
    }
}
