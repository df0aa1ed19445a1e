-- An organization mapped since the last daily sync: the next sync bills its usage of the earlier days
-- of the months not finalized (mapping.backbill). Mappings made before this migration are not.
ALTER TABLE org_mapping ADD COLUMN backbill_pending boolean NOT NULL DEFAULT false;
ALTER TABLE org_mapping ALTER COLUMN backbill_pending SET DEFAULT true;
-- The sync run that recomputed an earlier day's quantity (a backbill), until the day's changes are planned.
ALTER TABLE daily_quantity ADD COLUMN recomputed_by bigint REFERENCES sync_run (id);
CREATE INDEX daily_quantity_recomputed ON daily_quantity (recomputed_by) WHERE recomputed_by IS NOT NULL;
