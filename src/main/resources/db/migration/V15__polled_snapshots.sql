-- Polled usage is a snapshot (issue 17): a module's complete collection for a day says what was in use
-- that day, and replaces the one before it at once when it is sealed. Its records are COPYed as they
-- arrive, under the collection's id, with no per-record unique key to check; they count once sealed.
-- Pushed usage (callbacks, CSV drops: collection_id NULL) keeps its idempotent key.

-- Each attempt at a module's collection has its own id: an attempt started over (its work unit
-- re-claimed after a crash) leaves nothing of the earlier one behind.
CREATE SEQUENCE source_collection_id_seq;
ALTER TABLE source_collection ADD COLUMN id bigint NOT NULL DEFAULT nextval('source_collection_id_seq');
ALTER TABLE source_collection ADD CONSTRAINT source_collection_id_key UNIQUE (id);

ALTER TABLE usage_record ADD COLUMN collection_id bigint, ADD COLUMN collection_page integer;

-- The sealed collection of each polled module and day.
CREATE TABLE polled_snapshot (
    module_id     text NOT NULL,
    usage_date    date NOT NULL,
    collection_id bigint NOT NULL,
    sealed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (module_id, usage_date)
);

-- Polled usage stored before: each module and day is one snapshot, the latest collection that wrote
-- to it (a re-collection used to correct records in place and add new ones beside the old).
INSERT INTO polled_snapshot (module_id, usage_date, collection_id)
SELECT u.module_id, u.usage_date, max(sc.id)
FROM usage_record u JOIN source_collection sc ON sc.sync_run_id = u.sync_run_id AND sc.module_id = u.module_id
GROUP BY u.module_id, u.usage_date;
UPDATE usage_record u SET collection_id = s.collection_id
FROM polled_snapshot s, source_collection sc
WHERE s.module_id = u.module_id AND s.usage_date = u.usage_date
  AND sc.sync_run_id = u.sync_run_id AND sc.module_id = u.module_id;

-- The pushed key, on pushed records only; a polled record is found by its collection or its day,
-- through block-range indexes that cost next to nothing per record (records arrive in that order).
ALTER TABLE usage_record DROP CONSTRAINT usage_record_pkey;
CREATE UNIQUE INDEX usage_record_pushed_key ON usage_record (usage_date, module_id, billing_type, org_id, source_record_id)
    WHERE collection_id IS NULL;
CREATE INDEX usage_record_collection ON usage_record USING brin (collection_id);
CREATE INDEX usage_record_day ON usage_record USING brin (usage_date);

-- The usage in effect: pushed records, and the records of each polled module's sealed collections.
-- Everything that reads usage reads this, never a collection still coming in. A sealed collection's
-- records are all on days it is the snapshot of (sealing another over a day deletes its records of
-- that day), so being sealed is enough: one scan with a hashed look-up, which leaves the planner the
-- plans it had over usage_record (a UNION of the two kinds joined to polled_snapshot measured 2.5 s
-- against 1.5 s for a day's billable_usage at 500,000 records).
CREATE VIEW current_usage AS
SELECT u.* FROM usage_record u
WHERE u.collection_id IS NULL OR u.collection_id IN (SELECT collection_id FROM polled_snapshot);

-- billable_usage as in V10, over the usage in effect. Distinct assets are counted in two hashed steps
-- (the assets with some usage, then per organization) rather than COUNT(DISTINCT), which sorts: the
-- usage_record key no longer hands the rows over in order (500,000 records: 1.9 s -> 1.1 s).
CREATE OR REPLACE VIEW billable_usage AS
SELECT r.module_id, r.org_id, r.billing_type, r.usage_date,
       GREATEST(SUM(r.quantity) - MIN(t.included_per_org), 0) AS quantity
FROM current_usage r
JOIN module_billing_type t ON t.module_id = r.module_id AND t.billing_type = r.billing_type AND t.grouped_by = 'sum'
GROUP BY r.module_id, r.org_id, r.billing_type, r.usage_date
UNION ALL
SELECT a.module_id, a.org_id, a.billing_type, a.usage_date,
       GREATEST(COUNT(*) FILTER (WHERE a.used) - MIN(a.included_per_org), 0)
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
