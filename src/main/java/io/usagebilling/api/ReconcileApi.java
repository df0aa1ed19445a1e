package io.usagebilling.api;

import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.delivery.Reconciler;
import io.usagebilling.delivery.Reconciliation;
import io.usagebilling.domain.Grant;
import io.usagebilling.domain.TenantCalendar;
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
                    r.queryDate("from"), r.queryDate("to"), fix);
            calendar.requireOver(request.to());
            return Reply.json(SyncBodies.Reconciled.of(reconcile.apply(request)));
        });
    }
}
