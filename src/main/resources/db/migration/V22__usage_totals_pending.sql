-- A pushed page no longer changes the usage totals (V19) in its own transaction: three upserts per
-- organization and billing type of every page took signed callbacks from about 42,000 to 14,000 records/s.
-- It appends its sums here instead, and io.usagebilling.totals.UsageTotals.fold moves them into the totals
-- before a report reads them, and every few seconds. quantity NULL: the group's records were stored
-- before (repeated, corrected), so its day is summed again from usage_record when folded.
CREATE TABLE usage_total_pending (
    module_id    text NOT NULL,
    usage_date   date NOT NULL,
    org_id       text NOT NULL,
    billing_type text NOT NULL,
    quantity     numeric
);
CREATE INDEX usage_total_pending_day ON usage_total_pending (module_id, usage_date);
