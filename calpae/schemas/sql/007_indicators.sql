-- 007_indicators: how each indicator value was read, and the comparison view.
ALTER TABLE indicator_values ADD COLUMN is_half_year BOOLEAN DEFAULT false;  -- "1er semestre 2022"
ALTER TABLE indicator_values ADD COLUMN indicator_confidence DOUBLE;         -- 0..1 of the code
ALTER TABLE indicator_values ADD COLUMN column_header VARCHAR;               -- the column's header

-- National indicators × département × year: what each département reported
-- (results, full years) and aimed at (targets), to compare across départements.
CREATE VIEW indicator_comparison AS
SELECT
    v.indicator_code,
    v.department_code,
    v.year,
    v.is_target,
    v.is_half_year,
    v.value_num,
    v.unit,
    v.value_raw,
    v.indicator_label,
    d.doc_type,
    d.source_file,
    v.page,
    v.source_line
FROM indicator_values v
JOIN documents d USING (document_id)
WHERE v.indicator_code IS NOT NULL;
