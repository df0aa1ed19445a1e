package io.usagebilling.sync;

import io.usagebilling.domain.CompanySuggestions;
import io.usagebilling.domain.DayQuantity;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                LEFT JOIN current_usage u ON u.module_id = o.module_id AND u.org_id = o.org_id
                WHERE NOT EXISTS (SELECT 1 FROM org_mapping m WHERE m.module_id = o.module_id AND m.org_id = o.org_id)
                GROUP BY o.module_id, o.org_id, o.name, o.first_seen, o.last_seen
                ORDER BY unit_days DESC, o.module_id, o.org_id""",
                rs -> new Unmapped(rs.getString("module_id"), rs.getString("org_id"), rs.getString("name"),
                        Jdbc.date(rs, "first_seen"), Jdbc.date(rs, "last_seen"),
                        rs.getBigDecimal("unit_days").stripTrailingZeros(), rs.getInt("days"),
                        Set.of((Long[]) rs.getArray("rejected").getArray())));
    }

    /** One unmapped organization's usage of one billing type: its quantity per day. */
    public record TypeDays(String module, String orgId, String billingType, List<DayQuantity> days) {}

    /** Every unmapped organization's usage, per billing type and day (modules billed only). */
    public List<TypeDays> unbilledUsage() {
        Map<List<String>, List<DayQuantity>> byType = new LinkedHashMap<>();
        jdbc.query("""
                SELECT u.module_id, u.org_id, u.billing_type, u.usage_date, SUM(u.quantity) AS quantity
                FROM current_usage u JOIN module m ON m.id = u.module_id AND m.billing_enabled
                WHERE NOT EXISTS (SELECT 1 FROM org_mapping om WHERE om.module_id = u.module_id AND om.org_id = u.org_id)
                GROUP BY u.module_id, u.org_id, u.billing_type, u.usage_date
                ORDER BY u.module_id, u.org_id, u.billing_type, u.usage_date""",
                rs -> byType.computeIfAbsent(List.of(rs.getString(1), rs.getString(2), rs.getString(3)), k -> new ArrayList<>())
                        .add(new DayQuantity(Jdbc.date(rs, "usage_date"), rs.getBigDecimal("quantity"))));
        return byType.entrySet().stream().map(e -> new TypeDays(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2),
                e.getValue())).toList();
    }

    /**
     * An organization mapped to a company that has no service line for one of its billing types: that
     * usage is billed nowhere until a service mapping is made.
     */
    public record MappedWithoutLine(String module, String orgId, String name, long companyId, String billingType,
            BigDecimal unitDays, int days) {

        public String line() {
            return "mapped, no service line: " + module + " " + orgId + " \"" + name + "\" company=" + companyId
                    + " billing_type=" + billingType + " unit_days=" + unitDays.toPlainString() + " days=" + days;
        }
    }

    public List<MappedWithoutLine> mappedWithoutServiceLine() {
        return jdbc.query("""
                SELECT om.module_id, om.org_id, o.name, om.company_id, u.billing_type,
                    SUM(u.quantity) AS unit_days, COUNT(DISTINCT u.usage_date) AS days
                FROM org_mapping om
                JOIN organization o ON o.module_id = om.module_id AND o.org_id = om.org_id
                JOIN module m ON m.id = om.module_id AND m.billing_enabled
                JOIN current_usage u ON u.module_id = om.module_id AND u.org_id = om.org_id
                WHERE NOT EXISTS (SELECT 1 FROM service_mapping sm WHERE sm.module_id = om.module_id
                    AND sm.billing_type = u.billing_type AND sm.company_id = om.company_id)
                GROUP BY om.module_id, om.org_id, o.name, om.company_id, u.billing_type
                ORDER BY om.company_id, om.module_id, om.org_id, u.billing_type""",
                rs -> new MappedWithoutLine(rs.getString("module_id"), rs.getString("org_id"), rs.getString("name"),
                        rs.getLong("company_id"), rs.getString("billing_type"),
                        rs.getBigDecimal("unit_days").stripTrailingZeros(), rs.getInt("days")));
    }

    /** The PSA companies organizations can be mapped to. */
    public List<CompanySuggestions.Company> companies() {
        return jdbc.query("SELECT id, name FROM company WHERE active ORDER BY id",
                rs -> new CompanySuggestions.Company(rs.getLong("id"), rs.getString("name")));
    }
}
