package io.usagebilling.invoicing;

import io.usagebilling.domain.DayQuantity;
import io.usagebilling.domain.Invoice;
import io.usagebilling.domain.InvoiceLine;
import io.usagebilling.domain.UsageRecord;
import java.time.YearMonth;
import java.util.List;

/**
 * Everything behind one invoice line: the line and its invoice, the module organizations and billing
 * types feeding its contract line, the month's daily quantities and the raw usage records summed into them.
 */
public record LineExplanation(Header header, List<Feed> feeds, List<DayQuantity> days, List<UsageRecord> usage) {

    /** The line as invoiced, and the invoice it is on. */
    public record Header(long lineId, long invoiceId, long companyId, String companyName, Invoice.Kind kind,
            boolean finalized, YearMonth month, InvoiceLine line) {}

    /** A module organization whose usage of a billing type goes to the line. */
    public record Feed(String module, String billingType, String org) {}
}
