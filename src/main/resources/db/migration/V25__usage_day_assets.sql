-- The day totals (V19) also count each organization's distinct assets with some usage (a quantity above
-- zero) per billing type, so the quantities read a distinct_assets type from them as they read a summed
-- one (V24): at a million records the day's 489,515 assets were hashed again every night (1.1 s of the
-- quantities' 1.9), where a seal counts them in the aggregate it already makes (80 -> 91 ms a module).
-- A fold counts a pushed group's assets again from its records: a page's assets may repeat an earlier
-- page's. Only the per-asset rules (trials, supersession, per-asset allowances) still read the records.
ALTER TABLE usage_day_total ADD COLUMN assets integer NOT NULL DEFAULT 0;
UPDATE usage_day_total d SET assets = a.assets
FROM (SELECT module_id, usage_date, org_id, billing_type,
             COUNT(DISTINCT COALESCE(asset_id, source_record_id)) FILTER (WHERE quantity > 0) AS assets
      FROM current_usage GROUP BY module_id, usage_date, org_id, billing_type) a
WHERE d.module_id = a.module_id AND d.usage_date = a.usage_date AND d.org_id = a.org_id
  AND d.billing_type = a.billing_type;
ALTER TABLE usage_day_total ALTER COLUMN assets DROP DEFAULT;

-- usage_totals_apply as V23 made it, with each group's assets, set as given.
DROP FUNCTION usage_totals_apply(text, date, boolean, boolean, text[], text[], numeric[]);
CREATE FUNCTION usage_totals_apply(p_module text, p_day date, p_whole_day boolean, p_add boolean,
                                   p_orgs text[], p_types text[], p_quantities numeric[], p_assets bigint[])
RETURNS bigint
LANGUAGE sql AS $$
WITH given AS (
    SELECT g.org_id, g.billing_type, SUM(g.quantity) AS quantity, MAX(g.assets) AS assets
    FROM unnest(COALESCE(p_orgs, '{}'), COALESCE(p_types, '{}'), COALESCE(p_quantities, '{}'), COALESCE(p_assets, '{}'))
        AS g(org_id, billing_type, quantity, assets)
    GROUP BY g.org_id, g.billing_type),
old AS (
    SELECT d.org_id, d.billing_type, d.quantity, d.assets FROM usage_day_total d
    WHERE d.module_id = p_module AND d.usage_date = p_day
      AND (p_whole_day OR (d.org_id, d.billing_type) IN (SELECT org_id, billing_type FROM given))),
fresh AS (
    SELECT g.org_id, g.billing_type,
           CASE WHEN p_add THEN COALESCE(o.quantity, 0) + g.quantity ELSE g.quantity END AS quantity, g.assets
    FROM given g LEFT JOIN old o ON o.org_id = g.org_id AND o.billing_type = g.billing_type),
diff AS (
    SELECT COALESCE(f.org_id, o.org_id) AS org_id, COALESCE(f.billing_type, o.billing_type) AS billing_type,
           COALESCE(f.quantity, 0) - COALESCE(o.quantity, 0) AS quantity,
           (f.org_id IS NOT NULL)::int - (o.org_id IS NOT NULL)::int AS days, f.quantity AS now, f.assets
    FROM fresh f FULL JOIN old o ON o.org_id = f.org_id AND o.billing_type = f.billing_type
    WHERE f.quantity IS DISTINCT FROM o.quantity OR f.assets IS DISTINCT FROM o.assets
       OR (f.org_id IS NULL) <> (o.org_id IS NULL)),
-- an organization's day counts once whatever its billing types: it has the day while it has some
-- group, before (counted) and after (counted, plus the groups new, less the groups gone)
org_days AS (
    SELECT x.org_id, SUM(x.quantity) AS quantity, SUM(x.days) AS groups,
           (SELECT count(*) FROM usage_day_total d
            WHERE d.module_id = p_module AND d.usage_date = p_day AND d.org_id = x.org_id) AS before
    FROM diff x GROUP BY x.org_id),
orgs AS (
    INSERT INTO usage_org_total (module_id, org_id, unit_days, days)
    SELECT p_module, c.org_id, c.quantity, (c.before + c.groups > 0)::int - (c.before > 0)::int
    FROM org_days c ORDER BY c.org_id
    ON CONFLICT (module_id, org_id) DO UPDATE
        SET unit_days = usage_org_total.unit_days + excluded.unit_days, days = usage_org_total.days + excluded.days),
months AS (
    INSERT INTO usage_month_total (module_id, org_id, billing_type, month, unit_days, days)
    SELECT p_module, x.org_id, x.billing_type, date_trunc('month', p_day)::date, x.quantity, x.days FROM diff x
    ORDER BY x.org_id, x.billing_type
    ON CONFLICT (module_id, org_id, billing_type, month) DO UPDATE
        SET unit_days = usage_month_total.unit_days + excluded.unit_days, days = usage_month_total.days + excluded.days),
types AS (
    INSERT INTO usage_type_total (module_id, org_id, billing_type, unit_days, days)
    SELECT p_module, x.org_id, x.billing_type, x.quantity, x.days FROM diff x
    ORDER BY x.org_id, x.billing_type
    ON CONFLICT (module_id, org_id, billing_type) DO UPDATE
        SET unit_days = usage_type_total.unit_days + excluded.unit_days, days = usage_type_total.days + excluded.days),
gone AS (
    DELETE FROM usage_day_total d USING diff x
    WHERE d.module_id = p_module AND d.usage_date = p_day AND d.org_id = x.org_id AND d.billing_type = x.billing_type
      AND x.now IS NULL),
kept AS (
    INSERT INTO usage_day_total (module_id, usage_date, org_id, billing_type, quantity, assets)
    SELECT p_module, p_day, x.org_id, x.billing_type, x.now, x.assets FROM diff x WHERE x.now IS NOT NULL
    ORDER BY x.org_id, x.billing_type
    ON CONFLICT (module_id, usage_date, org_id, billing_type) DO UPDATE
        SET quantity = excluded.quantity, assets = excluded.assets)
SELECT count(*) FROM diff
$$;

-- billable_usage: summed and distinct-asset types from the day totals, the per-asset rules as V15 made them.
DROP VIEW billable_usage;
DROP VIEW billable_asset_usage;
CREATE VIEW billable_per_asset_usage AS
SELECT a.module_id, a.org_id, a.billing_type, a.usage_date,
       GREATEST(SUM(CASE WHEN t.counting = 'one_per_asset' THEN CASE WHEN a.quantity > 0 THEN 1 ELSE 0 END
                         ELSE GREATEST(a.quantity - t.included_per_asset, 0) END)
                - MIN(t.included_per_org), 0) AS quantity
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

CREATE VIEW billable_usage AS
SELECT d.module_id, d.org_id, d.billing_type, d.usage_date,
       GREATEST(CASE t.grouped_by WHEN 'sum' THEN d.quantity ELSE d.assets END - t.included_per_org, 0) AS quantity
FROM usage_day_total d
JOIN module_billing_type t ON t.module_id = d.module_id AND t.billing_type = d.billing_type
    AND t.grouped_by IN ('sum', 'distinct_assets')
UNION ALL
SELECT * FROM billable_per_asset_usage;
