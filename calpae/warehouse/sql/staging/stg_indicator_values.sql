-- reads: stg_documents
-- Indicator values of the documents read whole that map to a national
-- indicator, typed.
SELECT
    v.indicator_value_id,
    v.document_id,
    d.doc_type,
    d.source_file,
    d.written_on,
    v.department_code,
    v.indicator_code,
    v.indicator_label,
    v.year,
    v.is_target,
    coalesce(v.is_half_year, false) AS is_half_year,
    v.value_raw,
    v.value_num,
    v.unit,
    v.page,
    v.source_line
FROM indicator_values v
JOIN stg_documents d USING (document_id)
WHERE v.indicator_code IS NOT NULL
