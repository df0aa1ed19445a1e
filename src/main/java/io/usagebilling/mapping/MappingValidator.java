package io.usagebilling.mapping;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.Proration;
import io.usagebilling.domain.rules.BillingRule;
import io.usagebilling.domain.rules.Unit;
import io.usagebilling.mapping.MappingFiles.RawBillingType;
import io.usagebilling.mapping.MappingFiles.RawCompany;
import io.usagebilling.mapping.MappingFiles.RawModule;
import io.usagebilling.mapping.MappingFiles.RawOrgMapping;
import io.usagebilling.mapping.MappingFiles.RawServiceMapping;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cross-checks the three mapping files; the first problem found stops start-up with one line. */
final class MappingValidator {

    private static final Set<String> SOURCE_KINDS = Set.of("poll", "callback", "csv");

    private final Path dir;
    private final Map<String, EntryLines> lines;

    MappingValidator(Path dir, Map<String, EntryLines> lines) {
        this.dir = dir;
        this.lines = lines;
    }

    Mappings validate(
            List<RawModule> rawModules,
            List<RawCompany> rawCompanies,
            List<RawOrgMapping> rawOrgs,
            List<RawServiceMapping> rawServices) {
        Map<String, Mappings.Module> modules = modules(rawModules);
        Map<Long, Mappings.Company> companies = companies(rawCompanies);
        List<Mappings.OrgMapping> orgs = organizations(rawOrgs, modules, companies);
        List<Mappings.ServiceMapping> services = services(rawServices, modules, companies);
        return new Mappings(
                List.copyOf(modules.values()), List.copyOf(companies.values()), orgs, services);
    }

