-- reads: int_document_funding, stg_documents
-- Kept for compatibility: each document's figure per département, year,
-- funder and nature (int_document_funding), documents kept apart. Prefer
-- funding_comparison, which picks one document per cell.
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
