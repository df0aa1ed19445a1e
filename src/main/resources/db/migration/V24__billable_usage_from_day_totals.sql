-- The quantities read the day totals (V19) for the summed billing types instead of the day's records: a
-- night of a million records is tens of thousands of totals, aggregated once as they were stored (4.5 s of
-- a million-record sync's 12 were the quantities summing the records again). The totals equal the usage in
-- effect once the day's pending sums (V22) are folded, which the quantities do first, holding the day
-- (io.usagebilling.totals.UsageTotals.settle). The per-asset branches still read the records: they count
-- and compare assets, which the totals do not keep.

-- billable_usage's per-asset branches as V15 made them.
CREATE VIEW billable_asset_usage AS
SELECT a.module_id, a.org_id, a.billing_type, a.usage_date,
       GREATEST(COUNT(*) FILTER (WHERE a.used) - MIN(a.included_per_org), 0) AS quantity
FROM (
    SELECT r.module_id, r.org_id, r.billing_type, r.usage_date, bool_or(r.quantity > 0) AS used,
           MIN(t.included_per_org) AS included_per_org
    FROM current_usage r
    JOIN module_billing_type t ON t.module_id = r.module_id AND t.billing_type = r.billing_type
        AND t.grouped_by = 'distinct_assets'
    GROUP BY r.module_id, r.org_id, r.billing_type, r.usage_date, COALESCE(r.asset_id, r.source_record_id)
) a
GROUP BY a.module_id, a.org_id, a.billing_type, a.usage_date
UNION ALL
SELECT a.module_id, a.org_id, a.billing_type, a.usage_date,
       GREATEST(SUM(CASE WHEN t.counting = 'one_per_asset' THEN CASE WHEN a.quantity > 0 THEN 1 ELSE 0 END
                         ELSE GREATEST(a.quantity - t.included_per_asset, 0) END)
                - MIN(t.included_per_org), 0)
FROM (
    SELECT r.module_id, r.org_id, r.billing_type, r.usage_date, COALESCE(r.asset_id, r.source_record_id) AS asset,
           SUM(r.quantity) AS quantity
    FROM current_usage r
    JOIN module_billing_type t ON t.module_id = r.module_id AND t.billing_type = r.billing_type AND t.grouped_by = 'asset'
    GROUP BY r.module_id, r.org_id, r.billing_type, r.usage_date, COALESCE(r.asset_id, r.source_record_id)
) a
JOIN module_billing_type t ON t.module_id = a.module_id AND t.billing_type = a.billing_type
WHERE NOT EXISTS (
        SELECT 1 FROM current_usage s
        WHERE s.asset_rules AND s.module_id = t.superseded_by_module AND s.billing_type = t.superseded_by_type
          AND COALESCE(s.asset_id, s.source_record_id) = a.asset AND s.usage_date = a.usage_date)
  AND (t.trial_days = 0 OR a.usage_date >= t.trial_days + (
        SELECT MIN(f.usage_date) FROM current_usage f
        WHERE f.asset_rules AND f.module_id = a.module_id AND COALESCE(f.asset_id, f.source_record_id) = a.asset))
GROUP BY a.module_id, a.org_id, a.billing_type, a.usage_date;

DROP VIEW billable_usage;
CREATE VIEW billable_usage AS
SELECT d.module_id, d.org_id, d.billing_type, d.usage_date, GREATEST(d.quantity - t.included_per_org, 0) AS quantity
FROM usage_day_total d
JOIN module_billing_type t ON t.module_id = d.module_id AND t.billing_type = d.billing_type AND t.grouped_by = 'sum'
UNION ALL
SELECT * FROM billable_asset_usage;
