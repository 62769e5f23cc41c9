-- 012_failures: a document whose new version failed keeps its previous facts;
-- the failure is kept beside them, and counted, until a version loads whole.
ALTER TABLE documents ADD COLUMN last_error VARCHAR;               -- the last failure's reason
ALTER TABLE documents ADD COLUMN failed_attempts INTEGER DEFAULT 0;  -- failures since the last load
