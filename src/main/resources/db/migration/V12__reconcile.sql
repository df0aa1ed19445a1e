-- A reconcile run (bin/usage-billing reconcile) compares the PSA with the usage over a range of dates
-- (range_from to usage_date) and owns its compensating changes, as a sync run owns its plan.
ALTER TABLE sync_run ADD COLUMN kind text NOT NULL DEFAULT 'sync' CHECK (kind IN ('sync', 'reconcile'));
ALTER TABLE sync_run ADD COLUMN range_from date;
DROP INDEX sync_run_running;
CREATE INDEX sync_run_running ON sync_run (usage_date) WHERE status = 'running' AND kind = 'sync';

-- Why a change was planned: a day's usage, a later date its line's earlier change moved (the
-- timeline), or a difference reconcile found.
ALTER TABLE delivery_ledger ADD COLUMN cause text NOT NULL DEFAULT 'usage'
    CHECK (cause IN ('usage', 'timeline', 'reconcile'));

-- Where the PSA differed from what it should hold: found by a reconcile run over its range (expected:
-- the usage), or noticed by a sync reading a line before its change (expected: what was delivered).
CREATE TABLE psa_drift (
    id             bigserial PRIMARY KEY,
    sync_run_id    bigint NOT NULL REFERENCES sync_run (id),
    psa            text NOT NULL,
    contract_id    bigint NOT NULL,
    service_id     bigint NOT NULL,
    from_date      date NOT NULL,
    to_date        date NOT NULL,
    psa_units      numeric(18, 4) NOT NULL,
    expected_units numeric(18, 4) NOT NULL
);
CREATE INDEX psa_drift_run ON psa_drift (sync_run_id);
