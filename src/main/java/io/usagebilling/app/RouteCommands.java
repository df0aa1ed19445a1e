package io.usagebilling.app;

import io.usagebilling.api.ApiCalls.NotFound;
import io.usagebilling.api.SyncApi;
import io.usagebilling.delivery.DeliveryLedger;
import io.usagebilling.delivery.Plan;
import io.usagebilling.delivery.PlanLines;
import io.usagebilling.delivery.PsaSendingLock;
import io.usagebilling.delivery.Reconciler;
import io.usagebilling.delivery.Reconciliation;
import io.usagebilling.store.Jdbc;
import io.usagebilling.sync.ExchangeProperties;
import io.usagebilling.sync.SyncSummary;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** The sync, plan, approval and reconcile routes, asked the same way by the CLI (BillingApp) and the REST API. */
public final class RouteCommands implements SyncApi.Commands {

    private final ProducerTemplate template;
    private final DeliveryLedger ledger;
    private final PlanLines planLines;
    private final Jdbc jdbc;

    RouteCommands(ProducerTemplate template, DeliveryLedger ledger, PlanLines planLines, DataSource dataSource) {
        this.template = template;
        this.ledger = ledger;
        this.planLines = planLines;
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public SyncSummary sync(LocalDate day) {
        return template.requestBody("direct:sync-day", day, SyncSummary.class);
    }

    /** The day's sync, but every change is held as a plan (id: the run's id) instead of sent. */
    @Override
    public Plan plan(LocalDate day) {
        Exchange done = template.request("direct:sync-day", e -> {
            e.getMessage().setBody(day);
            e.setProperty(ExchangeProperties.HOLD_ALL, true);
        });
        if (done.getException() != null) {
            throw new IllegalStateException("planning " + day + " failed: " + done.getException().getMessage(),
                    done.getException());
        }
        long planId = done.getProperty(ExchangeProperties.SYNC_RUN_ID, Long.class);
        return new Plan(planId, done.getMessage().getBody(SyncSummary.class), planLines.ofPlan(planId));
    }

    @Override
    public Plan plan(long id) {
        if (jdbc.queryLong("SELECT count(*) FROM sync_run WHERE id = ?", id) == 0) {
            throw new NotFound("no plan " + id);
        }
        return new Plan(id, null, planLines.ofPlan(id));
    }

    /** Sends exactly the held lines of plan {@code id}; returns the plan's lines as they now stand. */
    @Override
    public Plan approve(long id) {
        plan(id);
        request("direct:approve-plan", id, Object.class);
        return new Plan(id, null, planLines.ofPlan(id));
    }

    /** Turns down the held lines of plan {@code id} ({@code by}: who); returns the plan's lines as they now stand. */
    @Override
    public Plan reject(long id, String by) {
        plan(id);
        ledger.reject(id, by);
        return new Plan(id, null, planLines.ofPlan(id));
    }

    /** Compares the PSA with the usage over the request's range, fixing the differences when asked. */
    public Reconciliation reconcile(Reconciler.Request request) {
        return request("direct:reconcile", request, Reconciliation.class);
    }

    /** The route's answer; another run sending to the PSA meanwhile is said as such (409 over REST), not as a failure. */
    private <T> T request(String uri, Object body, Class<T> type) {
        try {
            return template.requestBody(uri, body, type);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof PsaSendingLock.Busy busy) {
                throw busy;
            }
            throw e;
        }
    }
}
