package io.usagebilling.domain;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * A consolidated invoice of one PSA company for one usage month, across all modules enabled for
 * billing. {@code issuedOn} is the 1st of the month after the close that produced it: the month
 * after the usage for a regular invoice, later for an adjustment invoice of late usage.
 */
public record Invoice(long companyId, YearMonth usageMonth, Kind kind, LocalDate issuedOn,
        List<InvoiceLine> lines, InvoiceTotals totals) {

    public enum Kind { REGULAR, ADJUSTMENT }

    public Invoice {
        lines = List.copyOf(lines);
    }

    /** The last day the credit this invoice grants can pay for usage: the end of its usage month. */
    public LocalDate creditValidUntil() {
        return usageMonth.atEndOfMonth();
    }
}
