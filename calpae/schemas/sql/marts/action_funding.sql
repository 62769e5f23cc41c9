-- Per département, year, national measure (or, for a département's own
-- initiative, its title) and funder: what was planned, executed and carried
-- over, and the execution rate. Each action's figure counts once per
-- document (int_action_figures); for each nature one document gives the
-- figure, ranked as in int_document_priority (a report for executed money,
-- a planning document for planned money, the later first).
WITH keyed AS (
    SELECT
        f.document_id,
        f.department_code,
        f.year,
        f.funder,
        f.nature,
        f.amount_eur,
        a.action_ref,
        a.measure_code,
        coalesce(a.measure_code, lower(strip_accents(trim(a.title)))) AS action_key,
        a.title
    FROM int_action_figures f
    JOIN actions a USING (action_id)
    WHERE f.department_code IS NOT NULL
      AND f.year IS NOT NULL
      AND f.funder IN ('etat', 'departement', 'total')
      AND f.nature IN ('prevu', 'execute', 'report')
),
per_document AS (
    SELECT
        document_id, department_code, year, funder, nature, action_key,
        any_value(measure_code) AS measure_code,
        min(title) AS action_title,
        sum(amount_eur) AS amount_eur,
        list(DISTINCT action_ref ORDER BY action_ref) FILTER (WHERE action_ref IS NOT NULL) AS action_refs
    FROM keyed
    GROUP BY document_id, department_code, year, funder, nature, action_key
),
ranked AS (
    SELECT
        x.*,
        row_number() OVER (
            PARTITION BY x.department_code, x.year, x.funder, x.nature, x.action_key
            ORDER BY p.source_class, p.written_on DESC, x.document_id
        ) AS source_rank
    FROM per_document x
    JOIN int_document_priority p USING (document_id, nature)
),
chosen AS (
    SELECT * FROM ranked WHERE source_rank = 1
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