    private Map<String, Mappings.Module> modules(List<RawModule> raw) {
        Map<String, Mappings.Module> byId = new LinkedHashMap<>();
        Map<String, Integer> firstEntry = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            Entry e = new Entry(MappingFiles.MODULES, "modules", i);
            RawModule m = raw.get(i);
            String id = e.required("id", m.id());
            e = e.named("id=" + id);
            e.unique(firstEntry, id, "module id");
            String source = e.required("source", m.source());
            if (!SOURCE_KINDS.contains(source)) {
                throw e.error("source must be one of " + SOURCE_KINDS + ", not '" + source + "'");
            }
            List<RawBillingType> rawTypes = m.billingTypes() == null ? List.of() : m.billingTypes();
            if (rawTypes.isEmpty()) {
                throw e.error("'billingTypes' must list at least one billing type");
            }
            Map<String, Integer> typeSeen = new HashMap<>();
            List<Mappings.BillingType> types = new ArrayList<>();
            for (RawBillingType t : rawTypes) {
                e.required("billingTypes[].id", t.id());
                e.unique(typeSeen, t.id(), "billing type '" + t.id() + "'");
                types.add(new Mappings.BillingType(t.id(), e.rule(t)));
            }
            boolean enabled = m.billingEnabled() == null || m.billingEnabled();
            byId.put(id, new Mappings.Module(id, m.name() == null ? id : m.name(), source, enabled, List.copyOf(types)));
        }
        supersessions(raw, byId);
        return byId;
    }

    /** A billing type superseded by another (Endpoint Backup v1 by v2) must name one that exists, and not itself. */
    private void supersessions(List<RawModule> raw, Map<String, Mappings.Module> byId) {
        for (int i = 0; i < raw.size(); i++) {
            Mappings.Module m = byId.get(raw.get(i).id());
            Entry e = new Entry(MappingFiles.MODULES, "modules", i).named("id=" + m.id());
            for (Mappings.BillingType t : m.billingTypes()) {
                BillingRule.TypeRef by = t.rule().supersededBy();
                if (by == null) {
                    continue;
                }
                Mappings.Module other = byId.get(by.module());
                boolean known = other != null && other.billingTypes().stream().anyMatch(o -> o.id().equals(by.billingType()));
                if (!known || (by.module().equals(m.id()) && by.billingType().equals(t.id()))) {
                    throw e.error("billing type '" + t.id() + "': supersededBy " + by.module() + "/" + by.billingType()
                            + (known ? " is the billing type itself" : " is not a billing type in " + MappingFiles.MODULES));
                }
            }
        }
    }

    private Map<Long, Mappings.Company> companies(List<RawCompany> raw) {
        Map<Long, Mappings.Company> byId = new LinkedHashMap<>();
        Map<Long, Integer> firstEntry = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            Entry e = new Entry(MappingFiles.ORGANIZATIONS, "companies", i);
            RawCompany c = raw.get(i);
            long id = e.positive("id", c.id());
            e = e.named("id=" + id);
            e.unique(firstEntry, id, "company id");
            byId.put(id, new Mappings.Company(id, e.required("name", c.name())));
        }
        return byId;
    }

    private List<Mappings.OrgMapping> organizations(
            List<RawOrgMapping> raw, Map<String, Mappings.Module> modules, Map<Long, Mappings.Company> companies) {
        List<Mappings.OrgMapping> result = new ArrayList<>();
        Map<String, Integer> firstEntry = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            Entry e = new Entry(MappingFiles.ORGANIZATIONS, "organizations", i);
            RawOrgMapping o = raw.get(i);
            String module = e.required("module", o.module());
            String org = e.required("org", o.org());
            long company = e.positive("company", o.company());
            e = e.named("module=" + module + ", org=" + org);
            knownModule(e, modules, module);
            knownCompany(e, companies, company);
            e.unique(firstEntry, module + "\u0000" + org, "organization (an organization maps to one company)");
            result.add(new Mappings.OrgMapping(module, org, company, e.line()));
        }
        return List.copyOf(result);
    }

    private List<Mappings.ServiceMapping> services(
            List<RawServiceMapping> raw, Map<String, Mappings.Module> modules, Map<Long, Mappings.Company> companies) {
        List<Mappings.ServiceMapping> result = new ArrayList<>();
        Map<String, Integer> firstEntry = new HashMap<>();
        Map<ContractLine, Proration> lineProration = new HashMap<>();
        Map<Long, Long> contractCompany = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            Entry e = new Entry(MappingFiles.SERVICES, "services", i);
            RawServiceMapping s = raw.get(i);
            String module = e.required("module", s.module());
            String billingType = e.required("billingType", s.billingType());
            long company = e.positive("company", s.company());
            e = e.named("module=" + module + ", billingType=" + billingType + ", company=" + company);
            Mappings.Module m = knownModule(e, modules, module);
            if (m.billingTypes().stream().noneMatch(t -> t.id().equals(billingType))) {
                throw e.error("module " + module + " has no billing type '" + billingType + "'");
            }
            knownCompany(e, companies, company);
            long contract = e.positive("contract", s.contract());
            long service = e.positive("service", s.service());
            Proration proration = e.proration(s.proration());
            e.unique(firstEntry, module + "\u0000" + billingType + "\u0000" + company, "service mapping");
            Long owner = contractCompany.putIfAbsent(contract, company);
            if (owner != null && owner != company) {
                throw e.error("contract " + contract + " is already mapped for company " + owner
                        + "; a contract belongs to one company");
            }
            Proration earlier = lineProration.putIfAbsent(new ContractLine(contract, service), proration);
            if (earlier != null && earlier != proration) {
                throw e.error("contract " + contract + " service " + service + " is already mapped with proration "
                        + earlier.code() + "; one service line has one proration policy");
            }
            result.add(new Mappings.ServiceMapping(module, billingType, company, contract, service, proration, e.line()));
        }
        return List.copyOf(result);
    }

    private static Mappings.Module knownModule(Entry e, Map<String, Mappings.Module> modules, String module) {
        Mappings.Module m = modules.get(module);
        if (m == null) {
            throw e.error("unknown module '" + module + "' (not in " + MappingFiles.MODULES + ")");
        }
        return m;
    }

    private static void knownCompany(Entry e, Map<Long, Mappings.Company> companies, long company) {
        if (!companies.containsKey(company)) {
            throw e.error("unknown company " + company + " (not under companies: in " + MappingFiles.ORGANIZATIONS + ")");
        }
    }

    /** One entry of a list in a mapping file, for error messages. */
    private final class Entry {
        private final String file;
        private final String list;
        private final int index;
        private final String name;

        Entry(String file, String list, int index) {
            this(file, list, index, null);
        }

        private Entry(String file, String list, int index, String name) {
            this.file = file;
            this.list = list;
            this.index = index;
            this.name = name;
        }

        Entry named(String entryName) {
            return new Entry(file, list, index, entryName);
        }

        int line() {
            return lines.getOrDefault(file, EntryLines.NONE).line(list, index);
        }

        /** "mappings/services.yaml:14: services entry #2 (module=...): problem", the line as compilers print it. */
        MappingException error(String problem) {
            String entry = list + " entry #" + (index + 1) + (name == null ? "" : " (" + name + ")");
            return new MappingException(dir.resolve(file) + (line() > 0 ? ":" + line() : "") + ": " + entry + ": " + problem);
        }

        String required(String field, String value) {
            if (value == null || value.isBlank()) {
                throw error("'" + field + "' is missing");
            }
            return value;
        }

        long positive(String field, Long value) {
            if (value == null) {
                throw error("'" + field + "' is missing");
            }
            if (value <= 0) {
                throw error("'" + field + "' must be a positive id, not " + value);
            }
            return value;
        }

        BillingRule rule(RawBillingType t) {
            String type = "billing type '" + t.id() + "': ";
            Unit unit;
            try {
                unit = Unit.fromCode(required("billingTypes[].unit", t.unit()));
            } catch (IllegalArgumentException ex) {
                throw error(type + ex.getMessage());
            }
            int trialDays = t.trialDays() == null ? 0 : t.trialDays();
            BillingRule.TypeRef supersededBy = null;
            if (t.supersededBy() != null) {
                String[] parts = t.supersededBy().split("/", -1);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw error(type + "supersededBy must be 'module/billingType', not '" + t.supersededBy() + "'");
                }
                supersededBy = new BillingRule.TypeRef(parts[0], parts[1]);
            }
            try {
                return new BillingRule(unit, orZero(t.includedPerAsset()), orZero(t.includedPerOrg()), trialDays, supersededBy);
            } catch (IllegalArgumentException ex) {
                throw error(type + ex.getMessage());
            }
        }

        private static BigDecimal orZero(BigDecimal value) {
            return value == null ? BigDecimal.ZERO : value;
        }

        Proration proration(String value) {
            try {
                return Proration.fromCode(required("proration", value));
            } catch (IllegalArgumentException ex) {
                throw error(ex.getMessage());
            }
        }

        <K> void unique(Map<K, Integer> firstEntry, K key, String what) {
            Integer first = firstEntry.putIfAbsent(key, index);
            if (first != null) {
                throw error("duplicate " + what + ", first defined in entry #" + (first + 1));
            }
        }
    }
}
