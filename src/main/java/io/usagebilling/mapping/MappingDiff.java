package io.usagebilling.mapping;

import io.usagebilling.mapping.Mappings.OrgMapping;
import io.usagebilling.mapping.Mappings.ServiceMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * What applying the mapping files would change in the database: organization and service mappings
 * added, removed and changed, compared by key (module + org; module + billing type + company).
 */
public record MappingDiff(
        List<OrgMapping> orgsAdded, List<OrgMapping> orgsRemoved, List<OrgMapping> orgsChanged,
        List<ServiceMapping> servicesAdded, List<ServiceMapping> servicesRemoved, List<ServiceMapping> servicesChanged) {

    /** No change. */
    public static final MappingDiff NONE = new MappingDiff(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public static MappingDiff between(List<OrgMapping> currentOrgs, List<ServiceMapping> currentServices,
            List<OrgMapping> wantedOrgs, List<ServiceMapping> wantedServices) {
        Sides<OrgMapping> orgs = new Sides<>(currentOrgs, wantedOrgs, o -> o.module() + "/" + o.org(),
                (a, b) -> a.company() == b.company());
        Sides<ServiceMapping> services = new Sides<>(currentServices, wantedServices,
                s -> s.module() + "/" + s.billingType() + "/" + s.company(),
                (a, b) -> a.contract() == b.contract() && a.service() == b.service() && a.proration() == b.proration());
        return new MappingDiff(orgs.added, orgs.removed, orgs.changed, services.added, services.removed, services.changed);
    }

    public boolean isEmpty() {
        return orgsAdded.isEmpty() && orgsRemoved.isEmpty() && orgsChanged.isEmpty() && servicesAdded.isEmpty()
                && servicesRemoved.isEmpty() && servicesChanged.isEmpty();
    }

    /** "added 2, removed 0, changed 1" */
    public String counts() {
        return "added " + (orgsAdded.size() + servicesAdded.size()) + ", removed " + (orgsRemoved.size() + servicesRemoved.size())
                + ", changed " + (orgsChanged.size() + servicesChanged.size());
    }

    /** One line per change, as {@code mappings import --dry-run} prints them. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        orgsAdded.forEach(o -> lines.add("+ organization " + org(o)));
        orgsRemoved.forEach(o -> lines.add("- organization " + org(o)));
        orgsChanged.forEach(o -> lines.add("~ organization " + org(o)));
        servicesAdded.forEach(s -> lines.add("+ service " + service(s)));
        servicesRemoved.forEach(s -> lines.add("- service " + service(s)));
        servicesChanged.forEach(s -> lines.add("~ service " + service(s)));
        return lines;
    }

    private static String org(OrgMapping o) {
        return o.module() + " " + o.org() + " -> company " + o.company();
    }

    private static String service(ServiceMapping s) {
        return s.module() + "/" + s.billingType() + " company " + s.company() + " -> contract " + s.contract() + " service "
                + s.service() + " " + s.proration().code();
    }

    /** Added and changed carry the wanted side; removed the current one. */
    private static final class Sides<T> {
        final List<T> added = new ArrayList<>();
        final List<T> removed = new ArrayList<>();
        final List<T> changed = new ArrayList<>();

        Sides(List<T> current, List<T> wanted, Function<T, String> key, BiPredicate<T, T> same) {
            Map<String, T> now = new LinkedHashMap<>();
            current.forEach(c -> now.put(key.apply(c), c));
            for (T w : wanted) {
                T c = now.remove(key.apply(w));
                if (c == null) {
                    added.add(w);
                } else if (!same.test(c, w)) {
                    changed.add(w);
                }
            }
            removed.addAll(now.values());
        }
    }
}
