-- A pushed batch marks its day with ON CONFLICT DO NOTHING (UsageStore.markPushed), so that batches of
-- one module and day do not wait for each other's commits on that row: no batch updates the row any
-- more, and its last_at, which nothing read, goes.
ALTER TABLE pushed_day DROP COLUMN last_at;
