-- The days a pushed module (callbacks, CSV drops) has sent data for: usage dated that day, or its word
-- that the day is complete with nothing (more) in use. A pushed module's lines are computed for a day
-- only once it has; before that the module is missing data for the day, never zero usage.
CREATE TABLE pushed_day (
    module_id  text NOT NULL REFERENCES module (id),
    usage_date date NOT NULL,
    first_at   timestamptz NOT NULL DEFAULT now(),
    last_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (module_id, usage_date)
);

-- Usage pushed before this migration: each module's days with records count as sent.
INSERT INTO pushed_day (module_id, usage_date)
SELECT DISTINCT u.module_id, u.usage_date FROM usage_record u JOIN module m ON m.id = u.module_id
WHERE m.source_kind <> 'poll';

-- 'missing': a pushed module that sent nothing for the run's day (its lines wait).
ALTER TABLE source_collection DROP CONSTRAINT source_collection_status_check;
ALTER TABLE source_collection ADD CONSTRAINT source_collection_status_check
    CHECK (status IN ('running', 'succeeded', 'failed', 'missing'));
