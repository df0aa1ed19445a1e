package io.usagebilling.api;

import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.delivery.HeldPlans;
import io.usagebilling.delivery.Plan;
import io.usagebilling.delivery.PlanLines;
import io.usagebilling.domain.Grant;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.sync.LastRuns;
import io.usagebilling.sync.SyncSummary;
import java.time.LocalDate;
import org.apache.camel.Exchange;

/**
 * The sync driven over REST, for provider tokens, as the CLI drives it: {@code POST /api/syncs?date=}
 * runs a day's sync now (default yesterday), {@code GET /api/syncs/{id}} shows a run with what it left
 * undelivered, {@code POST /api/plans?date=} runs it with every change held as a plan, {@code GET /api/plans/{id}}
 * a plan as it stands, {@code POST /api/plans/{id}/approve} sends exactly its held changes,
 * {@code POST /api/plans/{id}/reject} turns them down and {@code GET /api/plans?status=held} lists the plans
 * waiting. Only a day that is over is synced.
 */
public final class SyncApi {

    /** What the routes do, as the CLI also asks them (app.RouteCommands). */
    public interface Commands {
        SyncSummary sync(LocalDate day);

        Plan plan(LocalDate day);

        Plan plan(long id);

        Plan approve(long id);

        Plan reject(long id, String by);
    }

    private final ApiCalls calls;
    private final TenantCalendar calendar;
    private final Commands commands;
    private final LastRuns lastRuns;
    private final PlanLines planLines;
    private final HeldPlans heldPlans;

    public SyncApi(ApiCalls calls, TenantCalendar calendar, Commands commands, LastRuns lastRuns, PlanLines planLines,
            HeldPlans heldPlans) {
        this.calls = calls;
        this.calendar = calendar;
        this.commands = commands;
        this.lastRuns = lastRuns;
        this.planLines = planLines;
        this.heldPlans = heldPlans;
    }

    /** GET /api/syncs?limit=: the last syncs and reconciliations, newest first, with their summaries. */
    public void list(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            return Reply.json(lastRuns.last(r.queryInt("limit", 20, 1, 200)));
        });
    }

    /** GET /api/syncs/{id}: one run as listed, and its changes not confirmed at the PSA (held, failed, planned...). */
    public void run(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            long id = r.pathLong("id");
            LastRuns.Run run = lastRuns.one(id).orElseThrow(() -> new ApiCalls.NotFound("no run " + id));
            return Reply.json(new SyncBodies.RunDetail(run, planLines.unsettled(id).stream().map(SyncBodies.PsaChange::of).toList()));
        });
    }

    public void sync(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            SyncSummary s = commands.sync(day(r));
            return Reply.json(new SyncBodies.SyncRun(s.syncRunId(), s.complete(), s.line()));
        });
    }

    public void plan(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(SyncBodies.PlanAnswer.of(commands.plan(day(r)))));
    }

    public void show(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(SyncBodies.PlanAnswer.of(commands.plan(r.pathLong("id")))));
    }

    public void approve(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(SyncBodies.PlanAnswer.of(commands.approve(r.pathLong("id")))));
    }

    /** GET /api/plans?status=held: the plans with changes waiting for a person, newest first. */
    public void held(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            String status = r.query("status");
            if (status != null && !status.equals("held")) {
                throw InputProblem.invalid("status", "status must be 'held' (the plans waiting for a person), not '" + status + "'");
            }
            return Reply.json(heldPlans.list().stream().map(SyncBodies.HeldPlanAnswer::of).toList());
        });
    }

    /** POST /api/plans/{id}/reject: the plan's held changes are turned down, never sent; who did is recorded. */
    public void reject(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY,
                r -> Reply.json(SyncBodies.PlanAnswer.of(commands.reject(r.pathLong("id"), r.caller()))));
    }

    private LocalDate day(ApiRequest r) {
        LocalDate asked = r.queryDate("date");
        LocalDate day = asked == null ? calendar.yesterday() : asked;
        calendar.requireOver(day);
        return day;
    }
}
