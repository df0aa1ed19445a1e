-- API tokens expire and can be revoked (issue 18). A token made before keeps working for 90 days
-- from this migration, time to make its successor.
ALTER TABLE api_token ADD COLUMN expires_at timestamptz, ADD COLUMN revoked_at timestamptz;
UPDATE api_token SET expires_at = now() + interval '90 days';
ALTER TABLE api_token ALTER COLUMN expires_at SET NOT NULL;
