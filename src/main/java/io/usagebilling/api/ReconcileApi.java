package io.usagebilling.api;

import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.delivery.Reconciler;
import io.usagebilling.delivery.Reconciliation;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.Grant;
import io.usagebilling.domain.TenantCalendar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/reconciliation?from=&to=}: where the PSA differs from the usage over the range (the
 * PSA is read, nothing is sent); {@code POST} the same: and send the compensating changes, under the
 * approval rules. Both answer the report; see routes/delivery/reconcile.camel.yaml.
 */
public final class ReconcileApi {

    private final ApiCalls calls;
    private final TenantCalendar calendar;
    private final Function<Reconciler.Request, Reconciliation> reconcile;

    public ReconcileApi(ApiCalls calls, TenantCalendar calendar, Function<Reconciler.Request, Reconciliation> reconcile) {
        this.calls = calls;
        this.calendar = calendar;
        this.reconcile = reconcile;
    }

    public void report(Exchange exchange) throws Exception {
        run(exchange, false);
    }

    public void fix(Exchange exchange) throws Exception {
        run(exchange, true);
    }

    private void run(Exchange exchange, boolean fix) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            Reconciler.Request request = Reconciler.Request.of(calendar,
                    r.query("from") == null ? null : TenantCalendar.parseDate(r.query("from")),
                    r.query("to") == null ? null : TenantCalendar.parseDate(r.query("to")), fix);
            calendar.requireOver(request.to());
            return Reply.json(body(reconcile.apply(request)));
        });
    }

    private static Map<String, Object> body(Reconciliation done) {
        Set<ContractLine> fixed = done.fixedLines();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", done.runId());
        body.put("from", done.from().toString());
        body.put("to", done.to().toString());
        body.put("lines", done.lines());
        body.put("summary", done.line());
        body.put("drifts", done.drifts().stream().map(d -> Map.of("contractId", d.line().contractId(),
                "serviceId", d.line().serviceId(), "from", d.drift().from().toString(), "to", d.drift().to().toString(),
                "psaUnits", d.drift().psaUnits(), "usageUnits", d.drift().targetUnits(), "fixed", fixed.contains(d.line()))).toList());
        body.put("changes", done.changes().stream().map(PlanLineJson::of).toList());
        body.put("unread", done.unread());
        body.put("problems", done.problems());
        return body;
    }
}
