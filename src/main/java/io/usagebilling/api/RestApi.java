package io.usagebilling.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.api.ApiCalls.Reply;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(prices.get().prices()));
    }

    /** GET /api/licenses?company=&type=&month=: the counters and the licenses. */
    public void licenses(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.MANAGE_LICENSES, r -> {
            licenses.startTrials();
            YearMonth month = r.query("month") == null ? calendar.thisMonth() : r.month();
            List<License> list = licenses.list(new LicenseStore.Filter(r.queryLong("company"), r.query("type"), month));
            LocalDate day = calendar.asOf(month);
            return Reply.json(Map.of("month", month.toString(), "asOf", day.toString(), "counters", LicenseCounters.of(list, day),
                    "licenses", rows.licenses(month, day, r.queryLong("company"), r.query("type"))));
        });
    }

    /** POST /api/licenses {company, module, billingType, assetId?}: buy a license. */
    public void allocate(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.BUY_LICENSES, r -> {
            JsonNode b = r.body();
            long id = licenses.allocate(ApiRequest.requiredLong(b, "company"), ApiRequest.required(b, "module").asText(),
                    ApiRequest.required(b, "billingType").asText(), b.hasNonNull("assetId") ? b.get("assetId").asText() : null,
                    calendar.today());
            return new Reply(201, "application/json", Map.of("id", id));
        });
    }

    /** POST /api/licenses/{id}/change {billingType}. */
    public void change(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.MANAGE_LICENSES, r -> {
            licenses.change(r.pathLong("id"), ApiRequest.required(r.body(), "billingType").asText(), calendar.today());
            return Reply.json(Map.of("id", r.pathLong("id")));
        });
    }

    /** POST /api/licenses/{id}/renew: a renewal is a purchase. */
    public void renew(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.BUY_LICENSES, r -> {
            licenses.renew(r.pathLong("id"), calendar.today());
            return Reply.json(Map.of("id", r.pathLong("id")));
        });
    }

    /** POST /api/licenses/{id}/release. */
    public void release(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.MANAGE_LICENSES, r -> {
            licenses.release(r.pathLong("id"), calendar.today());
            return Reply.json(Map.of("id", r.pathLong("id")));
        });
    }

    /** POST /api/licenses/auto-renewal {ids: [..], enabled}: the group action. */
    public void autoRenewal(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.MANAGE_LICENSES, r -> {
            JsonNode b = r.body();
            List<Long> ids = new ArrayList<>();
            ApiRequest.required(b, "ids").forEach(id -> ids.add(id.asLong()));
            licenses.setAutoRenew(ids, ApiRequest.required(b, "enabled").asBoolean(), calendar.today());
            return Reply.json(Map.of("ids", ids));
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
            JsonNode b = r.body();
            Activation a = new Activation(ApiRequest.requiredLong(b, "company"), ApiRequest.required(b, "module").asText(),
                    b.path("termsAccepted").asBoolean(false), b.path("paymentToken").asText(null));
            return new Reply(201, "application/json", Map.of("firstInvoiceOn",
                    activations.activate(a, calendar.today()).toString()));
        });
    }

    /** POST /api/months/{month}/close. */
    public void close(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            MonthClose.CloseSummary s = monthClose.close(TenantCalendar.parseMonth(r.path("month")));
            return Reply.json(Map.of("summary", s.line(), "invoices", s.invoices().size(), "total", s.total().amount()));
        });
    }

    /** GET /api/months/{month}/preview: what closing the month would give, stored nowhere (also the running month). */
    public void preview(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            MonthClose.CloseSummary s = monthClose.preview(TenantCalendar.parseMonth(r.path("month")));
            return Reply.json(Map.of("summary", s.line(), "invoices", s.invoices().size(), "total", s.total().amount()));
        });
    }

    /** POST /api/months/{month}/finalize. */
    public void finalizeMonth(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(
                Map.of("finalized", monthClose.finalizeMonth(TenantCalendar.parseMonth(r.path("month"))))));
    }

    /** GET /api/invoices?month=&company=. */
    public void invoices(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(rows.invoices(r.month(), r.queryLong("company"))));
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
