package io.usagebilling.invoicing;

import io.usagebilling.invoicing.ExportRows.InvoiceLineRow;
import io.usagebilling.invoicing.ExportRows.InvoiceRow;
import java.time.YearMonth;
import java.util.List;

/**
 * An invoice as a client receives it: who bills whom, for which period, each line with its quantity,
 * unit price and proration, then the subtotal, the monthly minimum's top-up, credits and the total.
 */
public record InvoiceDocument(Seller seller, InvoiceRow invoice, List<InvoiceLineRow> lines) {

    /** The MSP issuing the invoice (billing.seller.*): its name and the lines of its address. */
    public record Seller(String name, List<String> address) {}

    public InvoiceDocument {
        lines = List.copyOf(lines);
    }

    public YearMonth period() {
        return YearMonth.parse(invoice.usageMonth());
    }

    /** "INV-000123", or "ADJ-000124" for an adjustment of late usage. */
    public String number() {
        return (invoice.kind().equals("adjustment") ? "ADJ-" : "INV-") + String.format("%06d", invoice.invoiceId());
    }
}
