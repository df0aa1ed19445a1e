-- 'rejected': a held change a person turned down. Terminal: never sent, and not open, so a later
-- change of its line no longer waits behind it. Who turned it down (api:<token name>) and when.
ALTER TABLE delivery_ledger DROP CONSTRAINT delivery_ledger_status_check;
ALTER TABLE delivery_ledger ADD CONSTRAINT delivery_ledger_status_check
    CHECK (status IN ('planned', 'sent', 'confirmed', 'failed', 'unknown', 'mismatch', 'held', 'rejected'));
ALTER TABLE delivery_ledger ADD COLUMN rejected_by text;
ALTER TABLE delivery_ledger ADD COLUMN rejected_at timestamptz;
-- The plans waiting for a person (GET /api/plans?status=held).
CREATE INDEX delivery_ledger_held ON delivery_ledger (sync_run_id) WHERE status = 'held';
