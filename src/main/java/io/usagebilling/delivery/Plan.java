package io.usagebilling.delivery;

import io.usagebilling.sync.SyncSummary;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A plan of PSA changes (approve-before-push): the sync run that made it (its summary when just
 * made, else null) and its lines.
 */
public record Plan(long id, SyncSummary summary, List<PlanLine> lines) {

    public Plan {
        lines = List.copyOf(lines);
    }

    /** One line per change: where, effective when, the PSA's units when planned, the new units, the change, status. */
    public String text() {
        String header = "plan " + id + ": " + lines.size() + " change(s), "
                + lines.stream().filter(l -> l.status().equals("held")).count() + " waiting for approval";
        return lines.stream().map(l -> "  " + l.text())
                .collect(Collectors.joining("\n", header + (lines.isEmpty() ? "" : "\n"), ""));
    }
}
