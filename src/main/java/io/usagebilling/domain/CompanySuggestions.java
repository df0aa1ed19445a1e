package io.usagebilling.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * For an organization no one has mapped yet, the PSA companies whose names are most alike, best
 * first, with a score from 0 to 1 on the normalized names (Jaro-Winkler, which weighs the start of
 * a name most: "Acme Dental - Main Office" stays close to "Acme Dental"). A score of 1 is an exact
 * match after normalization; anything less waits for a person.
 */
public final class CompanySuggestions {

    /** A PSA company that an organization could map to. */
    public record Company(long id, String name) {}

    /** One suggestion: the company and how alike the names are (0..1, two decimals). */
    public record Suggestion(long companyId, String companyName, BigDecimal score) {

        public boolean exact() {
            return score.compareTo(BigDecimal.ONE) == 0;
        }
    }

    /** Below this, names share too little for a suggestion to help. */
    static final double MINIMUM_SCORE = 0.70;

    private static final JaroWinklerSimilarity SIMILARITY = new JaroWinklerSimilarity();

    private final List<Company> companies;
    private final List<String> normalizedNames;

    public CompanySuggestions(List<Company> companies) {
        this.companies = List.copyOf(companies);
        this.normalizedNames = this.companies.stream().map(c -> CompanyNames.normalize(c.name())).toList();
    }

    /** The best {@code limit} companies for {@code organizationName}, best first; ties by company id. */
    public List<Suggestion> forOrganization(String organizationName, int limit) {
        return forOrganization(organizationName, limit, Set.of());
    }

    /** As above, leaving out the companies a person already turned down for this organization. */
    public List<Suggestion> forOrganization(String organizationName, int limit, Set<Long> rejected) {
        String org = CompanyNames.normalize(organizationName);
        return IntStream.range(0, companies.size())
                .filter(i -> !rejected.contains(companies.get(i).id()))
                .mapToObj(i -> suggestion(companies.get(i), score(org, normalizedNames.get(i))))
                .filter(s -> s.score().doubleValue() >= MINIMUM_SCORE)
                .sorted(Comparator.comparing(Suggestion::score).reversed().thenComparing(Suggestion::companyId))
                .limit(limit)
                .toList();
    }

    private static double score(String org, String company) {
        if (org.isEmpty() || company.isEmpty()) {
            return 0;
        }
        return org.equals(company) ? 1 : SIMILARITY.apply(org, company);
    }

    private static Suggestion suggestion(Company company, double score) {
        // Rounded down so that only an exact normalized match can score 1.00.
        return new Suggestion(company.id(), company.name(), BigDecimal.valueOf(score).setScale(2, RoundingMode.DOWN));
    }
}
