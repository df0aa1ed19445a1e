-- Raw usage at volume (issue 7: a million records a night). Measured with bin/usage-billing bench:
-- the foreign keys of usage_record ran a trigger and a key-share lock per inserted row, which cost
-- more than the rows themselves. A module id is taken from the module catalog before any record is
-- stored, and modules and sync runs are never deleted, so the keys guarded nothing in practice.
ALTER TABLE usage_record DROP CONSTRAINT usage_record_module_id_fkey;
ALTER TABLE usage_record DROP CONSTRAINT usage_record_sync_run_id_fkey;

-- The source's natural key, day first: a night's records land at the right edge of the index, and
-- the same index serves every per-day query, so usage_record_day is no longer needed.
ALTER TABLE usage_record DROP CONSTRAINT usage_record_module_id_billing_type_source_record_id_usage__key;
CREATE UNIQUE INDEX usage_record_source_key ON usage_record (usage_date, module_id, billing_type, source_record_id);
DROP INDEX usage_record_day;
