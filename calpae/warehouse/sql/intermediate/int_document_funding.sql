-- reads: int_document_items, int_document_totals, int_table_columns, stg_amounts, stg_documents
-- Each document's figure per département, year, funder and nature, or why
-- it gives none (the basis). A figure is the convention-level total the
-- document writes (stated_total), else the sum of a complete set of leaf
-- items: the rows of one table column that lists the actions
-- (int_table_columns, sum_of_items). Otherwise the cell is kept without a
-- figure, its basis saying why: a year the document does not cover
-- (out_of_period: outside the programme's years 2019-2022, or, in an
-- execution report, outside the year it reports on), a column whose funder
-- or nature the document does not say (ambiguous_column), or items that are
-- only some of the département's (partial_items). For a written total, the
-- leaves of its best column are shown beside it with their gap. Where a
-- document gives both parties' figures for a year and no total of its own,
-- the total is their sum (sum_of_funders).
WITH cells AS (
    SELECT document_id, department_code, year, funder, nature FROM int_document_totals
    UNION
    SELECT document_id, department_code, year, funder, nature FROM int_document_items
    UNION
    SELECT document_id, department_code, year, funder, nature FROM int_table_columns
),
best AS (
    SELECT * FROM int_table_columns WHERE column_rank = 1
),
read AS (
    SELECT
        c.*,
        t.stated_total_eur,
        t.amount_id,
        t.stated_figures,
        t.stated_values,
        b.complete,
        b.items_sum_eur AS column_sum_eur,
        b.place_page, b.place_line, b.place_column, b.item_lines,
        coalesce(i.items, 0) AS items,
        coalesce(t.funder_ambiguous, false) OR coalesce(i.funder_ambiguous, false) AS funder_ambiguous,
        coalesce(t.nature_ambiguous, false) OR coalesce(i.nature_ambiguous, false) AS nature_ambiguous,
        c.year NOT BETWEEN 2019 AND 2022
            OR (d.doc_type = 'rapport_execution' AND d.period_start IS NOT NULL
                AND c.year NOT BETWEEN d.period_start AND coalesce(d.period_end, d.period_start))
            AS out_of_period
    FROM cells c
    JOIN stg_documents d USING (document_id)
    LEFT JOIN int_document_totals t USING (document_id, department_code, year, funder, nature)
    LEFT JOIN int_document_items i USING (document_id, department_code, year, funder, nature)
    LEFT JOIN best b USING (document_id, department_code, year, funder, nature)
),
decided AS (
    SELECT
        *,
        CASE
            WHEN out_of_period THEN 'out_of_period'
            WHEN stated_total_eur IS NOT NULL THEN 'stated_total'
            WHEN complete THEN 'sum_of_items'
            WHEN funder_ambiguous OR nature_ambiguous THEN 'ambiguous_column'
            ELSE 'partial_items'
        END AS basis
    FROM read
),
figures AS (
    SELECT
        f.document_id,
        f.department_code,
        f.year,
        f.funder,
        f.nature,
        CAST(CASE f.basis
            WHEN 'stated_total' THEN f.stated_total_eur
            WHEN 'sum_of_items' THEN f.column_sum_eur
        END AS DECIMAL(14, 2)) AS amount_eur,
        f.basis,
        f.basis IN ('stated_total', 'sum_of_items') AS has_figure,
        CASE WHEN f.basis = 'stated_total' THEN f.stated_total_eur END AS stated_total_eur,
        CAST(CASE WHEN f.basis IN ('stated_total', 'sum_of_items') AND f.complete
                  THEN f.column_sum_eur END AS DECIMAL(14, 2)) AS items_sum_eur,
        CAST(CASE WHEN f.basis = 'stated_total' AND f.complete
                  THEN f.stated_total_eur - f.column_sum_eur END AS DECIMAL(14, 2)) AS gap_eur,
        CASE WHEN f.basis = 'stated_total' THEN f.amount_id END AS amount_id,
        coalesce(f.stated_figures, 0) AS stated_figures,
        f.stated_values,
        f.items,
        f.funder_ambiguous,
        f.nature_ambiguous,
        CASE WHEN f.basis IN ('stated_total', 'sum_of_items') AND f.complete
             THEN [f.place_page, f.place_line, f.place_column] END AS items_column,
        CASE WHEN f.basis IN ('stated_total', 'sum_of_items') AND f.complete
             THEN f.item_lines END AS item_lines,
        -- what the figure covers, to compare a plan with its execution: the row
        -- of a written total, and the leaf rows of a sum (or of a written total
        -- its column's leaves reproduce within 1 %)
        CASE WHEN f.basis = 'stated_total'
             THEN concat_ws('|', f.document_id, s.place_page, s.place_line, s.row_line) END
            AS row_key,
        CASE WHEN f.basis = 'sum_of_items'
               OR (f.basis = 'stated_total' AND f.complete
                   AND abs(f.stated_total_eur - f.column_sum_eur) <= 0.01 * abs(f.stated_total_eur))
             THEN concat_ws('|', f.document_id, f.place_page, f.place_line,
                            array_to_string(f.item_lines, ',')) END
            AS rows_key
    FROM decided f
    LEFT JOIN stg_amounts s USING (amount_id)
),
parts AS (
    SELECT
        document_id, department_code, year, nature,
        CAST(sum(amount_eur) AS DECIMAL(14, 2)) AS amount_eur,
        bool_or(funder_ambiguous) AS funder_ambiguous,
        bool_or(nature_ambiguous) AS nature_ambiguous
    FROM figures
    WHERE has_figure AND funder IN ('etat', 'departement')
    GROUP BY ALL
    HAVING count(*) = 2
),
funders_total AS (
    SELECT
        p.document_id, p.department_code, p.year, 'total' AS funder, p.nature,
        p.amount_eur, 'sum_of_funders' AS basis, true AS has_figure,
        NULL::DECIMAL(14, 2) AS stated_total_eur, NULL::DECIMAL(14, 2) AS items_sum_eur,
        NULL::DECIMAL(14, 2) AS gap_eur, NULL AS amount_id, 0 AS stated_figures,
        NULL::DECIMAL(14, 2)[] AS stated_values, coalesce(f.items, 0) AS items,
        p.funder_ambiguous, p.nature_ambiguous,
        NULL::INTEGER[] AS items_column, NULL::INTEGER[] AS item_lines,
        NULL::VARCHAR AS row_key, NULL::VARCHAR AS rows_key
    FROM parts p
    LEFT JOIN figures f
        ON f.document_id = p.document_id
        AND f.department_code = p.department_code
        AND f.year = p.year
        AND f.funder = 'total'
        AND f.nature = p.nature
    WHERE NOT coalesce(f.has_figure, false)
)
SELECT f.*
FROM figures f
WHERE NOT EXISTS (
    SELECT 1 FROM funders_total t
    WHERE t.document_id = f.document_id
      AND t.department_code = f.department_code
      AND t.year = f.year
      AND t.funder = f.funder
      AND t.nature = f.nature
)
UNION ALL BY NAME
SELECT * FROM funders_total
