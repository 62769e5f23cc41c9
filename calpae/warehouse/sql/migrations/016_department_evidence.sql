-- 016_department_evidence: how surely a document is about a département, and
-- where it says so (its first mention in its surest form: as a party, by CD
-- code, as a place…; the manifest's line when the operator gave it).
ALTER TABLE document_departments ADD COLUMN confidence VARCHAR;  -- high, medium, low
ALTER TABLE document_departments ADD COLUMN evidence VARCHAR;
ALTER TABLE document_departments ADD COLUMN page INTEGER;
ALTER TABLE document_departments ADD COLUMN source_line INTEGER;
