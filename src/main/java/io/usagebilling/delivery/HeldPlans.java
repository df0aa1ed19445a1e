package io.usagebilling.delivery;

import io.usagebilling.store.Jdbc;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The plans with changes waiting for a person (approve-before-push), newest first. */
public final class HeldPlans {

    /**
     * A plan: the run that made it (a sync of {@code day}, or a reconciliation of {@code from} to
     * {@code day}), when it started, and its held changes.
     */
    public record HeldPlan(long id, String kind, LocalDate from, LocalDate day, OffsetDateTime planned, List<PlanLine> lines) {}

    private final Jdbc jdbc;
    private final String psa;

    public HeldPlans(DataSource dataSource, String psa) {
        this.jdbc = new Jdbc(dataSource);
        this.psa = psa;
    }

    public List<HeldPlan> list() {
        Map<Long, HeldPlan> plans = new LinkedHashMap<>();
        jdbc.query("""
                SELECT r.id, r.kind, r.range_from, r.usage_date, r.started_at, l.contract_id, l.service_id, l.effective_date,
                    l.psa_units_before, l.target_units, l.unit_change, l.status
                FROM delivery_ledger l JOIN sync_run r ON r.id = l.sync_run_id
                WHERE l.psa = ? AND l.status = 'held'
                ORDER BY r.id DESC, l.effective_date, l.contract_id, l.service_id""", rs -> {
            long id = rs.getLong("id");
            HeldPlan plan = new HeldPlan(id, rs.getString("kind"), Jdbc.date(rs, "range_from"), Jdbc.date(rs, "usage_date"),
                    rs.getObject("started_at", OffsetDateTime.class), new ArrayList<>());
            plans.computeIfAbsent(id, k -> plan).lines().add(PlanLine.of(rs));
            return plan;
        }, psa);
        return List.copyOf(plans.values());
    }
}
