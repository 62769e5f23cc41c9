-- reads: stg_documents
-- Amounts of the documents read whole, typed, with the place that states
-- them: a table column (its table's first row and the column), or a line of
-- text. The same figure stated in two places is two rows here; the
-- intermediate models count it once.
SELECT
    a.amount_id,
    a.document_id,
    d.doc_type,
    d.written_on,
    a.department_code,
    a.action_id,
    a.label,
    a.year,
    a.funder,
    a.nature,
    a.amount_eur,
    coalesce(a.scope, CASE WHEN a.is_total THEN 'section' ELSE 'action' END) AS scope,
    coalesce(a.is_total, false) AS is_total,
    coalesce(a.includes_report, false) AS includes_report,
    coalesce(a.funder_ambiguous, false) AS funder_ambiguous,
    coalesce(a.nature_ambiguous, false) AS nature_ambiguous,
    a.source_kind,
    coalesce(a.table_page, a.page) AS place_page,
    coalesce(a.table_line, a.source_line) AS place_line,
    a.table_column AS place_column,
    a.page,
    a.source_line,
    coalesce(a.table_row_line, a.source_line) AS row_line,
    a.char_start,
    a.evidence
FROM amounts a
JOIN stg_documents d USING (document_id)
