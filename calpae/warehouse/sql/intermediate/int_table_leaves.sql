-- reads: stg_amounts
-- The leaf items of the money tables: each table row's figure in a column
-- that is neither a total nor a sub-total ("Sous total", "TOTAL A", "1." over
-- 1.1-1.3 are read as totals by the table model), of the programme (not
-- money of another scheme) and not a carried-over share. A column of leaves
-- is one representation of the money: a sum takes its items from one column.
-- Two readings of a synthesis make a party's share comparable by year:
-- - a share written once, without a year, beside the other party's yearly
--   columns ("Part CD" next to "Part Etat 2019 | 2020 | 2021") is that
--   party's share in each of those years;
-- - the programme is the money of the actions the State co-funds: where a
--   table gives State shares, the département's share counts on the rows
--   that carry one (an action the département funds alone is its own).
WITH leaves AS (
    SELECT
        document_id, department_code, year, funder, nature,
        place_page, place_line, place_column,
        amount_id, amount_eur, action_id, source_line, row_line
    FROM stg_amounts
    WHERE source_kind = 'table'
      AND NOT is_total
      AND scope = 'action'
      AND NOT includes_report
      AND department_code IS NOT NULL
),
yearly AS (
    SELECT DISTINCT document_id, place_page, place_line, funder, nature, year
    FROM leaves
    WHERE year IS NOT NULL AND funder IN ('etat', 'departement')
),
dated AS (
    SELECT * FROM leaves WHERE year IS NOT NULL
    UNION ALL
    SELECT
        l.document_id, l.department_code, y.year, l.funder, l.nature,
        l.place_page, l.place_line, l.place_column,
        l.amount_id, l.amount_eur, l.action_id, l.source_line, l.row_line
    FROM leaves l
    JOIN (
        SELECT DISTINCT document_id, place_page, place_line, funder, nature, year FROM yearly
    ) y
        ON y.document_id = l.document_id
        AND y.place_page = l.place_page
        AND y.place_line = l.place_line
        AND y.nature = l.nature
        AND y.funder <> l.funder
    WHERE l.year IS NULL AND l.funder IN ('etat', 'departement')
),
state_rows AS (
    SELECT DISTINCT document_id, place_page, place_line, row_line
    FROM leaves
    WHERE funder = 'etat'
),
state_tables AS (
    SELECT DISTINCT document_id, place_page, place_line FROM state_rows
)
SELECT d.*
FROM dated d
WHERE d.funder <> 'departement'
   OR NOT EXISTS (
       SELECT 1 FROM state_tables t
       WHERE t.document_id = d.document_id
         AND t.place_page = d.place_page AND t.place_line = d.place_line
   )
   OR EXISTS (
       SELECT 1 FROM state_rows r
       WHERE r.document_id = d.document_id
         AND r.place_page = d.place_page AND r.place_line = d.place_line
         AND r.row_line = d.row_line
   )
