-- reads: int_document_funding, int_document_priority, stg_documents
-- Which document gives each cell (département, year, funder, nature) of the
-- comparison, and which it supersedes: a document giving a figure before one
-- that gives none; a document writing the convention-level figure before one
-- whose items only add up to it (a report restating the amended plan before
-- the convention's columns); then by the document's class for the nature
-- (int_document_priority: a report for executed money, a planning document
-- for planned money), then the later document (an avenant or a later
-- deliberation restating a year's plan).
SELECT
    f.*,
    d.doc_type,
    d.written_on,
    row_number() OVER cell AS source_rank
FROM int_document_funding f
JOIN stg_documents d USING (document_id)
JOIN int_document_priority p USING (document_id, nature)
WHERE f.department_code IS NOT NULL
  AND f.year IS NOT NULL
  AND f.funder IN ('etat', 'departement', 'total')
  AND f.nature IN ('prevu', 'execute', 'report')
WINDOW cell AS (
    PARTITION BY f.department_code, f.year, f.funder, f.nature
    ORDER BY f.has_figure DESC, (f.basis = 'stated_total') DESC, p.source_class,
             p.written_on DESC, f.document_id
)
