package io.usagebilling.delivery;

import io.usagebilling.delivery.DriftLog.LineDrift;
import io.usagebilling.domain.ContractLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a reconcile run found and did: {@code lines} compared from {@code from} to {@code to}, the
 * differences, the lines the PSA would not let us read, and (when fixing) the changes sent with their
 * outcome. The run's id is the plan id of any change held for approval.
 */
public record Reconciliation(long runId, LocalDate from, LocalDate to, boolean fix, int lines, List<LineDrift> drifts,
        List<String> unread, List<PlanLine> changes) {

    public Reconciliation {
        drifts = List.copyOf(drifts);
        unread = List.copyOf(unread);
        changes = List.copyOf(changes);
    }

    /** Lines whose every difference was fixed: changes sent for them, each confirmed. */
    public Set<ContractLine> fixedLines() {
        Set<ContractLine> unsettled = changes.stream().filter(c -> !c.status().equals("confirmed"))
                .map(PlanLine::line).collect(Collectors.toSet());
        return changes.stream().map(PlanLine::line).filter(l -> !unsettled.contains(l)).collect(Collectors.toSet());
    }

    /** "reconcile run 57 2026-11-01..2026-11-30: lines=12 drifts=2 fixed=2 unread=0 changes=3" */
    public String line() {
        Set<ContractLine> fixed = fixedLines();
        return "reconcile run " + runId + " " + from + ".." + to + ": lines=" + lines + " drifts=" + drifts.size()
                + " fixed=" + drifts.stream().filter(d -> fixed.contains(d.line())).count() + " unread=" + unread.size()
                + " changes=" + changes.size();
    }

    /** Each difference and each change, one per line. */
    public String text() {
        Set<ContractLine> fixed = fixedLines();
        List<String> rows = new ArrayList<>();
        drifts.forEach(d -> rows.add("  drift " + d.text() + (fixed.contains(d.line()) ? " fixed" : "")));
        changes.forEach(c -> rows.add("  change " + c.text()));
        return String.join("\n", rows);
    }

    /** What is left wrong, one line each: a difference not fixed, a change not delivered, a line not read. */
    public List<String> problems() {
        Set<ContractLine> fixed = fixedLines();
        List<String> problems = new ArrayList<>();
        drifts.stream().filter(d -> !fixed.contains(d.line())).forEach(d -> problems.add("drift: " + d.text()));
        changes.stream().filter(c -> !c.status().equals("confirmed")).forEach(c -> problems.add("not delivered: " + c.text()));
        unread.forEach(u -> problems.add("not read: " + u));
        return problems;
    }
}
