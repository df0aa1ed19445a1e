package io.usagebilling.delivery;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.Proration;
import io.usagebilling.domain.UnitDelta;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
                rs -> {
                    ContractLine line = new ContractLine(rs.getLong("contract_id"), rs.getLong("service_id"));
                    BigDecimal target = UnitDelta.billableUnits(rs.getBigDecimal("quantity"));
                    Proration.fromCode(rs.getString("proration")).effectiveDate(Jdbc.date(rs, "usage_date"))
                            .ifPresent(date -> known.computeIfAbsent(line, l -> new TreeMap<>()).put(date, target));
                    return line;
                },
                c.createArrayOf("bigint", lines.stream().map(ContractLine::contractId).toArray()),
                c.createArrayOf("bigint", lines.stream().map(ContractLine::serviceId).toArray()),
                c.createArrayOf("date", lines.stream().map(l -> Collections.min(changed.get(l))).toArray())));
        return known;
    }
}
