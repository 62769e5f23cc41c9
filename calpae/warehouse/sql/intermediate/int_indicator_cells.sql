-- reads: stg_indicator_values
-- National indicator values per département, code, year, target or result
-- and half year: a value restated (in two tables, or two documents) is one
-- row; two different values for the same cell are two rows, both flagged.
-- The unit a code is most often reported in is its unit; a value in another
-- unit is flagged (a target in percent beside results in counts).
WITH values AS (
    SELECT
        department_code, indicator_code, year, is_target, is_half_year, value_num, unit,
        count(*) AS restatements,
        arg_min(indicator_value_id, [written_on::VARCHAR, document_id, page::VARCHAR, lpad(source_line::VARCHAR, 8, '0')])
            AS indicator_value_id,
        list(DISTINCT document_id ORDER BY document_id) AS document_ids
    FROM stg_indicator_values
    WHERE value_num IS NOT NULL AND department_code IS NOT NULL
    GROUP BY ALL
),
code_units AS (
    SELECT indicator_code, arg_max(unit, n) AS usual_unit
    FROM (SELECT indicator_code, unit, count(*) AS n FROM stg_indicator_values
          WHERE value_num IS NOT NULL GROUP BY ALL)
    GROUP BY indicator_code
)
SELECT
    v.*,
    count(*) OVER (
        PARTITION BY v.department_code, v.indicator_code, v.year, v.is_target, v.is_half_year
    ) > 1 AS is_conflict,
    v.unit IS DISTINCT FROM u.usual_unit AS unit_mismatch,
    u.usual_unit
FROM values v
JOIN code_units u USING (indicator_code)
