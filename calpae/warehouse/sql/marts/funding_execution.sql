-- reads: int_funding_sources
-- Execution rates an evaluator can quote: per département, year and funder,
-- the planned and the executed figure of funding_comparison, and their ratio
-- only where both cover the same money: two figures written on the same table
-- row, or two sums (or written totals their leaf rows reproduce within 1 %)
-- over the same rows of one table. Otherwise no rate, and rate_basis says
-- why: no_planned_figure, no_executed_figure, different_scope (a plan from
-- the convention and an execution from the report, a total over other rows).
WITH cells AS (
    SELECT *
    FROM int_funding_sources
    WHERE source_rank = 1 AND nature IN ('prevu', 'execute')
),
planned AS (SELECT * FROM cells WHERE nature = 'prevu'),
executed AS (SELECT * FROM cells WHERE nature = 'execute'),
paired AS (
    SELECT
        coalesce(p.department_code, e.department_code) AS department_code,
        coalesce(p.year, e.year) AS year,
        coalesce(p.funder, e.funder) AS funder,
        p.amount_eur AS planned_eur,
        e.amount_eur AS executed_eur,
        p.basis AS planned_basis,
        e.basis AS executed_basis,
        p.document_id AS planned_document_id,
        e.document_id AS executed_document_id,
        CASE
            WHEN p.amount_eur IS NULL THEN 'no_planned_figure'
            WHEN e.amount_eur IS NULL THEN 'no_executed_figure'
            WHEN p.row_key = e.row_key THEN 'same_row'
            WHEN p.rows_key = e.rows_key THEN 'same_rows'
            ELSE 'different_scope'
        END AS rate_basis
    FROM planned p
    FULL OUTER JOIN executed e USING (department_code, year, funder)
),
names AS (
    SELECT department_code, min(department_name) AS department_name
    FROM document_departments
    GROUP BY department_code
)
SELECT
    x.department_code,
    n.department_name,
    x.year,
    x.funder,
    x.planned_eur,
    x.executed_eur,
    CASE WHEN x.rate_basis IN ('same_row', 'same_rows') AND x.planned_eur > 0
         THEN round(x.executed_eur / x.planned_eur, 4) END AS execution_rate,
    x.rate_basis,
    x.planned_basis,
    x.executed_basis,
    x.planned_document_id,
    x.executed_document_id
FROM paired x
LEFT JOIN names n USING (department_code)
