package io.usagebilling.mapping;

import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.StorableText;
import io.usagebilling.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Module organizations mapped to PSA companies: one company per organization, many organizations
 * (across modules) per company. Every change is written to {@link MappingHistory} in the same transaction.
 */
public final class OrgMappings {

    /** As long as a usage record's organization id may be (intake's JsonRecordRules). */
    private static final int MAX_ORG_LENGTH = 200;

    /** A mapping as stored, with the names a person needs to read it. */
    public record OrgMapping(String module, String org, String orgName, long company, String companyName,
            String mappedBy, OffsetDateTime mappedAt) {}

    private final Jdbc jdbc;

    public OrgMappings(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** All mappings, or one company's, by module and organization. */
    public List<OrgMapping> list(Long company) {
        return jdbc.query("""
                SELECT m.module_id, m.org_id, o.name AS org_name, m.company_id, c.name AS company_name, m.mapped_by, m.mapped_at
                FROM org_mapping m JOIN company c ON c.id = m.company_id
                LEFT JOIN organization o ON o.module_id = m.module_id AND o.org_id = m.org_id
                WHERE ?::bigint IS NULL OR m.company_id = ?
                ORDER BY m.module_id, m.org_id""",
                rs -> new OrgMapping(rs.getString("module_id"), rs.getString("org_id"), rs.getString("org_name"),
                        rs.getLong("company_id"), rs.getString("company_name"), rs.getString("mapped_by"),
                        rs.getObject("mapped_at", OffsetDateTime.class)),
                company, company);
    }

    public boolean isMapped(String module, String org) {
        return !jdbc.query("SELECT 1 FROM org_mapping WHERE module_id = ? AND org_id = ?", rs -> 1, module, org).isEmpty();
    }

    /**
     * Maps an organization to a company. Mapping it again to the same company changes nothing; to
     * another company is a conflict unless {@code remap} is set, so nobody moves usage by accident.
     *
     * @return true when something changed
     */
    public boolean map(String module, String org, long company, boolean remap, String actor) {
        return jdbc.inTransaction(c -> map(c, module, org, company, remap, actor));
    }

    static boolean map(Connection c, String module, String org, long company, boolean remap, String actor)
            throws SQLException {
        requireModule(c, module);
        requireOrgAndCompany(org, company, !Jdbc.query(c, "SELECT 1 FROM company WHERE id = ?", rs -> 1, company).isEmpty());
        Optional<Long> current = Jdbc.query(c, "SELECT company_id FROM org_mapping WHERE module_id = ? AND org_id = ? FOR UPDATE",
                rs -> rs.getLong(1), module, org).stream().findFirst();
        if (current.isPresent() && current.get() == company) {
            return false;
        }
        if (current.isPresent() && !remap) {
            throw InputProblem.conflict("company", module + " organization " + org + " is already mapped to company "
                    + current.get() + "; remap it (PUT) or delete the mapping first");
        }
        if (current.isPresent()) {
            Jdbc.update(c, "UPDATE org_mapping SET company_id = ?, mapped_by = ?, mapped_at = now() WHERE module_id = ? AND org_id = ?",
                    company, actor, module, org);
        } else if (Jdbc.update(c, """
                INSERT INTO org_mapping (module_id, org_id, company_id, mapped_by, mapped_at) VALUES (?, ?, ?, ?, now())
                ON CONFLICT (module_id, org_id) DO NOTHING""", module, org, company, actor) == 0) {
            // someone mapped it after the read above (there was no row to lock): decide again on what they stored
            return map(c, module, org, company, remap, actor);
        }
        MappingHistory.record(c, MappingHistory.ORGANIZATION, key(module, org),
                current.map(OrgMappings::state).orElse(null), state(company), actor);
        return true;
    }

    /** One organization to map, as the mapping files give it. */
    record Request(String module, String org, long company) {}

    /**
     * Maps (or remaps) many organizations in a few statements whatever their number, as {@link #map}
     * with remap would one by one (a first start imports tens of thousands): a statement per
     * organization took 20 s for the bench's 40,000. Call {@link #check} on each first.
     */
    static void mapAll(Connection c, List<Request> requests, String actor) throws SQLException {
        Map<String, Long> current = Jdbc.query(c, """
                SELECT m.module_id, m.org_id, m.company_id FROM org_mapping m
                JOIN unnest(?::text[], ?::text[]) AS w(module_id, org_id) USING (module_id, org_id)
                FOR UPDATE OF m""",
                rs -> Map.entry(key(rs.getString(1), rs.getString(2)), rs.getLong(3)),
                Jdbc.texts(c, requests, Request::module), Jdbc.texts(c, requests, Request::org))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<Request> changed = new ArrayList<>();
        List<MappingHistory.Entry> history = new ArrayList<>();
        for (Request r : requests) {
            Long before = current.get(key(r.module(), r.org()));
            if (before == null || before != r.company()) {
                changed.add(r);
                history.add(new MappingHistory.Entry(key(r.module(), r.org()), before == null ? null : state(before),
                        state(r.company())));
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        Jdbc.update(c, """
                INSERT INTO org_mapping (module_id, org_id, company_id, mapped_by, mapped_at)
                SELECT m, o, company, ?, now() FROM unnest(?::text[], ?::text[], ?::bigint[]) AS t(m, o, company)
                ON CONFLICT (module_id, org_id) DO UPDATE SET company_id = excluded.company_id,
                    mapped_by = excluded.mapped_by, mapped_at = excluded.mapped_at""",
                actor, Jdbc.texts(c, changed, Request::module), Jdbc.texts(c, changed, Request::org),
                c.createArrayOf("bigint", changed.stream().map(Request::company).toArray(Long[]::new)));
        MappingHistory.recordAll(c, MappingHistory.ORGANIZATION, history, actor);
    }

    /** What {@link #map} refuses before it writes, against the known modules and companies. */
    static void check(Request r, Set<String> modules, Set<Long> companies) {
        requireModule(r.module(), modules.contains(r.module()));
        requireOrgAndCompany(r.org(), r.company(), companies.contains(r.company()));
    }

    /** Removes a mapping; its organization's usage waits again as unmapped. */
    public void unmap(String module, String org, String actor) {
        jdbc.inTransaction(c -> {
            unmap(c, module, org, actor);
            return null;
        });
    }

    static void unmap(Connection c, String module, String org, String actor) throws SQLException {
        requireOrg(org);
        List<Long> deleted = Jdbc.query(c, "DELETE FROM org_mapping WHERE module_id = ? AND org_id = ? RETURNING company_id",
                rs -> rs.getLong(1), module, org);
        if (deleted.isEmpty()) {
            throw InputProblem.notFound("org", module + " organization " + org + " is not mapped");
        }
        MappingHistory.record(c, MappingHistory.ORGANIZATION, key(module, org), state(deleted.get(0)), null, actor);
    }

    /** A person turned a suggested company down for this organization: it is not suggested again. */
    public void rejectSuggestion(String module, String org, long company, String actor) {
        int rows = jdbc.update("""
                INSERT INTO suggestion_rejection (module_id, org_id, company_id, rejected_by)
                SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM organization WHERE module_id = ? AND org_id = ?)
                    AND EXISTS (SELECT 1 FROM company WHERE id = ?)
                ON CONFLICT DO NOTHING""", module, org, company, actor, module, org, company);
        if (rows == 0 && rejected(module, org).stream().noneMatch(id -> id == company)) {
            throw InputProblem.notFound("org", "no discovered " + module + " organization " + org + " or company " + company);
        }
    }

    /** The companies a person turned down for this organization. */
    public List<Long> rejected(String module, String org) {
        return jdbc.query("SELECT company_id FROM suggestion_rejection WHERE module_id = ? AND org_id = ?",
                rs -> rs.getLong(1), module, org);
    }

    static void requireModule(Connection c, String module) throws SQLException {
        requireModule(module, module != null && !Jdbc.query(c, "SELECT 1 FROM module WHERE id = ?", rs -> 1, module).isEmpty());
    }

    private static void requireModule(String module, boolean known) {
        if (module == null || module.isBlank()) {
            throw InputProblem.invalid("module", "'module' is required");
        }
        if (!known) {
            throw InputProblem.invalid("module", "unknown module '" + module + "' (not in mappings/modules.yaml)");
        }
    }

    private static void requireOrgAndCompany(String org, long company, boolean companyKnown) {
        requireOrg(org);
        if (!companyKnown) {
            throw InputProblem.invalid("company", "unknown company " + company + " (not among the PSA's companies)");
        }
    }

    /** The module's own id of an organization, as usage records carry it: not blank, storable, at most 200 characters. */
    private static void requireOrg(String org) {
        if (org == null || org.isBlank()) {
            throw InputProblem.invalid("org", "'org' is required: the module's own id of the organization");
        }
        String unstorable = StorableText.problem(org);
        if (unstorable != null) {
            throw InputProblem.invalid("org", "'org' " + unstorable);
        }
        if (org.codePointCount(0, org.length()) > MAX_ORG_LENGTH) {
            throw InputProblem.invalid("org", "'org' is longer than " + MAX_ORG_LENGTH + " characters: no module's id is");
        }
    }

    static String key(String module, String org) {
        return module + "/" + org;
    }

    private static Map<String, Object> state(long company) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("company", company);
        return state;
    }
}
