-- reads: stg_documents
-- How a document ranks as the source of each nature of money: executed money
-- comes from execution reports first, planned money from planning documents
-- first (a report restates the plan; the convention, its avenants and
-- deliberations make it); within a class, the later document (the date it
-- was written) supersedes the earlier one.
SELECT
    d.document_id,
    n.nature,
    CASE
        WHEN n.nature = 'execute' AND d.doc_type = 'rapport_execution' THEN 0
        WHEN n.nature = 'prevu' AND d.doc_type <> 'rapport_execution' THEN 0
        ELSE 1
    END AS source_class,
    d.written_on
FROM stg_documents d
CROSS JOIN (VALUES ('prevu'), ('execute'), ('report'), ('other')) AS n(nature)
