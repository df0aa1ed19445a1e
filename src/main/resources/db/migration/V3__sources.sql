-- Sources and the seeds' billing rules. Each module billing type carries its rule (from
-- mappings/modules.yaml; see io.usagebilling.domain.rules.BillingRule), and quantities are computed
-- from billable_usage instead of raw usage_record.

ALTER TABLE module_billing_type
    ADD COLUMN counting text NOT NULL DEFAULT 'sum' CHECK (counting IN ('sum', 'one_per_asset')),
    ADD COLUMN included_per_asset numeric(18, 4) NOT NULL DEFAULT 0 CHECK (included_per_asset >= 0),
    ADD COLUMN included_per_org numeric(18, 4) NOT NULL DEFAULT 0 CHECK (included_per_org >= 0),
    ADD COLUMN trial_days integer NOT NULL DEFAULT 0 CHECK (trial_days >= 0),
    ADD COLUMN superseded_by_module text,
    ADD COLUMN superseded_by_type text;

-- An asset is its asset id, or the record's own id when the source reports no assets (a site count).
CREATE INDEX usage_record_asset_day
    ON usage_record (module_id, (COALESCE(asset_id, source_record_id)), usage_date);

-- Each organization's billable quantity per module billing type and day, by the same steps as
-- BillableQuantity (checked against it by BillableUsageViewTest): an asset's records are one asset;
-- an asset with usage of the superseding type that day is left out (Endpoint Backup v1 under v2);
-- an asset within trial_days of its first usage in the module is left out (the 14-day trial);
-- per-asset included units are taken off, or one unit per asset is counted; then the organization's
-- included units (the free base branding). An organization left with nothing has no row (0).
CREATE VIEW billable_usage AS
WITH asset_day AS (
    SELECT module_id, org_id, billing_type, usage_date, COALESCE(asset_id, source_record_id) AS asset,
           SUM(quantity) AS quantity
    FROM usage_record
    GROUP BY module_id, org_id, billing_type, usage_date, COALESCE(asset_id, source_record_id)
)
SELECT a.module_id, a.org_id, a.billing_type, a.usage_date,
       GREATEST(SUM(CASE WHEN t.counting = 'one_per_asset' THEN CASE WHEN a.quantity > 0 THEN 1 ELSE 0 END
                         ELSE GREATEST(a.quantity - t.included_per_asset, 0) END)
                - MIN(t.included_per_org), 0) AS quantity
FROM asset_day a
JOIN module_billing_type t ON t.module_id = a.module_id AND t.billing_type = a.billing_type
WHERE NOT EXISTS (
        SELECT 1 FROM usage_record s
        WHERE s.module_id = t.superseded_by_module AND s.billing_type = t.superseded_by_type
          AND COALESCE(s.asset_id, s.source_record_id) = a.asset AND s.usage_date = a.usage_date)
  AND (t.trial_days = 0 OR a.usage_date >= t.trial_days + (
        SELECT MIN(f.usage_date) FROM usage_record f
        WHERE f.module_id = a.module_id AND COALESCE(f.asset_id, f.source_record_id) = a.asset))
GROUP BY a.module_id, a.org_id, a.billing_type, a.usage_date;

-- Signatures of accepted callbacks, so a replayed request is refused by every instance. Kept a
-- little longer than the accepted clock skew; older ones cannot pass the timestamp check anyway.
CREATE TABLE callback_signature (
    module_id   text NOT NULL,
    signature   text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (module_id, signature)
);
CREATE INDEX callback_signature_age ON callback_signature (received_at);
