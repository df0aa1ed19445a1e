package io.usagebilling.sync;

import io.usagebilling.store.Jdbc;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The earlier days a sync recomputes besides its own, so their changes reach the PSA with its own
 * (see DeliveryLedger#plan) through the timeline rule:
 * <ul>
 *   <li>usage before a mapping (backbill): organizations mapped since the last sync, on every earlier day
 *       they had usage, for their company's lines; off with mapping.backbill=false, when a new mapping
 *       counts from the day synced next;</li>
 *   <li>corrections: a record received again with another quantity (usage_recompute).</li>
 * </ul>
 * Only days in the months not finalized and synced before (each as a new sync of it would, with that
 * day's collections).
 */
public final class EarlierDays {

    private static final Logger LOG = LoggerFactory.getLogger(EarlierDays.class);

    private final Jdbc jdbc;
    private final boolean backbill;

    public EarlierDays(DataSource dataSource, boolean backbill) {
        this.jdbc = new Jdbc(dataSource);
        this.backbill = backbill;
    }

    public void recompute(@ExchangeProperty(ExchangeProperties.SYNC_RUN_ID) long syncRunId,
            @ExchangeProperty(ExchangeProperties.USAGE_DATE) LocalDate usageDate) {
        jdbc.inTransaction(c -> {
            // per day, the companies whose lines to recompute: newly mapped organizations' days with usage
            // (a day total, or a page's sums not yet folded into one: not every record of their history),
            // and corrected days of mapped organizations; the queues are emptied either way
            List<Object[]> days = Jdbc.query(c, """
                    WITH mapped AS (
                        UPDATE org_mapping SET backbill_pending = false WHERE backbill_pending
                        RETURNING module_id, org_id, company_id),
                    corrected AS (DELETE FROM usage_recompute RETURNING module_id, org_id, usage_date),
                    usage_days AS (
                        SELECT module_id, org_id, usage_date FROM usage_day_total
                        UNION ALL SELECT module_id, org_id, usage_date FROM usage_total_pending),
                    affected AS (
                        SELECT DISTINCT u.usage_date, m.company_id FROM mapped m
                        JOIN usage_days u ON u.module_id = m.module_id AND u.org_id = m.org_id WHERE ?
                        UNION
                        SELECT q.usage_date, om.company_id FROM corrected q
                        JOIN org_mapping om ON om.module_id = q.module_id AND om.org_id = q.org_id)
                    SELECT a.usage_date, r.id AS collected_by, array_agg(a.company_id ORDER BY a.company_id) AS companies
                    FROM affected a
                    JOIN LATERAL (SELECT id FROM sync_run WHERE kind = 'sync' AND usage_date = a.usage_date
                        AND status <> 'running' ORDER BY id DESC LIMIT 1) r ON true
                    WHERE a.usage_date <> ? AND a.usage_date > COALESCE(
                        (SELECT max(usage_month) + interval '1 month' - interval '1 day' FROM billing_month
                         WHERE finalized_at IS NOT NULL), '-infinity')
                    GROUP BY a.usage_date, r.id ORDER BY a.usage_date""",
                    rs -> new Object[] {Jdbc.date(rs, "usage_date"), rs.getLong("collected_by"),
                            rs.getArray("companies").getArray()},
                    backbill, usageDate);
            for (Object[] day : days) {
                DailyQuantities.write(c, (LocalDate) day[0], (Long) day[1], syncRunId, (Long[]) day[2]);
                LOG.info("sync run {}: {} recomputed (organizations mapped or usage corrected since)", syncRunId, day[0]);
            }
            return null;
        });
    }
}
