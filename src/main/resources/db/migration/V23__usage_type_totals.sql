-- An organization's unit-days and days of usage per billing type over all its history: what the list of
-- mapped organizations without a service line reads (GET /api/mapped-without-service-line), a row per
-- organization and billing type however many months the usage spans (usage_month_total grows by a row
-- a month). Kept by usage_totals_apply with the other totals.
CREATE TABLE usage_type_total (
    module_id    text NOT NULL,
    org_id       text NOT NULL,
    billing_type text NOT NULL,
    unit_days    numeric NOT NULL,
    days         integer NOT NULL,
    PRIMARY KEY (module_id, org_id, billing_type)
);

INSERT INTO usage_type_total (module_id, org_id, billing_type, unit_days, days)
SELECT module_id, org_id, billing_type, SUM(unit_days), SUM(days) FROM usage_month_total
GROUP BY module_id, org_id, billing_type;

-- usage_totals_apply as V19 made it, carrying the differences into usage_type_total too.
CREATE OR REPLACE FUNCTION usage_totals_apply(p_module text, p_day date, p_whole_day boolean, p_add boolean,
                                   p_orgs text[], p_types text[], p_quantities numeric[]) RETURNS bigint
LANGUAGE sql AS $$
WITH given AS (
    SELECT g.org_id, g.billing_type, SUM(g.quantity) AS quantity
    FROM unnest(COALESCE(p_orgs, '{}'), COALESCE(p_types, '{}'), COALESCE(p_quantities, '{}'))
        AS g(org_id, billing_type, quantity)
    GROUP BY g.org_id, g.billing_type),
old AS (
    SELECT d.org_id, d.billing_type, d.quantity FROM usage_day_total d
    WHERE d.module_id = p_module AND d.usage_date = p_day
      AND (p_whole_day OR (d.org_id, d.billing_type) IN (SELECT org_id, billing_type FROM given))),
fresh AS (
    SELECT g.org_id, g.billing_type,
           CASE WHEN p_add THEN COALESCE(o.quantity, 0) + g.quantity ELSE g.quantity END AS quantity
    FROM given g LEFT JOIN old o ON o.org_id = g.org_id AND o.billing_type = g.billing_type),
diff AS (
    SELECT COALESCE(f.org_id, o.org_id) AS org_id, COALESCE(f.billing_type, o.billing_type) AS billing_type,
           COALESCE(f.quantity, 0) - COALESCE(o.quantity, 0) AS quantity,
           (f.org_id IS NOT NULL)::int - (o.org_id IS NOT NULL)::int AS days, f.quantity AS now
    FROM fresh f FULL JOIN old o ON o.org_id = f.org_id AND o.billing_type = f.billing_type
    WHERE f.quantity IS DISTINCT FROM o.quantity OR (f.org_id IS NULL) <> (o.org_id IS NULL)),
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
    INSERT INTO usage_day_total (module_id, usage_date, org_id, billing_type, quantity)
    SELECT p_module, p_day, x.org_id, x.billing_type, x.now FROM diff x WHERE x.now IS NOT NULL
    ORDER BY x.org_id, x.billing_type
    ON CONFLICT (module_id, usage_date, org_id, billing_type) DO UPDATE SET quantity = excluded.quantity)
SELECT count(*) FROM diff
$$;
