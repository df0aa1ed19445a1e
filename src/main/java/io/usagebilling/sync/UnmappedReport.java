package io.usagebilling.sync;

import io.usagebilling.domain.CompanySuggestions.Suggestion;
import io.usagebilling.domain.CompanySuggestions;
import io.usagebilling.sync.UnmappedOrganizations.Unmapped;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The unmapped organizations with the three likeliest companies each (less those turned down). */
public final class UnmappedReport {

    static final int SUGGESTIONS_PER_ORGANIZATION = 3;

    /** One unmapped organization and its suggestions, best first. */
    public record Entry(Unmapped organization, List<Suggestion> suggestions) {

        String line() {
            Unmapped org = organization;
            return "unmapped: " + org.module() + " " + org.orgId() + " \"" + org.name() + "\" unit_days="
                    + org.unitDays().toPlainString() + " days=" + org.days() + " seen=" + org.firstSeen() + ".."
                    + org.lastSeen() + " suggestions=" + (suggestions.isEmpty() ? "none" : suggestions.stream()
                            .map(s -> s.companyId() + " \"" + s.companyName() + "\" " + s.score().toPlainString())
                            .collect(Collectors.joining("; ")));
        }
    }

    /** The report's entries, one line each, and how many suggestions they carry. */
    public record Report(List<Entry> entries, int suggestions) {

        public List<String> lines() {
            return entries.stream().map(Entry::line).toList();
        }
    }

    private UnmappedReport() {}

    public static Report of(DataSource dataSource) {
        UnmappedOrganizations unmapped = new UnmappedOrganizations(dataSource);
        CompanySuggestions suggestions = new CompanySuggestions(unmapped.companies());
        List<Entry> entries = unmapped.list().stream()
                .map(org -> new Entry(org, suggestions.forOrganization(org.name(), SUGGESTIONS_PER_ORGANIZATION, org.rejected())))
                .toList();
        return new Report(entries, entries.stream().mapToInt(e -> e.suggestions().size()).sum());
    }
}
