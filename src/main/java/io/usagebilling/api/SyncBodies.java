package io.usagebilling.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.usagebilling.delivery.PlanLine;
import io.usagebilling.delivery.HeldPlans;
import io.usagebilling.delivery.Plan;
import io.usagebilling.delivery.Reconciliation;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.sync.LastRuns;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/** What the sync, plan and reconciliation endpoints answer (the OpenAPI document's schemas are made from these). */
public final class SyncBodies {

    private SyncBodies() {}

    /** POST /api/syncs: the run, whether every module's data was there, and its summary line. */
    public record SyncRun(long run, boolean complete, String summary) {}

    /** GET /api/syncs/{id}: the run as GET /api/syncs lists it, and its changes the PSA does not hold yet. */
    public record RunDetail(LastRuns.Run run, List<PsaChange> unsettled) {}

    /** A plan: its id, the summary of the sync that made it (none for a reconciliation's), its changes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlanAnswer(long plan, String summary, List<PsaChange> changes) {
        static PlanAnswer of(Plan plan) {
            return new PlanAnswer(plan.id(), plan.summary() == null ? null : plan.summary().line(),
                    plan.lines().stream().map(PsaChange::of).toList());
        }
    }

    /** A plan waiting for a person: the run that made it (a sync of a day, a reconciliation from a day), when, its held changes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeldPlanAnswer(long plan, String kind, LocalDate from, LocalDate day, OffsetDateTime planned,
            List<PsaChange> changes) {
        static HeldPlanAnswer of(HeldPlans.HeldPlan plan) {
            return new HeldPlanAnswer(plan.id(), plan.kind(), plan.from(), plan.day(), plan.planned(),
                    plan.lines().stream().map(PsaChange::of).toList());
        }
    }

    /** A planned or sent PSA change; the PSA's units and the change are absent while the PSA is unread. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PsaChange(long contractId, long serviceId, LocalDate effectiveDate, BigDecimal psaUnitsBefore,
            BigDecimal targetUnits, BigDecimal unitChange, String status) {
        static PsaChange of(PlanLine l) {
            return new PsaChange(l.line().contractId(), l.line().serviceId(), l.effectiveDate(), l.psaUnitsNow(),
                    l.targetUnits(), l.unitChange(), l.status());
        }
    }

    /** A reconciliation: the lines compared, each difference found, the changes sent or held, what could not be read. */
    public record Reconciled(long run, LocalDate from, LocalDate to, int lines, String summary, List<LineDrift> drifts,
            List<PsaChange> changes, List<String> unread, List<String> problems) {
        static Reconciled of(Reconciliation done) {
            Set<ContractLine> fixed = done.fixedLines();
            return new Reconciled(done.runId(), done.from(), done.to(), done.lines(), done.line(),
                    done.drifts().stream().map(d -> new LineDrift(d.line().contractId(), d.line().serviceId(),
                            d.drift().from(), d.drift().to(), d.drift().psaUnits(), d.drift().targetUnits(),
                            fixed.contains(d.line()))).toList(),
                    done.changes().stream().map(PsaChange::of).toList(), done.unread(), done.problems());
        }
    }

    /** Where the PSA's units differ from the usage over a span of days, and whether that was fixed. */
    public record LineDrift(long contractId, long serviceId, LocalDate from, LocalDate to, BigDecimal psaUnits,
            BigDecimal usageUnits, boolean fixed) {}
}
