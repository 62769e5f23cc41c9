-- reads: int_document_funding, stg_documents
-- Kept for compatibility: each document's figure per département, year,
-- funder and nature (int_document_funding), documents kept apart: a written
-- total or a complete sum of items, never a total it derives from the
-- parties' figures nor a cell without a figure. Prefer funding_comparison,
-- which picks one document per cell and says why a cell has no figure.
SELECT
    f.document_id,
    d.doc_type,
    f.department_code,
    f.year,
    f.funder,
    f.nature,
    f.amount_eur AS total_eur,
    f.items AS amounts,
    f.basis
FROM int_document_funding f
JOIN stg_documents d USING (document_id)
WHERE f.basis IN ('stated_total', 'sum_of_items')
