-- The usage key holds the organization: two organizations of a module sending the same record id
-- (or asset id) for a day are two records, not a duplicate. The old key is a subset of the new one,
-- so every stored record stays, none is merged.
ALTER TABLE usage_record DROP CONSTRAINT usage_record_pkey;
ALTER TABLE usage_record ADD CONSTRAINT usage_record_pkey
    PRIMARY KEY (usage_date, module_id, billing_type, org_id, source_record_id);

-- A record received again with another quantity is a correction: the latest wins, the earlier value
-- is kept here.
CREATE TABLE usage_correction (
    id               bigserial PRIMARY KEY,
    module_id        text NOT NULL,
    org_id           text NOT NULL,
    billing_type     text NOT NULL,
    source_record_id text NOT NULL,
    usage_date       date NOT NULL,
    quantity_before  numeric(18, 4) NOT NULL,
    quantity_after   numeric(18, 4) NOT NULL,
    sync_run_id      bigint REFERENCES sync_run (id),
    corrected_at     timestamptz NOT NULL DEFAULT now()
);

-- Days whose usage changed after they may have been synced (a correction): the next sync recomputes
-- them for the organization's company and delivers the difference.
CREATE TABLE usage_recompute (
    module_id  text NOT NULL,
    org_id     text NOT NULL,
    usage_date date NOT NULL,
    PRIMARY KEY (module_id, org_id, usage_date)
);

ALTER TABLE source_collection ADD COLUMN corrected integer NOT NULL DEFAULT 0;
