package io.usagebilling.invoicing;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.DayQuantity;
import io.usagebilling.domain.Invoice;
import io.usagebilling.domain.InvoiceLine;
import io.usagebilling.domain.InvoiceTotals;
import io.usagebilling.domain.LineCharge;
import io.usagebilling.domain.Money;
import io.usagebilling.domain.PriceCatalog;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.licenses.LicenseStore;
import io.usagebilling.mapping.MappingException;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.mapping.PriceFiles;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The monthly close of a usage month M (routes/invoicing/month-close.camel.yaml, {@code close --month M}):
 * <ol>
 *   <li>for each finalized earlier month, late usage since its invoices becomes an adjustment invoice
 *       issued with this close (never an edit), paid first from that month's credit while it is valid;</li>
 *   <li>one draft invoice per PSA company for M, one line per contract service
 *       line, priced from mappings/prices.yaml, with the monthly minimum; closing again rebuilds the drafts
 *       identically (the same rows when nothing changed).</li>
 * </ol>
 * Closing a finalized month changes nothing.
 */
public final class MonthClose {

    private final InvoiceStore store;
    private final LicenseStore licenses;
    private final MappingLoader mappings;
    private final Path mappingsDir;
    private final Money minimum;
    private final TenantCalendar calendar;

    public MonthClose(InvoiceStore store, LicenseStore licenses, MappingLoader mappings, Path mappingsDir, Money minimum,
                      TenantCalendar calendar) {
        this.calendar = calendar;
        this.store = store;
        this.licenses = licenses;
        this.mappings = mappings;
        this.mappingsDir = mappingsDir;
        this.minimum = minimum;
    }

    /** Closes a month that is over: its drafts are stored (rebuilt when closed again). */
    public CloseSummary close(YearMonth month) {
        calendar.requireOver(month);
        licenses.startTrials();
        return close(month, false);
    }

    /** What closing the month would give (also a month still running), with nothing stored. */
    public CloseSummary preview(YearMonth month) {
        return close(month, true);
    }

    private CloseSummary close(YearMonth month, boolean preview) {
        Money none = Money.zero(minimum.currency());
        if (store.isFinalized(month)) {
            // Everything issued with a finalized close is final; late usage waits for the next close.
            return CloseSummary.of(month, true, false, store.issuedWith(month), none);
        }
        LocalDate issuedOn = month.plusMonths(1).atDay(1);
        List<Invoice> invoices = invoices(month, issuedOn, PriceFiles.load(mappingsDir, mappings.reloadIfChanged()));
        if (preview) {
            return CloseSummary.of(month, false, true, store.preview(month, issuedOn, invoices), none);
        }
        store.saveClose(month, issuedOn, invoices);
        return CloseSummary.of(month, false, false, store.issuedWith(month), none);
    }

    private List<Invoice> invoices(YearMonth month, LocalDate issuedOn, PriceCatalog prices) {
        Money none = Money.zero(minimum.currency());
        List<Invoice> invoices = new ArrayList<>();
        Map<Long, Money> creditUsedOnPreviousMonth = new LinkedHashMap<>();
        for (YearMonth finalized : store.finalizedMonthsBefore(month)) {
            for (Invoice adjustment : adjustments(finalized, issuedOn, month, prices)) {
                invoices.add(adjustment);
                if (finalized.equals(month.minusMonths(1))) {
                    creditUsedOnPreviousMonth.put(adjustment.companyId(), adjustment.totals().creditUsed());
                }
            }
        }
        for (Map.Entry<Long, List<InvoiceLine>> company : lines(month, prices).entrySet()) {
            long id = company.getKey();
            // The previous month's credit expires with this close, after its late usage had first call on it.
            Money expiring = store.creditLeft(id, month.minusMonths(1), issuedOn, minimum.currency())
                    .minus(creditUsedOnPreviousMonth.getOrDefault(id, none));
            invoices.add(new Invoice(id, month, Invoice.Kind.REGULAR, issuedOn, company.getValue(),
                    InvoiceTotals.regular(amounts(company.getValue()), minimum, expiring)));
        }
        return invoices;
    }

    public List<InvoiceStore.ClosedMonth> closedMonths() {
        return store.closedMonths();
    }

    public int finalizeMonth(YearMonth month) {
        return store.finalizeMonth(month);
    }

