package io.usagebilling.sync;

import io.usagebilling.domain.CompanySuggestions;
import io.usagebilling.domain.DayQuantity;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Organizations that reported usage but map to no company: their usage is stored and waits, and
 * this report says how much (unit-days: the sum of their daily quantities) so nothing is silent. It
 * reads the usage totals (io.usagebilling.totals.UsageTotals), never the records themselves.
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

    /** Largest unbilled usage first, then by module and organization id. */
    private static final Comparator<Unmapped> ORDER = Comparator.comparing(Unmapped::unitDays).reversed()
            .thenComparing(Unmapped::module).thenComparing(Unmapped::orgId);

    /** In {@link #ORDER}: sorted here, as ten thousand rows sort in the database's collation several times slower. */
    public List<Unmapped> list() {
        List<Unmapped> unmapped = new ArrayList<>(jdbc.query("""
                SELECT o.module_id, o.org_id, o.name, o.first_seen, o.last_seen,
                    COALESCE(t.unit_days, 0) AS unit_days, COALESCE(t.days, 0) AS days, r.rejected
                FROM organization o
                LEFT JOIN usage_org_total t ON t.module_id = o.module_id AND t.org_id = o.org_id
                LEFT JOIN (SELECT module_id, org_id, array_agg(company_id) AS rejected FROM suggestion_rejection
                           GROUP BY module_id, org_id) r ON r.module_id = o.module_id AND r.org_id = o.org_id
                WHERE NOT EXISTS (SELECT 1 FROM org_mapping m WHERE m.module_id = o.module_id AND m.org_id = o.org_id)""",
                rs -> new Unmapped(rs.getString("module_id"), rs.getString("org_id"), rs.getString("name"),
                        Jdbc.date(rs, "first_seen"), Jdbc.date(rs, "last_seen"),
                        rs.getBigDecimal("unit_days").stripTrailingZeros(), rs.getInt("days"),
                        rs.getArray("rejected") == null ? Set.of() : Set.of((Long[]) rs.getArray("rejected").getArray()))));
        unmapped.sort(ORDER);
        return unmapped;
    }

    /** One unmapped organization's usage of one billing type: its unit-days per month, first month first. */
    public record TypeMonths(String module, String orgId, String billingType, Map<YearMonth, BigDecimal> months) {}

    /** These unmapped organizations' usage, per billing type and month (modules billed only). */
    public List<TypeMonths> unbilledUsage(List<Unmapped> orgs) {
        Map<List<String>, Map<YearMonth, BigDecimal>> byType = new LinkedHashMap<>();
        jdbc.query("""
                SELECT u.module_id, u.org_id, u.billing_type, u.month, u.unit_days
                FROM unnest(?::text[], ?::text[]) AS w(module_id, org_id)
                JOIN usage_month_total u ON u.module_id = w.module_id AND u.org_id = w.org_id
                JOIN module m ON m.id = u.module_id AND m.billing_enabled
                WHERE u.days > 0
                  AND NOT EXISTS (SELECT 1 FROM org_mapping om WHERE om.module_id = u.module_id AND om.org_id = u.org_id)
                ORDER BY u.module_id, u.org_id, u.billing_type, u.month""",
                rs -> byType.computeIfAbsent(List.of(rs.getString(1), rs.getString(2), rs.getString(3)), k -> new TreeMap<>())
                        .put(YearMonth.from(Jdbc.date(rs, "month")), rs.getBigDecimal("unit_days")),
                orgs.stream().map(Unmapped::module).toArray(String[]::new), orgs.stream().map(Unmapped::orgId).toArray(String[]::new));
        return byType.entrySet().stream().map(e -> new TypeMonths(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2),
                e.getValue())).toList();
    }

    /** These unmapped organizations' quantity per day of one module billing type in one month, by organization. */
    public Map<String, List<DayQuantity>> unbilledDays(String module, String billingType, YearMonth month, List<Unmapped> orgs) {
        Map<String, List<DayQuantity>> byOrg = new HashMap<>();
        jdbc.query("""
                SELECT d.org_id, d.usage_date, d.quantity FROM usage_day_total d
                WHERE d.module_id = ? AND d.usage_date BETWEEN ? AND ? AND d.billing_type = ? AND d.org_id = ANY(?::text[])
                  AND NOT EXISTS (SELECT 1 FROM org_mapping om WHERE om.module_id = d.module_id AND om.org_id = d.org_id)""",
                rs -> byOrg.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new DayQuantity(Jdbc.date(rs, "usage_date"), rs.getBigDecimal("quantity"))),
                module, month.atDay(1), month.atEndOfMonth(), billingType,
                orgs.stream().filter(o -> o.module().equals(module)).map(Unmapped::orgId).toArray(String[]::new));
        return byOrg;
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

    /** A page of the mapped organizations without a service line, and how many there are in all. */
    public record WithoutLinePage(int total, List<MappedWithoutLine> lines) {}

    /**
     * The {@code limit} from {@code offset} of the mapped organizations (of one module; null: all) whose
     * company has no service line for a billing type they use, by company, module, organization and type.
     */
    public WithoutLinePage withoutServiceLine(String module, int offset, int limit) {
        int[] total = {0};
        List<MappedWithoutLine> lines = jdbc.query("""
                WITH page AS (
                    SELECT om.module_id, om.org_id, om.company_id, u.billing_type, u.unit_days, u.days,
                        COUNT(*) OVER () AS total
                    FROM org_mapping om
                    JOIN module m ON m.id = om.module_id AND m.billing_enabled
                    JOIN usage_type_total u ON u.module_id = om.module_id AND u.org_id = om.org_id AND u.days > 0
                    LEFT JOIN service_mapping sm ON sm.module_id = om.module_id AND sm.billing_type = u.billing_type
                        AND sm.company_id = om.company_id
                    WHERE sm.module_id IS NULL AND (?::text IS NULL OR om.module_id = ?)
                    ORDER BY om.company_id, om.module_id, om.org_id, u.billing_type
                    OFFSET ? LIMIT ?)
                SELECT p.*, o.name FROM page p JOIN organization o ON o.module_id = p.module_id AND o.org_id = p.org_id
                ORDER BY p.company_id, p.module_id, p.org_id, p.billing_type""",
                rs -> {
                    total[0] = rs.getInt("total");
                    return new MappedWithoutLine(rs.getString("module_id"), rs.getString("org_id"), rs.getString("name"),
                            rs.getLong("company_id"), rs.getString("billing_type"),
                            rs.getBigDecimal("unit_days").stripTrailingZeros(), rs.getInt("days"));
                }, module, module, offset, limit);
        return new WithoutLinePage(lines.isEmpty() && offset > 0 ? withoutServiceLine(module, 0, 1).total() : total[0], lines);
    }

    /** The PSA companies organizations can be mapped to. */
    public List<CompanySuggestions.Company> companies() {
        return jdbc.query("SELECT id, name FROM company WHERE active ORDER BY id",
                rs -> new CompanySuggestions.Company(rs.getLong("id"), rs.getString("name")));
    }
}
