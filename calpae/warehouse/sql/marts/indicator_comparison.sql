-- reads: int_indicator_cells, stg_indicator_values
-- National indicators × département × year × target or result: what each
-- département reported and aimed at, one row per value (a value restated in
-- two tables counts once, see int_indicator_cells); two different values for
-- one cell are both kept, with is_conflict; a value in another unit than its
-- code's usual one has unit_mismatch. The evidence is the first statement.
SELECT
    c.indicator_code,
    c.department_code,
    c.year,
    c.is_target,
    c.is_half_year,
    c.value_num,
    c.unit,
    s.value_raw,
    s.indicator_label,
    s.doc_type,
    s.source_file,
    s.page,
    s.source_line,
    c.indicator_value_id,
    c.restatements,
    c.document_ids,
    c.is_conflict,
    c.unit_mismatch,
    c.usual_unit
FROM int_indicator_cells c
JOIN stg_indicator_values s USING (indicator_value_id)