    /** Per company, the differences between the month as it is now and what its invoices already billed. */
    private List<Invoice> adjustments(YearMonth month, LocalDate issuedOn, YearMonth closing, PriceCatalog prices) {
        Map<Long, List<InvoiceLine>> now = lines(month, prices);
        Map<Long, Map<ContractLine, InvoiceLine>> billed = store.billed(month, issuedOn, minimum.currency());
        Set<Long> companies = new LinkedHashSet<>(now.keySet());
        companies.addAll(billed.keySet());
        List<Invoice> result = new ArrayList<>();
        for (long company : companies) {
            Map<ContractLine, InvoiceLine> before = billed.getOrDefault(company, Map.of());
            Map<ContractLine, InvoiceLine> after = now.getOrDefault(company, List.of()).stream()
                    .collect(Collectors.toMap(InvoiceLine::line, l -> l, (a, b) -> a, LinkedHashMap::new));
            Set<ContractLine> keys = new LinkedHashSet<>(after.keySet());
            keys.addAll(before.keySet());
            List<InvoiceLine> deltas = new ArrayList<>();
            for (ContractLine key : keys) {
                InvoiceLine delta = difference(after.get(key), before.get(key));
                if (delta.amount().amount().signum() != 0 || delta.quantity().signum() != 0) {
                    deltas.add(delta);
                }
            }
            if (!deltas.isEmpty()) {
                // A month's credit pays only for that month's usage, and only until the next month is closed.
                Money credit = month.plusMonths(1).equals(closing)
                        ? store.creditLeft(company, month, issuedOn, minimum.currency())
                        : Money.zero(minimum.currency());
                result.add(new Invoice(company, month, Invoice.Kind.ADJUSTMENT, issuedOn, deltas,
                        InvoiceTotals.adjustment(amounts(deltas), credit)));
            }
        }
        return result;
    }

    private InvoiceLine difference(InvoiceLine now, InvoiceLine billed) {
        InvoiceLine shape = now != null ? now : billed;
        BigDecimal quantity = now == null ? BigDecimal.ZERO : now.quantity();
        Money amount = now == null ? Money.zero(minimum.currency()) : now.amount();
        if (billed != null) {
            quantity = quantity.subtract(billed.quantity());
            amount = amount.minus(billed.amount());
        }
        return new InvoiceLine(shape.line(), shape.description(), shape.proration(), quantity, shape.unitPrice(), amount);
    }

    /**
     * The month's lines per company: every mapped line with quantities that month, priced by its
     * policy. Trial units are already out of the daily quantities (the catalog's trialDays, applied
     * by the billable_usage view), so they are not taken off again here.
     */
    private Map<Long, List<InvoiceLine>> lines(YearMonth month, PriceCatalog prices) {
        Map<ContractLine, List<DayQuantity>> days = store.dailyQuantities(month);
        Map<ContractLine, List<ServiceLineSource>> sources = store.serviceLines().stream()
                .collect(Collectors.groupingBy(ServiceLineSource::line, LinkedHashMap::new, Collectors.toList()));
        Map<Long, List<InvoiceLine>> byCompany = new LinkedHashMap<>();
        sources.forEach((line, feeding) -> {
            List<DayQuantity> quantities = days.get(line);
            if (quantities == null) {
                return;
            }
            ServiceLineSource first = feeding.get(0);
            LineCharge charge = LineCharge.of(month, first.proration(), quantities,
                    day -> unitPrice(prices, feeding, day), minimum.currency());
            String description = feeding.stream().map(s -> s.moduleName() + " " + s.billingType())
                    .collect(Collectors.joining(" + "));
            byCompany.computeIfAbsent(first.companyId(), k -> new ArrayList<>()).add(new InvoiceLine(
                    line, description, first.proration(), charge.quantity(), charge.unitPrice(), charge.amount()));
        });
        return byCompany;
    }

    /** The one unit price of a line on a day; every billing type feeding one line must have the same price. */
    private BigDecimal unitPrice(PriceCatalog prices, List<ServiceLineSource> feeding, LocalDate day) {
        Set<BigDecimal> found = new LinkedHashSet<>();
        for (ServiceLineSource s : feeding) {
            BigDecimal price = prices.unitPrice(s.module(), s.billingType(), minimum.currency(), day)
                    .orElseThrow(() -> new MappingException(mappingsDir.resolve(PriceFiles.PRICES) + ": no "
                            + minimum.currency() + " price for module=" + s.module() + ", billingType=" + s.billingType()
                            + " in force on " + day + " (needed for " + s.line() + " of company " + s.companyId() + ")"));
            found.add(price.stripTrailingZeros());
        }
        if (found.size() > 1) {
            throw new MappingException(mappingsDir.resolve(PriceFiles.PRICES) + ": " + feeding.get(0).line()
                    + " is fed by billing types with different prices on " + day + " " + found);
        }
        return found.iterator().next();
    }

    private static List<Money> amounts(List<InvoiceLine> lines) {
        return lines.stream().map(InvoiceLine::amount).toList();
    }

    /** What a close did, for the CLI, the route's log and the demo. */
    public record CloseSummary(YearMonth month, boolean alreadyFinalized, boolean preview, List<StoredInvoice> invoices,
                               Money total) {

        static CloseSummary of(YearMonth month, boolean finalized, boolean preview, List<StoredInvoice> invoices, Money zero) {
            return new CloseSummary(month, finalized, preview, invoices,
                    invoices.stream().map(i -> i.invoice().totals().total()).reduce(zero, Money::plus));
        }

        public long adjustments() {
            return invoices.stream().filter(i -> i.invoice().kind() == Invoice.Kind.ADJUSTMENT).count();
        }

        public String line() {
            return "close " + month + (preview ? " (preview)" : "") + ": invoices=" + invoices.size() + " adjustments=" + adjustments() + " total=" + total
                    + (alreadyFinalized ? " (" + month + " is finalized: unchanged)" : "");
        }
    }
}
