-- 002_registry: what a loaded document's facts depend on, so that a changed
-- manifest entry or a new release of the extractors re-extracts it.
ALTER TABLE documents ADD COLUMN fingerprint VARCHAR;
ALTER TABLE documents ADD COLUMN manifest_entry VARCHAR;
