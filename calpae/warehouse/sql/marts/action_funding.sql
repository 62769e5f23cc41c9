-- reads: int_action_funding_items
-- Per département, year, national measure (or, for a département's own
-- initiative, its title) and funder: what was planned, executed and carried
-- over, and the execution rate: the sums of int_action_funding_items (each
-- action's figure once per document, from the one document chosen for each
-- nature: a report for executed money, a planning document for planned
-- money, the later first).
WITH chosen AS (
    SELECT
        document_id, department_code, year, funder, nature, action_key,
        any_value(measure_code) AS measure_code,
        min(title) AS action_title,
        sum(amount_eur) AS amount_eur,
        list(DISTINCT action_ref ORDER BY action_ref) FILTER (WHERE action_ref IS NOT NULL) AS action_refs
    FROM int_action_funding_items
    GROUP BY document_id, department_code, year, funder, nature, action_key
)
SELECT
    department_code,
    year,
    any_value(measure_code) AS measure_code,
    min(action_title) AS action_title,
    funder,
    CAST(sum(amount_eur) FILTER (WHERE nature = 'prevu') AS DECIMAL(14, 2)) AS planned_eur,
    CAST(sum(amount_eur) FILTER (WHERE nature = 'execute') AS DECIMAL(14, 2)) AS executed_eur,
    CAST(sum(amount_eur) FILTER (WHERE nature = 'report') AS DECIMAL(14, 2)) AS carried_over_eur,
    CASE WHEN sum(amount_eur) FILTER (WHERE nature = 'prevu') > 0
         THEN round(CAST(sum(amount_eur) FILTER (WHERE nature = 'execute') AS DOUBLE)
                    / CAST(sum(amount_eur) FILTER (WHERE nature = 'prevu') AS DOUBLE), 4)
    END AS execution_rate,
    list_sort(list_distinct(flatten(list(coalesce(action_refs, []))))) AS action_refs,
    list_sort(list_distinct(list(document_id))) AS document_ids,
    action_key
FROM chosen
GROUP BY department_code, year, funder, action_key
