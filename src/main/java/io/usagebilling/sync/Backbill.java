package io.usagebilling.sync;

import io.usagebilling.store.Jdbc;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage before a mapping is not lost: when organizations were mapped since the last sync, the earlier
 * days of the months not finalized on which they had usage are recomputed for their companies' lines
 * (as a new sync of each day would, with that day's collections), and the run delivers the changes
 * with its own day's (see DeliveryLedger#plan). Off with mapping.backbill=false: a new mapping then
 * counts from the day synced next.
 */
public final class Backbill {

    private static final Logger LOG = LoggerFactory.getLogger(Backbill.class);

    private final Jdbc jdbc;
    private final boolean enabled;

    public Backbill(DataSource dataSource, boolean enabled) {
        this.jdbc = new Jdbc(dataSource);
        this.enabled = enabled;
    }

    public void recompute(@ExchangeProperty(ExchangeProperties.SYNC_RUN_ID) long syncRunId,
            @ExchangeProperty(ExchangeProperties.USAGE_DATE) LocalDate usageDate) {
        jdbc.inTransaction(c -> {
            List<Object[]> mapped = Jdbc.query(c, """
                    UPDATE org_mapping SET backbill_pending = false WHERE backbill_pending
                    RETURNING module_id, org_id, company_id""",
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)});
            if (!enabled || mapped.isEmpty()) {
                return null;
            }
            // each day with usage of a newly mapped organization, in the months after the last finalized
            // one, synced before (its last sync run says which modules it collected)
            List<Object[]> days = Jdbc.query(c, """
                    SELECT u.usage_date, (SELECT id FROM sync_run r WHERE r.kind = 'sync' AND r.usage_date = u.usage_date
                            AND r.status <> 'running' ORDER BY r.id DESC LIMIT 1) AS collected_by,
                        array_agg(DISTINCT m.company_id) AS companies
                    FROM unnest(?::text[], ?::text[], ?::bigint[]) AS m(module_id, org_id, company_id)
                    JOIN usage_record u ON u.module_id = m.module_id AND u.org_id = m.org_id
                    WHERE u.usage_date <> ? AND u.usage_date > COALESCE(
                        (SELECT max(usage_month) + interval '1 month' - interval '1 day' FROM billing_month
                         WHERE finalized_at IS NOT NULL), '-infinity')
                    GROUP BY u.usage_date ORDER BY u.usage_date""",
                    rs -> new Object[] {Jdbc.date(rs, "usage_date"), rs.getObject("collected_by"),
                            rs.getArray("companies").getArray()},
                    c.createArrayOf("text", mapped.stream().map(m -> m[0]).toArray()),
                    c.createArrayOf("text", mapped.stream().map(m -> m[1]).toArray()),
                    c.createArrayOf("bigint", mapped.stream().map(m -> m[2]).toArray()), usageDate);
            for (Object[] day : days) {
                if (day[1] != null) {
                    DailyQuantities.write(c, (LocalDate) day[0], (Long) day[1], syncRunId, (Long[]) day[2]);
                    LOG.info("sync run {}: {} recomputed for {} newly mapped organization(s)", syncRunId, day[0], mapped.size());
                }
            }
            return null;
        });
    }
}
