-- Which document gives each cell (département, year, funder, nature) of the
-- comparison, and which it supersedes. Executed money comes from execution
-- reports first, planned money from planning documents first (a report
-- restates the plan; the convention, its avenants and deliberations make
-- it); then a document stating the convention-level figure goes before one
-- whose items only add up to it; then the later document (an avenant or a
-- later deliberation restating a year's plan) supersedes the earlier one.
SELECT
    f.*,
    d.doc_type,
    d.written_on,
    row_number() OVER cell AS source_rank
FROM int_document_funding f
JOIN stg_documents d USING (document_id)
WHERE f.department_code IS NOT NULL
  AND f.year IS NOT NULL
  AND f.funder IN ('etat', 'departement', 'total')
  AND f.nature IN ('prevu', 'execute', 'report')
WINDOW cell AS (
    PARTITION BY f.department_code, f.year, f.funder, f.nature
    ORDER BY
        (f.nature = 'execute' AND d.doc_type = 'rapport_execution') DESC,
        (f.nature = 'prevu' AND d.doc_type <> 'rapport_execution') DESC,
        (f.basis = 'stated_total') DESC,
        d.written_on DESC,
        f.document_id
)
