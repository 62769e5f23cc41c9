-- reads: int_document_items, int_document_totals, int_table_columns, int_table_leaves, stg_amounts, stg_documents
-- Each document's figure per département, year, funder and nature, or why
-- it gives none (the basis). A figure is the convention-level total the
-- document writes (stated_total), else the sum of a complete set of leaf
-- items: the rows of one table column that lists the actions
-- (int_table_columns, sum_of_items). Otherwise the cell is kept without a
-- figure, its basis saying why: a year the document does not cover
-- (out_of_period: outside the programme's years 2019-2022, or, in an
-- execution report, outside the year it reports on), a column whose funder
-- or nature the document does not say (ambiguous_column), or items that are
-- only some of the département's (partial_items). Beside a total written in a
-- table are the leaf rows above it in its column, with their gap. Where a
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
stated_rows AS (
    -- the table row writing the total (the first, when several do)
    SELECT
        t.document_id, t.department_code, t.year, t.funder, t.nature,
        arg_min(s.amount_id, [s.place_page, s.place_line, s.row_line]) AS amount_id
    FROM int_document_totals t
    JOIN stg_amounts s
        ON s.document_id = t.document_id
        AND s.department_code = t.department_code
        AND s.year = t.year
        AND s.funder = t.funder
        AND s.nature = t.nature
        AND s.amount_eur = t.stated_total_eur
    WHERE s.source_kind = 'table' AND s.is_total
    GROUP BY ALL
),
stated_items AS (
    SELECT
        t.document_id, t.department_code, t.year, t.funder, t.nature,
        sum(l.amount_eur) AS items_eur,
        list(l.source_line ORDER BY l.source_line) AS item_lines,
        any_value([s.place_page, s.place_line]) AS stated_table
    FROM stated_rows t
    JOIN stg_amounts s ON s.amount_id = t.amount_id
    JOIN int_table_leaves l
        ON l.document_id = t.document_id
        AND l.department_code = t.department_code
        AND l.year = t.year
        AND l.funder = t.funder
        AND l.nature = t.nature
        AND l.place_page = s.place_page
        AND l.place_line = s.place_line
        AND l.place_column = s.place_column
        AND l.row_line < s.row_line
    GROUP BY ALL
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
        si.items_eur AS stated_items_eur,
        si.item_lines AS stated_item_lines,
        si.stated_table,
        coalesce(sr.amount_id, t.amount_id) AS place_amount_id,
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
    LEFT JOIN stated_items si USING (document_id, department_code, year, funder, nature)
    LEFT JOIN stated_rows sr USING (document_id, department_code, year, funder, nature)
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
        CAST(CASE f.basis
            WHEN 'sum_of_items' THEN f.column_sum_eur
            WHEN 'stated_total' THEN f.stated_items_eur
        END AS DECIMAL(14, 2)) AS items_sum_eur,
        CAST(CASE WHEN f.basis = 'stated_total'
                  THEN f.stated_total_eur - f.stated_items_eur END AS DECIMAL(14, 2)) AS gap_eur,
        CASE WHEN f.basis = 'stated_total' THEN f.amount_id END AS amount_id,
        coalesce(f.stated_figures, 0) AS stated_figures,
        f.stated_values,
        f.items,
        f.funder_ambiguous,
        f.nature_ambiguous,
        CASE WHEN f.basis = 'sum_of_items'
             THEN [f.place_page, f.place_line, f.place_column] END AS items_column,
        CASE f.basis
            WHEN 'sum_of_items' THEN f.item_lines
            WHEN 'stated_total' THEN f.stated_item_lines
        END AS item_lines,
        -- what the figure covers, to compare a plan with its execution: the row
        -- of a written total, and the leaf rows of a sum (or of a written total
        -- its column's leaves reproduce within 1 %)
        CASE WHEN f.basis = 'stated_total'
             THEN concat_ws('|', f.document_id, s.place_page, s.place_line, s.row_line) END
            AS row_key,
        CASE
            WHEN f.basis = 'sum_of_items'
            THEN concat_ws('|', f.document_id, f.place_page, f.place_line,
                           array_to_string(f.item_lines, ','))
            WHEN f.basis = 'stated_total'
                 AND abs(f.stated_total_eur - f.stated_items_eur) <= 0.01 * abs(f.stated_total_eur)
            THEN concat_ws('|', f.document_id, f.stated_table[1], f.stated_table[2],
                           array_to_string(f.stated_item_lines, ','))
        END AS rows_key
    FROM decided f
    LEFT JOIN stg_amounts s ON s.amount_id = f.place_amount_id
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
