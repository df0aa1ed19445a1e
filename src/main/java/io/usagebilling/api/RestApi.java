package io.usagebilling.api;

import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.api.BillingBodies.Activated;
import io.usagebilling.api.BillingBodies.ActivationRequest;
import io.usagebilling.api.BillingBodies.AutoRenewal;
import io.usagebilling.api.BillingBodies.BillingMonths;
import io.usagebilling.api.BillingBodies.Finalized;
import io.usagebilling.api.BillingBodies.LicenseId;
import io.usagebilling.api.BillingBodies.LicenseIds;
import io.usagebilling.api.BillingBodies.LicensePurchase;
import io.usagebilling.api.BillingBodies.LicenseTypeChange;
import io.usagebilling.api.BillingBodies.Licenses;
import io.usagebilling.api.BillingBodies.MonthInvoices;
import io.usagebilling.api.BillingBodies.PriceEntry;
import io.usagebilling.domain.Activation;
import io.usagebilling.domain.Grant;
import io.usagebilling.domain.License;
import io.usagebilling.domain.LicenseCounters;
import io.usagebilling.domain.PriceCatalog;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.invoicing.CsvExports;
import io.usagebilling.invoicing.ExportRows;
import io.usagebilling.invoicing.LineExplainer;
import io.usagebilling.invoicing.MonthClose;
import io.usagebilling.licenses.Activations;
import io.usagebilling.licenses.LicenseStore;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.Exchange;

/** The beans behind routes/service/rest-api.camel.yaml: one method per endpoint, each naming the grant it needs. */
public final class RestApi {

    private final ApiCalls calls;
    private final LicenseStore licenses;
    private final Activations activations;
    private final MonthClose monthClose;
    private final LineExplainer explainer;
    private final CsvExports exports;
    private final ExportRows rows;
    private final TenantCalendar calendar;
    private final Supplier<PriceCatalog> prices;

    public RestApi(ApiCalls calls, LicenseStore licenses, Activations activations, MonthClose monthClose,
            LineExplainer explainer, CsvExports exports, ExportRows rows, TenantCalendar calendar,
            Supplier<PriceCatalog> prices) {
        this.calls = calls;
        this.licenses = licenses;
        this.activations = activations;
        this.monthClose = monthClose;
        this.explainer = explainer;
        this.exports = exports;
        this.rows = rows;
        this.calendar = calendar;
        this.prices = prices;
    }

    /** GET /api/prices: the price catalog as validated from mappings/prices.yaml. */
    public void prices(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(prices.get().prices().stream().map(PriceEntry::of).toList()));
    }

    /** GET /api/licenses?company=&type=&month=: the counters and the licenses. */
    public void licenses(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.MANAGE_LICENSES, r -> {
            licenses.startTrials();
            YearMonth month = r.query("month") == null ? calendar.thisMonth() : r.month();
            List<License> list = licenses.list(new LicenseStore.Filter(r.queryLong("company"), r.query("type"), month));
            LocalDate day = calendar.asOf(month);
            return Reply.json(new Licenses(month.toString(), day.toString(), LicenseCounters.of(list, day),
                    rows.licenses(month, day, r.queryLong("company"), r.query("type"))));
        });
    }

    /** POST /api/licenses {company, module, billingType, assetId?}: buy a license. */
    public void allocate(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.BUY_LICENSES, r -> {
            LicensePurchase b = r.body(LicensePurchase.class);
            long id = licenses.allocate(b.company(), b.module(), b.billingType(), b.assetId(), calendar.today());
            return new Reply(201, "application/json", new LicenseId(id));
        });
    }

    /** POST /api/licenses/{id}/change {billingType}. */
    public void change(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.MANAGE_LICENSES, r -> {
            licenses.change(r.pathLong("id"), r.body(LicenseTypeChange.class).billingType(), calendar.today());
            return Reply.json(new LicenseId(r.pathLong("id")));
        });
    }

    /** POST /api/licenses/{id}/renew: a renewal is a purchase. */
    public void renew(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.BUY_LICENSES, r -> {
            licenses.renew(r.pathLong("id"), calendar.today());
            return Reply.json(new LicenseId(r.pathLong("id")));
        });
    }

    /** POST /api/licenses/{id}/release. */
    public void release(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.MANAGE_LICENSES, r -> {
            licenses.release(r.pathLong("id"), calendar.today());
            return Reply.json(new LicenseId(r.pathLong("id")));
        });
    }

    /** POST /api/licenses/auto-renewal {ids: [..], enabled}: the group action. */
    public void autoRenewal(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.MANAGE_LICENSES, r -> {
            AutoRenewal b = r.body(AutoRenewal.class);
            licenses.setAutoRenew(b.ids(), b.enabled(), calendar.today());
            return Reply.json(new LicenseIds(b.ids()));
        });
    }

    /** GET /api/licenses/history?company=&type=&month=. */
    public void history(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.LICENSE_USAGE_HISTORY, r -> Reply.json(
                rows.licenseHistory(r.query("month") == null ? null : r.month(), r.queryLong("company"), r.query("type"))));
    }

    /** POST /api/activations {company, module, termsAccepted, paymentToken}: KOB billing activation. */
    public void activate(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.ACTIVATE_LICENSE_KEY, r -> {
            ActivationRequest b = r.body(ActivationRequest.class);
            Activation a = new Activation(b.company(), b.module(), Boolean.TRUE.equals(b.termsAccepted()), b.paymentToken());
            return new Reply(201, "application/json", new Activated(activations.activate(a, calendar.today()).toString()));
        });
    }

    /** POST /api/months/{month}/close. */
    public void close(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            return Reply.json(MonthInvoices.of(monthClose.close(TenantCalendar.parseMonth(r.path("month")))));
        });
    }

    /** GET /api/months/{month}/preview: what closing the month would give, stored nowhere (also the running month). */
    public void preview(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            return Reply.json(MonthInvoices.of(monthClose.preview(TenantCalendar.parseMonth(r.path("month")))));
        });
    }

    /** POST /api/months/{month}/finalize. */
    public void finalizeMonth(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(
                new Finalized(monthClose.finalizeMonth(TenantCalendar.parseMonth(r.path("month"))))));
    }

    /** GET /api/invoices?month=&company=. */
    public void invoices(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(rows.invoices(r.month(), r.queryLong("company"))));
    }

    /** GET /api/invoice-lines?month=&company=: the lines of the month's invoices, as their CSV export has them. */
    public void invoiceLines(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(rows.invoiceLines(r.month(), r.queryLong("company"))));
    }

    /** GET /api/months: the running month (tenant time) and the months closed, newest first. */
    public void months(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(
                new BillingMonths(calendar.thisMonth().toString(), monthClose.closedMonths())));
    }

    /** GET /api/invoice-lines/{id}/explanation. */
    public void explain(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            long id = r.pathLong("id");
            try {
                return new Reply(200, "text/plain; charset=utf-8", explainer.text(id));
            } catch (IllegalArgumentException e) {
                throw new ApiCalls.NotFound(e.getMessage());
            }
        });
    }

    /** GET /api/exports/{report}?month=&company=&type=: the CSV exports. */
    public void export(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            String report = r.path("report");
            if (!CsvExports.REPORTS.contains(report)) {
                throw new ApiCalls.NotFound("no report '" + report + "' (" + String.join(", ", CsvExports.REPORTS) + ")");
            }
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            exports.write(report, new CsvExports.Filter(r.month(), r.queryLong("company"), r.query("type")), csv);
            return new Reply(200, "text/csv; charset=utf-8", csv.toByteArray());
        });
    }
}
