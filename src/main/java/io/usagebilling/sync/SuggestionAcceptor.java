package io.usagebilling.sync;

import io.usagebilling.domain.CompanySuggestions.Suggestion;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.mapping.OrgMappings;
import io.usagebilling.sync.UnmappedOrganizations.Unmapped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Accepts suggestions in bulk: maps each unmapped organization whose best suggestion scores at least
 * {@code minScore} to that company, as a person's Accept does (the same checks and history, the
 * caller as actor). Two companies tied at the top need a person, and an organization someone mapped
 * meanwhile is left as they mapped it: both are skipped, saying why.
 */
public final class SuggestionAcceptor {

    /** An organization mapped to its best suggestion. */
    public record Accepted(String module, String org, String name, long company, String companyName, BigDecimal score) {}

    /** An organization whose best suggestion scored high enough but that was not mapped, and why. */
    public record Skipped(String module, String org, String name, BigDecimal score, String reason) {}

    /** What a bulk accept did. */
    public record Outcome(List<Accepted> mapped, List<Skipped> skipped) {}

    /** What a bulk accept would do: how many organizations it would map, how many it would skip as tied. */
    public record Preview(int mapped, int ties) {}

    private final DataSource dataSource;

    public SuggestionAcceptor(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Accepts the best suggestions scoring {@code minScore} or more, of one module or (null) of all. */
    public Outcome accept(BigDecimal minScore, String module, String actor) {
        OrgMappings mappings = new OrgMappings(dataSource);
        List<Accepted> mapped = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (UnmappedReport.Entry e : UnmappedReport.entries(dataSource)) {
            Unmapped org = e.organization();
            if ((module != null && !module.equals(org.module())) || !qualifies(e.suggestions(), minScore)) {
                continue;
            }
            Suggestion best = e.suggestions().get(0);
            String tie = tie(e.suggestions());
            if (tie != null) {
                skipped.add(new Skipped(org.module(), org.orgId(), org.name(), best.score(), tie));
                continue;
            }
            try {
                if (mappings.map(org.module(), org.orgId(), best.companyId(), false, actor)) {
                    mapped.add(new Accepted(org.module(), org.orgId(), org.name(), best.companyId(), best.companyName(), best.score()));
                } else {
                    skipped.add(new Skipped(org.module(), org.orgId(), org.name(), best.score(),
                            "already mapped to company " + best.companyId() + " meanwhile"));
                }
            } catch (InputProblem p) {
                skipped.add(new Skipped(org.module(), org.orgId(), org.name(), best.score(),
                        (p.kind() == InputProblem.Kind.CONFLICT ? "mapped meanwhile: " : "") + p.getMessage()));
            }
        }
        return new Outcome(mapped, skipped);
    }

    /** What accepting at {@code minScore} would do with these entries, by the rule {@link #accept} follows. */
    public static Preview preview(List<UnmappedReport.Entry> entries, BigDecimal minScore) {
        List<UnmappedReport.Entry> qualifying = entries.stream().filter(e -> qualifies(e.suggestions(), minScore)).toList();
        int ties = (int) qualifying.stream().filter(e -> tie(e.suggestions()) != null).count();
        return new Preview(qualifying.size() - ties, ties);
    }

    /** Whether the best of these suggestions (best first) scores {@code minScore} or more. */
    static boolean qualifies(List<Suggestion> suggestions, BigDecimal minScore) {
        return !suggestions.isEmpty() && suggestions.get(0).score().compareTo(minScore) >= 0;
    }

    /** Why the best suggestion cannot be taken alone, when the next one scores the same; else null. */
    static String tie(List<Suggestion> suggestions) {
        if (suggestions.size() < 2 || suggestions.get(1).score().compareTo(suggestions.get(0).score()) != 0) {
            return null;
        }
        Suggestion a = suggestions.get(0);
        Suggestion b = suggestions.get(1);
        return a.companyName() + " (#" + a.companyId() + ") and " + b.companyName() + " (#" + b.companyId() + ") tie at "
                + a.score().toPlainString() + ": a person must choose";
    }
}
