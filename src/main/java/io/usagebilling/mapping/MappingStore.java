package io.usagebilling.mapping;

import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.Proration;
import io.usagebilling.domain.rules.BillingRule;
import io.usagebilling.store.Jdbc;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The mapping files' side of PostgreSQL: the module catalog is loaded from modules.yaml, and the
 * organization and service mappings of organizations.yaml and services.yaml are imported as a diff
 * in one transaction, through the same checks and history as the REST API's edits.
 */
public final class MappingStore {

    private final Jdbc jdbc;

    public MappingStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** The modules with a per-asset rule (view asset_rule_module, migration V9): their records are indexed by asset. */
    public static Set<String> assetRuleModules(Connection c) throws SQLException {
        return Set.copyOf(Jdbc.query(c, "SELECT module_id FROM asset_rule_module", rs -> rs.getString(1)));
    }

    /** Modules and their billing types, and the files' companies where the PSA has not named them yet. */
    public void loadCatalog(Mappings mappings) {
        jdbc.inTransaction(c -> {
            Set<String> assetRulesBefore = assetRuleModules(c);
            for (Mappings.Module m : mappings.modules()) {
                Jdbc.update(c, """
                        INSERT INTO module (id, name, source_kind, billing_enabled) VALUES (?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name, source_kind = excluded.source_kind,
                            billing_enabled = excluded.billing_enabled""",
                        m.id(), m.name(), m.source(), m.billingEnabled());
                for (Mappings.BillingType t : m.billingTypes()) {
                    upsertBillingType(c, m.id(), t);
                }
                Jdbc.update(c, "DELETE FROM module_billing_type WHERE module_id = ? AND NOT billing_type = ANY (?)",
                        m.id(), c.createArrayOf("text", m.billingTypes().stream().map(Mappings.BillingType::id).toArray()));
            }
            for (Mappings.Company co : mappings.companies()) {
                Jdbc.update(c, """
                        INSERT INTO company (id, name) VALUES (?, ?)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE company.refreshed_at IS NULL""",
                        co.id(), co.name());
            }
            List<String> gained = new ArrayList<>(assetRuleModules(c));
            gained.removeAll(assetRulesBefore);
            if (!gained.isEmpty()) {
                // once, when a module gains a trial or a superseding type: its earlier records join the asset index
                Jdbc.update(c, "UPDATE usage_record SET asset_rules = true WHERE module_id = ANY (?) AND NOT asset_rules",
                        c.createArrayOf("text", gained.toArray()));
            }
            return null;
        });
    }

    private static void upsertBillingType(Connection c, String module, Mappings.BillingType t) throws SQLException {
        BillingRule r = t.rule();
        Jdbc.update(c, """
                INSERT INTO module_billing_type (module_id, billing_type, unit, counting, included_per_asset,
                    included_per_org, trial_days, superseded_by_module, superseded_by_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (module_id, billing_type) DO UPDATE SET unit = excluded.unit, counting = excluded.counting,
                    included_per_asset = excluded.included_per_asset, included_per_org = excluded.included_per_org,
                    trial_days = excluded.trial_days, superseded_by_module = excluded.superseded_by_module,
                    superseded_by_type = excluded.superseded_by_type""",
                module, t.id(), r.unit().code(), r.unit().counting().name().toLowerCase(Locale.ROOT),
                r.includedPerAsset(), r.includedPerOrg(), r.trialDays(),
                r.supersededBy() == null ? null : r.supersededBy().module(),
                r.supersededBy() == null ? null : r.supersededBy().billingType());
    }

    /** True until the first mapping is made or imported: then the files are imported on their own. */
    public boolean neverMapped() {
        return jdbc.query("""
                SELECT 1 WHERE EXISTS (SELECT 1 FROM org_mapping) OR EXISTS (SELECT 1 FROM service_mapping)
                    OR EXISTS (SELECT 1 FROM mapping_history)""", rs -> 1).isEmpty();
    }

    public List<Mappings.OrgMapping> organizations() {
        return jdbc.query("SELECT module_id, org_id, company_id FROM org_mapping ORDER BY module_id, org_id",
                rs -> new Mappings.OrgMapping(rs.getString(1), rs.getString(2), rs.getLong(3), 0));
    }

    public List<Mappings.ServiceMapping> services() {
        return jdbc.query("""
                SELECT module_id, billing_type, company_id, contract_id, service_id, proration FROM service_mapping
                ORDER BY module_id, billing_type, company_id""",
                rs -> new Mappings.ServiceMapping(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), Proration.fromCode(rs.getString(6)), 0));
    }

    /** Companies named by mappings, for the export. */
    public List<Mappings.Company> mappedCompanies() {
        return jdbc.query("""
                SELECT id, name FROM company WHERE id IN (SELECT company_id FROM org_mapping UNION SELECT company_id FROM service_mapping)
                ORDER BY id""", rs -> new Mappings.Company(rs.getLong(1), rs.getString(2)));
    }

    /**
     * Applies the files' changes in one transaction: all of them or, on the first entry the
     * database refuses (a contract of another company, say), none, naming that entry's line.
     */
    public void apply(Path dir, MappingDiff diff, String actor) {
        jdbc.inTransaction(c -> {
            for (Mappings.ServiceMapping s : diff.servicesRemoved()) {
                ServiceMappings.delete(c, s.module(), s.billingType(), s.company(), actor);
            }
            for (Mappings.OrgMapping o : diff.orgsRemoved()) {
                OrgMappings.unmap(c, o.module(), o.org(), actor);
            }
            Set<String> modules = Set.copyOf(Jdbc.query(c, "SELECT id FROM module", rs -> rs.getString(1)));
            Set<Long> companies = Set.copyOf(Jdbc.query(c, "SELECT id FROM company", rs -> rs.getLong(1)));
            List<OrgMappings.Request> orgs = new ArrayList<>();
            for (Mappings.OrgMapping o : concat(diff.orgsChanged(), diff.orgsAdded())) {
                OrgMappings.Request request = new OrgMappings.Request(o.module(), o.org(), o.company());
                try {
                    OrgMappings.check(request, modules, companies);
                } catch (InputProblem e) {
                    throw refused(dir.resolve("organizations.yaml"), o.line(), e);
                }
                orgs.add(request);
            }
            OrgMappings.mapAll(c, orgs, actor);
            for (Mappings.ServiceMapping s : diff.servicesChanged()) {
                ServiceMappings.delete(c, s.module(), s.billingType(), s.company(), actor);
            }
            for (Mappings.ServiceMapping s : concat(diff.servicesChanged(), diff.servicesAdded())) {
                try {
                    ServiceMappings.create(c, new ServiceMappings.Request(s.module(), s.billingType(), s.company(),
                            s.contract(), s.service(), s.proration().code()), actor);
                } catch (InputProblem e) {
                    throw refused(dir.resolve("services.yaml"), s.line(), e);
                }
            }
            return null;
        });
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static MappingException refused(Path file, int line, InputProblem e) {
        return new MappingException(file + (line > 0 ? ":" + line : "") + ": " + e.field() + ": " + e.getMessage());
    }
}
