package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.CompanySuggestions;
import io.usagebilling.domain.CompanySuggestions.Company;
import io.usagebilling.domain.CompanySuggestions.Suggestion;
import io.usagebilling.sync.UnmappedOrganizations.Unmapped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Remembered suggestions are the ones scored afresh, whatever changed between two reports. */
class RememberedSuggestionsTest {

    private static final List<Company> COMPANIES = List.of(new Company(1, "Acme Dental"), new Company(2, "Acme Corp"));

    private final RememberedSuggestions remembered = new RememberedSuggestions();

    @Test
    void aTurnedDownCompanyARenamedOneAndANewNameAreScoredAgain() {
        assertThat(suggest(COMPANIES, org("Acme Dental, Inc.", Set.of()))).isEqualTo(fresh(COMPANIES, org("Acme Dental, Inc.", Set.of())))
                .extracting(Suggestion::companyId).first().isEqualTo(1L);
        assertThat(suggest(COMPANIES, org("Acme Dental, Inc.", Set.of(1L)))).extracting(Suggestion::companyId).doesNotContain(1L);

        List<Company> renamed = List.of(new Company(1, "Birch Logistics"), new Company(2, "Acme Corp"));
        assertThat(suggest(renamed, org("Acme Dental, Inc.", Set.of()))).isEqualTo(fresh(renamed, org("Acme Dental, Inc.", Set.of())))
                .extracting(Suggestion::companyId).doesNotContain(1L);
        assertThat(suggest(renamed, org("Birch Logistics LLC", Set.of()))).extracting(Suggestion::companyId).first().isEqualTo(1L);
    }

    private List<Suggestion> suggest(List<Company> companies, Unmapped org) {
        return remembered.among(companies, 3).apply(org);
    }

    private static List<Suggestion> fresh(List<Company> companies, Unmapped org) {
        return new CompanySuggestions(companies).forOrganization(org.name(), 3, org.rejected());
    }

    private static Unmapped org(String name, Set<Long> rejected) {
        LocalDate day = LocalDate.of(2026, 11, 1);
        return new Unmapped("m", "o", name, day, day, BigDecimal.ONE, 1, rejected);
    }
}
