-- reads: int_document_funding, int_indicator_cells, stg_indicator_values
-- Every problem found, for people (message) and as data (figures, the fact
-- concerned): the checks made at extraction, plus the checks of the marts:
-- a stated convention total that its items do not add up to
-- (stated_total_vs_items), two figures stated for one convention cell
-- (stated_totals_differ), two values for one indicator cell
-- (indicator_conflict), a value in another unit than its code's
-- (indicator_unit_mismatch).
SELECT
    document_id, check_name, severity, message, page, source_line,
    stated_eur, computed_eur, gap_eur, relation, fact_id
FROM extraction_checks
UNION ALL
SELECT
    f.document_id,
    'stated_total_vs_items',
    'warning',
    format('{} {} {} {}: the document states {} as the convention total, its items add up to {} (gap {})',
           f.department_code, f.year, f.funder, f.nature,
           f.stated_total_eur, f.items_sum_eur, f.gap_eur),
    a.page,
    a.source_line,
    f.stated_total_eur,
    f.items_sum_eur,
    f.gap_eur,
    'amounts',
    f.amount_id
FROM int_document_funding f
JOIN amounts a USING (amount_id)
WHERE abs(f.gap_eur) >= 1
UNION ALL
SELECT
    f.document_id,
    'stated_totals_differ',
    'warning',
    format('{} {} {} {}: the document states several convention totals {}; kept {}',
           f.department_code, f.year, f.funder, f.nature, f.stated_values, f.stated_total_eur),
    a.page,
    a.source_line,
    f.stated_total_eur,
    NULL,
    NULL,
    'amounts',
    f.amount_id
FROM int_document_funding f
JOIN amounts a USING (amount_id)
WHERE f.stated_figures > 1
UNION ALL
SELECT
    s.document_id,
    CASE WHEN c.is_conflict THEN 'indicator_conflict' ELSE 'indicator_unit_mismatch' END,
    'warning',
    CASE WHEN c.is_conflict
         THEN format('{} {} {} {}: value {} differs from another value stated for the same cell',
                     c.department_code, c.indicator_code, c.year,
                     CASE WHEN c.is_target THEN 'target' ELSE 'result' END, c.value_num)
         ELSE format('{} {} {}: value {} in {}, where the code is usually in {}',
                     c.department_code, c.indicator_code, c.year, c.value_num, c.unit, c.usual_unit)
    END,
    s.page,
    s.source_line,
    NULL,
    NULL,
    NULL,
    'indicator_values',
    c.indicator_value_id
FROM int_indicator_cells c
JOIN stg_indicator_values s USING (indicator_value_id)
WHERE c.is_conflict OR c.unit_mismatch
