package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.CompanySuggestions.Company;
import io.usagebilling.domain.CompanySuggestions.Suggestion;
import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompanySuggestionsTest {

    private static final List<Company> PSA = List.of(
            new Company(1, "ACME Corporation"),
            new Company(2, "Acme Dental"),
            new Company(3, "Birch & Sons Logistics Ltd"),
            new Company(4, "Société Générale Conseil SA"),
            new Company(5, "Zephyr Analytics GmbH"));

    private final CompanySuggestions suggestions = new CompanySuggestions(PSA);

    @Test
    void namesDifferingOnlyInCasePunctuationAccentsAndLegalFormAreTheSame() {
        assertThat(CompanyNames.normalize("Acme Corp.")).isEqualTo("acme");
        assertThat(CompanyNames.normalize("ACME Corporation")).isEqualTo("acme");
        assertThat(CompanyNames.normalize("Birch and Sons Logistics, LLC")).isEqualTo("birch and sons logistics");
        assertThat(CompanyNames.normalize("Birch & Sons Logistics Ltd")).isEqualTo("birch and sons logistics");
        assertThat(CompanyNames.normalize("SOCIETE GENERALE CONSEIL")).isEqualTo("societe generale conseil");
        assertThat(CompanyNames.normalize("Société Générale Conseil SA")).isEqualTo("societe generale conseil");
    }

    @Test
    void acmeCorpIsExactlyAcmeCorporationAndOnlyNearAcmeDental() {
        List<Suggestion> top = suggestions.forOrganization("Acme Corp.", 3);
        assertThat(top).extracting(Suggestion::companyId).containsExactly(1L, 2L);
        assertThat(top.get(0).exact()).isTrue();
        assertThat(top.get(1).exact()).isFalse();
        assertThat(top.get(1).score()).isLessThan(top.get(0).score());
    }

    @Test
    void aSiteOfAClientRanksThatClientFirst() {
        List<Suggestion> top = suggestions.forOrganization("Acme Dental - Main Office", 3);
        assertThat(top.get(0).companyId()).isEqualTo(2);
        assertThat(top.get(0).exact()).isFalse();
        assertThat(top).extracting(Suggestion::companyId).doesNotContain(5L);
    }

    @Test
    void accentsAndLegalFormsDoNotHideAMatch() {
        assertThat(suggestions.forOrganization("Societe Generale Conseil", 3).get(0))
                .satisfies(s -> assertThat(s.companyId()).isEqualTo(4))
                .satisfies(s -> assertThat(s.exact()).isTrue());
        assertThat(suggestions.forOrganization("Birch and Sons Logistics, LLC", 1))
                .singleElement().satisfies(s -> assertThat(s.exact()).isTrue());
    }

    @Test
    void aCompanyTurnedDownIsNotSuggestedAgainAndTheNextMovesUp() {
        List<Suggestion> top = suggestions.forOrganization("Acme Corp.", 3, Set.of(1L));
        assertThat(top).extracting(Suggestion::companyId).containsExactly(2L);
    }

    @Test
    void unrelatedNamesGetNoSuggestionAndTheLimitHolds() {
        assertThat(suggestions.forOrganization("Northwind Traders", 3)).isEmpty();
        assertThat(suggestions.forOrganization("---", 3)).isEmpty();
        assertThat(suggestions.forOrganization("Acme", 1)).hasSize(1);
    }

    @Test
    void normalizingIsIdempotent() {
        Properties.qt().forAll(Gens.strings()).checkAssert(name -> {
            String once = CompanyNames.normalize(name);
            assertThat(CompanyNames.normalize(once)).isEqualTo(once);
        });
    }

    @Test
    void aNameWrittenDifferentlyIsStillAnExactMatch() {
        Properties.qt().forAll(Gens.strings(Gens.ALPHA, 3, 20)).checkAssert(word -> {
            CompanySuggestions only = new CompanySuggestions(List.of(new Company(9, word + " Holdings")));
            String written = "  " + word.toUpperCase() + " holdings, Inc. ";
            List<Suggestion> top = only.forOrganization(written, 3);
            assertThat(top).singleElement().satisfies(s -> assertThat(s.exact()).isTrue());
        });
    }
}
