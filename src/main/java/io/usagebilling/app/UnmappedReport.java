package io.usagebilling.app;

import io.usagebilling.domain.CompanySuggestions;
import io.usagebilling.domain.CompanySuggestions.Suggestion;
import io.usagebilling.store.UnmappedOrganizations;
import io.usagebilling.store.UnmappedOrganizations.Unmapped;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The unmapped organizations with the three likeliest companies each, one line per organization. */
final class UnmappedReport {

    static final int SUGGESTIONS_PER_ORGANIZATION = 3;

    /** The report's lines and how many suggestions they carry. */
    record Report(List<String> lines, int suggestions) {}

    private UnmappedReport() {}

    static Report of(DataSource dataSource) {
        UnmappedOrganizations unmapped = new UnmappedOrganizations(dataSource);
        CompanySuggestions suggestions = new CompanySuggestions(unmapped.companies());
        int total = 0;
        List<String> lines = new ArrayList<>();
        for (Unmapped org : unmapped.list()) {
            List<Suggestion> best = suggestions.forOrganization(org.name(), SUGGESTIONS_PER_ORGANIZATION);
            total += best.size();
            lines.add("unmapped: " + org.module() + " " + org.orgId() + " \"" + org.name() + "\" unit_days="
                    + org.unitDays().toPlainString() + " days=" + org.days() + " seen=" + org.firstSeen() + ".."
                    + org.lastSeen() + " suggestions=" + (best.isEmpty() ? "none" : best.stream()
                            .map(s -> s.companyId() + " \"" + s.companyName() + "\" " + s.score().toPlainString())
                            .collect(Collectors.joining("; "))));
        }
        return new Report(lines, total);
    }
}
