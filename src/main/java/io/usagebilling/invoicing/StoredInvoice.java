package io.usagebilling.invoicing;

import io.usagebilling.domain.Invoice;
import java.util.List;

/** An invoice as stored: its id, status and the ids of its lines (in line order). */
public record StoredInvoice(long id, String companyName, boolean finalized, Invoice invoice, List<Long> lineIds) {}
