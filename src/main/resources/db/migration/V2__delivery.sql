-- Delivery: read-back after each write, resumed attempts, lines compared per run, and the PSA
-- request budget shared by every instance.

-- 'mismatch': the PSA's units read back after a write are not the target (recorded, not retried blindly).
-- 'held': a change that waits for a person (approve-before-push); its sync run is the plan's id.
ALTER TABLE delivery_ledger DROP CONSTRAINT delivery_ledger_status_check;
ALTER TABLE delivery_ledger ADD CONSTRAINT delivery_ledger_status_check
    CHECK (status IN ('planned', 'sent', 'confirmed', 'failed', 'unknown', 'mismatch', 'held'));
DROP INDEX delivery_ledger_one_open;
CREATE UNIQUE INDEX delivery_ledger_one_open ON delivery_ledger (psa, contract_id, service_id, effective_date)
    WHERE status IN ('planned', 'sent', 'unknown', 'held');
-- When a person approved a held change (it is then planned, and sent as approved).
ALTER TABLE delivery_ledger ADD COLUMN approved_at timestamptz;
-- The PSA's units read back after the write (or read before, when nothing had to be sent).
ALTER TABLE delivery_ledger ADD COLUMN psa_units_after numeric(18, 4);
-- The open status an attempt was resumed from ('sent' after a crash, 'unknown' after a lost answer).
ALTER TABLE delivery_ledger ADD COLUMN resumed_from text;
-- The run that last sent this change to the PSA (a resumed attempt that finds it applied sends nothing).
ALTER TABLE delivery_ledger ADD COLUMN sent_by_run bigint REFERENCES sync_run (id);

ALTER TABLE sync_run ADD COLUMN lines_compared integer;

-- Requests sent to each PSA, per minute: the rolling hour's sum is the budget used. Shared by
-- every instance on this database, so two instances do not each spend the whole allowance.
CREATE TABLE psa_request_budget (
    psa      text NOT NULL,
    minute   timestamptz NOT NULL,
    requests integer NOT NULL,
    PRIMARY KEY (psa, minute)
);
