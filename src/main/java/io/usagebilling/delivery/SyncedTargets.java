package io.usagebilling.delivery;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.Proration;
import io.usagebilling.domain.UnitDelta;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;

/**
 * The targets of contract lines' synced days (daily_quantity), by the effective date each day's
 * proration gives: what the delivery of a line's next date after a change is taken back to.
 */
final class SyncedTargets {

    private final Jdbc jdbc;

    SyncedTargets(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Per line, from the earliest of its changed dates on: each effective date its synced days give, and its target. */
    Map<ContractLine, TreeMap<LocalDate, BigDecimal>> since(Map<ContractLine, Set<LocalDate>> changed) {
        Map<ContractLine, TreeMap<LocalDate, BigDecimal>> known = new HashMap<>();
        if (changed.isEmpty()) {
            return known;
        }
        List<ContractLine> lines = List.copyOf(changed.keySet());
        jdbc.inTransaction(c -> Jdbc.query(c, """
                SELECT dq.contract_id, dq.service_id, dq.usage_date, dq.quantity, dq.proration
                FROM unnest(?::bigint[], ?::bigint[], ?::date[]) AS l(contract_id, service_id, since)
                JOIN daily_quantity dq ON dq.contract_id = l.contract_id AND dq.service_id = l.service_id
                    AND dq.usage_date >= l.since""",
                rs -> put(known, rs),
                ids(c, lines, ContractLine::contractId), ids(c, lines, ContractLine::serviceId),
                c.createArrayOf("date", lines.stream().map(l -> Collections.min(changed.get(l))).toArray())));
        return known;
    }

    /**
     * The lines' (of {@code only}; null: every line's) targets as a step function over {@code from} to
     * {@code to}: the effective dates in the range and the last one before it (a month_end line's is the
     * 1st, a month before at most), by line.
     */
    Map<ContractLine, TreeMap<LocalDate, BigDecimal>> between(LocalDate from, LocalDate to, Collection<ContractLine> only) {
        Map<ContractLine, TreeMap<LocalDate, BigDecimal>> known = new TreeMap<>(
                Comparator.comparingLong(ContractLine::contractId).thenComparingLong(ContractLine::serviceId));
        jdbc.inTransaction(c -> Jdbc.query(c, """
                SELECT contract_id, service_id, usage_date, quantity, proration FROM daily_quantity
                WHERE usage_date BETWEEN ?::date - 32 AND ?
                  AND (? OR (contract_id, service_id) IN (SELECT * FROM unnest(?::bigint[], ?::bigint[])))""",
                rs -> put(known, rs), from, to, only == null, only == null ? null : ids(c, only, ContractLine::contractId),
                only == null ? null : ids(c, only, ContractLine::serviceId)));
        known.values().forEach(steps -> {
            steps.tailMap(to, false).clear();
            LocalDate before = steps.floorKey(from);
            if (before != null) {
                steps.headMap(before, false).clear();
            }
        });
        known.values().removeIf(TreeMap::isEmpty);
        return known;
    }

    private static Array ids(Connection c, Collection<ContractLine> lines, ToLongFunction<ContractLine> id) throws SQLException {
        return c.createArrayOf("bigint", lines.stream().map(id::applyAsLong).toArray());
    }

    private static ContractLine put(Map<ContractLine, TreeMap<LocalDate, BigDecimal>> known, ResultSet rs) throws SQLException {
        ContractLine line = new ContractLine(rs.getLong("contract_id"), rs.getLong("service_id"));
        BigDecimal target = UnitDelta.billableUnits(rs.getBigDecimal("quantity"));
        Proration.fromCode(rs.getString("proration")).effectiveDate(Jdbc.date(rs, "usage_date"))
                .ifPresent(date -> known.computeIfAbsent(line, l -> new TreeMap<>()).put(date, target));
        return line;
    }
}
