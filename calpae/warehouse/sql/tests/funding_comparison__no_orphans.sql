-- funding_comparison: its documents, its stated total and the documents it
-- supersedes all exist; a stated total is a convention-scope amount of the
-- cell's own document.
SELECT f.department_code, f.year, f.funder, f.nature, 'document' AS missing
FROM funding_comparison f
LEFT JOIN documents d USING (document_id)
WHERE d.document_id IS NULL
UNION ALL
SELECT f.department_code, f.year, f.funder, f.nature, 'stated total amount'
FROM funding_comparison f
LEFT JOIN amounts a USING (amount_id)
WHERE f.basis = 'stated_total'
  AND (a.amount_id IS NULL OR a.scope <> 'convention' OR a.document_id <> f.document_id)
UNION ALL
SELECT f.department_code, f.year, f.funder, f.nature, 'superseded document'
FROM funding_comparison f, unnest(f.superseded_document_ids) AS s(document_id)
WHERE s.document_id NOT IN (SELECT document_id FROM documents)
   OR s.document_id = f.document_id
