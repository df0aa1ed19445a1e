package io.usagebilling.store;

import io.usagebilling.domain.rules.BillingRule;
import io.usagebilling.mapping.Mappings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** Loads the validated mapping files into PostgreSQL, replacing the previous mappings in one transaction. */
public final class MappingStore {

    private final Jdbc jdbc;

    public MappingStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public void replaceAll(Mappings mappings) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM service_mapping");
            Jdbc.update(c, "DELETE FROM org_mapping");
            for (Mappings.Module m : mappings.modules()) {
                Jdbc.update(c, """
                        INSERT INTO module (id, name, source_kind, billing_enabled) VALUES (?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name, source_kind = excluded.source_kind,
                            billing_enabled = excluded.billing_enabled""",
                        m.id(), m.name(), m.source(), m.billingEnabled());
                Jdbc.update(c, "DELETE FROM module_billing_type WHERE module_id = ?", m.id());
                for (Mappings.BillingType t : m.billingTypes()) {
                    insertBillingType(c, m.id(), t);
                }
            }
            for (Mappings.Company co : mappings.companies()) {
                Jdbc.update(c, """
                        INSERT INTO company (id, name) VALUES (?, ?)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name""", co.id(), co.name());
            }
            insertOrgMappings(c, mappings);
            insertServiceMappings(c, mappings);
            return null;
        });
    }

    private static void insertBillingType(Connection c, String module, Mappings.BillingType t) throws SQLException {
        BillingRule r = t.rule();
        Jdbc.update(c, """
                INSERT INTO module_billing_type (module_id, billing_type, unit, counting, included_per_asset,
                    included_per_org, trial_days, superseded_by_module, superseded_by_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                module, t.id(), r.unit().code(), r.unit().counting().name().toLowerCase(Locale.ROOT),
                r.includedPerAsset(), r.includedPerOrg(), r.trialDays(),
                r.supersededBy() == null ? null : r.supersededBy().module(),
                r.supersededBy() == null ? null : r.supersededBy().billingType());
    }

    private static void insertOrgMappings(Connection c, Mappings mappings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO org_mapping (module_id, org_id, company_id) VALUES (?, ?, ?)")) {
            for (Mappings.OrgMapping o : mappings.organizations()) {
                Jdbc.bind(ps, o.module(), o.org(), o.company());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertServiceMappings(Connection c, Mappings mappings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO service_mapping (module_id, billing_type, company_id, contract_id, service_id, proration)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (Mappings.ServiceMapping s : mappings.services()) {
                Jdbc.bind(ps, s.module(), s.billingType(), s.company(), s.contract(), s.service(), s.proration().code());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
