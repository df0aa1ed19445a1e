package io.usagebilling.sync;

import io.usagebilling.domain.CompanySuggestions;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Organizations that reported usage but map to no company: their usage is stored and waits, and
 * this report says how much (unit-days: the sum of their daily quantities) so nothing is silent.
 */
public final class UnmappedOrganizations {

    /**
     * One unmapped organization, the usage that is not billed while it stays unmapped, and the
     * companies a person turned down for it.
     */
    public record Unmapped(String module, String orgId, String name, LocalDate firstSeen, LocalDate lastSeen,
            BigDecimal unitDays, int days, Set<Long> rejected) {}

    private final Jdbc jdbc;

    public UnmappedOrganizations(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Largest unbilled usage first. */
    public List<Unmapped> list() {
        return jdbc.query("""
                SELECT o.module_id, o.org_id, o.name, o.first_seen, o.last_seen,
                    COALESCE(SUM(u.quantity), 0) AS unit_days, COUNT(DISTINCT u.usage_date) AS days,
                    ARRAY(SELECT r.company_id FROM suggestion_rejection r
                          WHERE r.module_id = o.module_id AND r.org_id = o.org_id) AS rejected
                FROM organization o
                LEFT JOIN usage_record u ON u.module_id = o.module_id AND u.org_id = o.org_id
                WHERE NOT EXISTS (SELECT 1 FROM org_mapping m WHERE m.module_id = o.module_id AND m.org_id = o.org_id)
                GROUP BY o.module_id, o.org_id, o.name, o.first_seen, o.last_seen
                ORDER BY unit_days DESC, o.module_id, o.org_id""",
                rs -> new Unmapped(rs.getString("module_id"), rs.getString("org_id"), rs.getString("name"),
                        Jdbc.date(rs, "first_seen"), Jdbc.date(rs, "last_seen"),
                        rs.getBigDecimal("unit_days").stripTrailingZeros(), rs.getInt("days"),
                        Set.of((Long[]) rs.getArray("rejected").getArray())));
    }

    /** The PSA companies organizations can be mapped to. */
    public List<CompanySuggestions.Company> companies() {
        return jdbc.query("SELECT id, name FROM company WHERE active ORDER BY id",
                rs -> new CompanySuggestions.Company(rs.getLong("id"), rs.getString("name")));
    }
}
