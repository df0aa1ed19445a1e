package io.usagebilling.delivery;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import javax.sql.DataSource;

/**
 * Per contract line, day by day, what the usage says (the target delivery takes the PSA to) and what
 * the PSA holds: {@code GET /api/units} and the usage chart. The PSA is read in bulk over the range.
 */
public final class DailyUnits {

    /** The range's lines with their days, and the lines the PSA would not let us read. */
    public record Report(LocalDate from, LocalDate to, List<Line> lines, List<Unread> unread) {}

    /**
     * A contract line: its company (from its service mappings; absent for a line no mapping names any
     * more), the module billing types mapped to it, and each day of the range.
     */
    public record Line(Long companyId, String companyName, long contractId, long serviceId, List<BillingType> billingTypes,
            List<Day> days) {}

    /** A module's billing type mapped to a line, and its unit ("devices"). */
    public record BillingType(String module, String billingType, String unit) {}

    /**
     * One day: the usage's units (absent before the line's first synced day), the PSA's (absent where it
     * has no row) and the difference, what the PSA holds beyond the usage (negative: short of it).
     */
    public record Day(LocalDate date, BigDecimal usage, BigDecimal psa, BigDecimal difference) {}

    /** A line the PSA would not let us read, and why. */
    public record Unread(Long companyId, String companyName, long contractId, long serviceId, String reason) {}

    private record Mapped(Long companyId, String companyName, List<BillingType> billingTypes) {}

    private static final Mapped UNMAPPED = new Mapped(null, null, List.of());

    private final Jdbc jdbc;
    private final LineReads reads;

    public DailyUnits(DataSource dataSource, ContractUnits psa) {
        this.jdbc = new Jdbc(dataSource);
        this.reads = new LineReads(dataSource, psa);
    }

    /** {@code from} to {@code to} (both included), every company's lines or only {@code company}'s. */
    public Report between(LocalDate from, LocalDate to, Long company) {
        Map<ContractLine, Mapped> mapped = mapped();
        List<Line> lines = new ArrayList<>();
        List<Unread> unread = new ArrayList<>();
        for (LineReads.Read read : reads.over(from, to, company == null ? null : mapped.entrySet().stream()
                .filter(m -> company.equals(m.getValue().companyId())).map(Map.Entry::getKey).toList())) {
            Mapped m = mapped.getOrDefault(read.line(), UNMAPPED);
            if (read.psa() == null) {
                unread.add(new Unread(m.companyId(), m.companyName(), read.line().contractId(), read.line().serviceId(),
                        read.unread()));
            } else {
                lines.add(new Line(m.companyId(), m.companyName(), read.line().contractId(), read.line().serviceId(),
                        m.billingTypes(), days(read, from, to)));
            }
        }
        lines.sort(Comparator.comparing((Line l) -> l.companyName() == null ? "\uffff" : l.companyName())
                .thenComparingLong(Line::contractId).thenComparingLong(Line::serviceId));
        return new Report(from, to, lines, unread);
    }

    private static List<Day> days(LineReads.Read read, LocalDate from, LocalDate to) {
        List<Day> days = new ArrayList<>();
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            BigDecimal usage = on(read.target(), date);
            BigDecimal psa = on(read.psa(), date);
            days.add(new Day(date, usage, psa, usage == null || psa == null ? null : psa.subtract(usage).stripTrailingZeros()));
        }
        return days;
    }

    private static BigDecimal on(NavigableMap<LocalDate, BigDecimal> steps, LocalDate date) {
        Map.Entry<LocalDate, BigDecimal> step = steps.floorEntry(date);
        return step == null ? null : step.getValue().stripTrailingZeros();
    }

    /** Each mapped line's company and billing types with their units. */
    private Map<ContractLine, Mapped> mapped() {
        Map<ContractLine, Mapped> mapped = new LinkedHashMap<>();
        jdbc.query("""
                SELECT sm.contract_id, sm.service_id, sm.company_id, c.name, sm.module_id, sm.billing_type, t.unit
                FROM service_mapping sm JOIN company c ON c.id = sm.company_id
                JOIN module_billing_type t ON t.module_id = sm.module_id AND t.billing_type = sm.billing_type
                ORDER BY sm.contract_id, sm.service_id, sm.module_id, sm.billing_type""", rs -> {
            long companyId = rs.getLong("company_id");
            String companyName = rs.getString("name");
            Mapped m = mapped.computeIfAbsent(new ContractLine(rs.getLong("contract_id"), rs.getLong("service_id")),
                    l -> new Mapped(companyId, companyName, new ArrayList<>()));
            m.billingTypes().add(new BillingType(rs.getString("module_id"), rs.getString("billing_type"), rs.getString("unit")));
            return m;
        });
        return mapped;
    }
}
