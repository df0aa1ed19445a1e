package io.usagebilling.api;

import static io.usagebilling.api.ApiRequest.need;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.Invoice;
import io.usagebilling.domain.InvoiceLine;
import io.usagebilling.domain.InvoiceTotals;
import io.usagebilling.domain.LicenseCounters;
import io.usagebilling.domain.Price;
import io.usagebilling.invoicing.ExportRows.LicenseRow;
import io.usagebilling.invoicing.InvoiceStore;
import io.usagebilling.invoicing.MonthClose;
import io.usagebilling.invoicing.StoredInvoice;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * What the license, activation, price and month endpoints of rest-api.camel.yaml read and answer: the
 * records the OpenAPI document's schemas are made from, and the ones the handlers bind and write.
 */
public final class BillingBodies {

    private BillingBodies() {}

    /** POST /api/licenses: buy a license. */
    public record LicensePurchase(@Schema(requiredMode = RequiredMode.REQUIRED) Long company,
            @Schema(requiredMode = RequiredMode.REQUIRED) String module,
            @Schema(requiredMode = RequiredMode.REQUIRED) String billingType, String assetId) {
        public LicensePurchase {
            need(company, "company");
            need(module, "module");
            need(billingType, "billingType");
        }
    }

    /** POST /api/licenses/{id}/change: the license's new type. */
    public record LicenseTypeChange(@Schema(requiredMode = RequiredMode.REQUIRED) String billingType) {
        public LicenseTypeChange {
            need(billingType, "billingType");
        }
    }

    /** POST /api/licenses/auto-renewal: the group action. */
    public record AutoRenewal(@Schema(requiredMode = RequiredMode.REQUIRED) List<Long> ids,
            @Schema(requiredMode = RequiredMode.REQUIRED) Boolean enabled) {
        public AutoRenewal {
            need(ids, "ids");
            need(enabled, "enabled");
            if (ids.contains(null)) {
                throw InputProblem.invalid("ids", "'ids' holds a null");
            }
        }
    }

    /** POST /api/activations: KOB billing activation. */
    public record ActivationRequest(@Schema(requiredMode = RequiredMode.REQUIRED) Long company,
            @Schema(requiredMode = RequiredMode.REQUIRED) String module, Boolean termsAccepted, String paymentToken) {
        public ActivationRequest {
            need(company, "company");
            need(module, "module");
        }
    }

    /** GET /api/licenses: the month's counters and licenses as of a day. */
    public record Licenses(String month, String asOf, LicenseCounters counters, List<LicenseRow> licenses) {}

    /** The license a call bought or changed. */
    public record LicenseId(long id) {}

    /** The licenses a group action changed. */
    public record LicenseIds(List<Long> ids) {}

    /** POST /api/activations: when the first invoice comes. */
    public record Activated(String firstInvoiceOn) {}

    /** GET /api/prices: a unit price of the catalog (the currency as its ISO code). */
    public record PriceEntry(String module, String billingType, String currency, BigDecimal unitPrice, LocalDate effectiveFrom) {
        static PriceEntry of(Price p) {
            return new PriceEntry(p.module(), p.billingType(), p.currency().getCurrencyCode(), p.unitPrice(), p.effectiveFrom());
        }
    }

    /** GET /api/months: the month running in the tenant's time zone, and the months closed, newest first. */
    public record BillingMonths(String running, List<InvoiceStore.ClosedMonth> closed) {}

    /** A month closed or previewed: its summary, and per company its invoices with their lines. */
    public record MonthInvoices(String summary, int invoices, BigDecimal total, List<MonthInvoice> byCompany) {
        static MonthInvoices of(MonthClose.CloseSummary s) {
            return new MonthInvoices(s.line(), s.invoices().size(), s.total().amount(),
                    s.invoices().stream().map(MonthInvoice::of).toList());
        }
    }

    /** An invoice of a close or a preview, named as in GET /api/invoices; no ids, since a preview stores nothing. */
    public record MonthInvoice(long companyId, String companyName, String kind, String currency, BigDecimal subtotal,
            BigDecimal minimumTopUp, BigDecimal creditUsed, BigDecimal total, List<MonthInvoiceLine> lines) {
        static MonthInvoice of(StoredInvoice stored) {
            Invoice i = stored.invoice();
            InvoiceTotals t = i.totals();
            return new MonthInvoice(i.companyId(), stored.companyName(), i.kind().name().toLowerCase(Locale.ROOT),
                    t.total().currency().getCurrencyCode(), t.subtotal().amount(), t.minimumTopUp().amount(),
                    t.creditUsed().amount(), t.total().amount(), i.lines().stream().map(MonthInvoiceLine::of).toList());
        }
    }

    /** A line of a close's or a preview's invoice, named as in GET /api/invoice-lines. */
    public record MonthInvoiceLine(long contractId, long serviceId, String description, String proration,
            BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount) {
        static MonthInvoiceLine of(InvoiceLine l) {
            return new MonthInvoiceLine(l.line().contractId(), l.line().serviceId(), l.description(), l.proration().code(),
                    l.quantity(), l.unitPrice(), l.amount().amount());
        }
    }

    /** A month finalized: how many invoices became final. */
    public record Finalized(int finalized) {}
}
