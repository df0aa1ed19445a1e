package io.usagebilling.sync;

import io.usagebilling.domain.CompanySuggestions;
import io.usagebilling.domain.CompanySuggestions.Company;
import io.usagebilling.domain.CompanySuggestions.Suggestion;
import io.usagebilling.sync.UnmappedOrganizations.Unmapped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Company suggestions remembered from one report to the next: an organization's depend only on its
 * name, the companies turned down for it and the PSA's companies, so they are scored again only when
 * one of those changed (scoring 10,000 organizations against every company took most of a report).
 */
final class RememberedSuggestions {

    /** Organizations remembered at most; past it, all are scored again once. */
    private static final int KEPT = 200_000;

    private record Made(List<Company> companies, CompanySuggestions suggestions, Map<List<Object>, List<Suggestion>> byOrganization) {}

    private final AtomicReference<Made> made = new AtomicReference<>();

    /** Each organization's best {@code limit} companies among {@code companies}, best first. */
    Function<Unmapped, List<Suggestion>> among(List<Company> companies, int limit) {
        Made m = made.get();
        if (m == null || !m.companies().equals(companies) || m.byOrganization().size() > KEPT) {
            m = new Made(List.copyOf(companies), new CompanySuggestions(companies), new ConcurrentHashMap<>());
            made.set(m);
        }
        Made current = m;
        return org -> current.byOrganization().computeIfAbsent(List.of(org.name(), org.rejected()),
                k -> current.suggestions().forOrganization(org.name(), limit, org.rejected()));
    }
}
