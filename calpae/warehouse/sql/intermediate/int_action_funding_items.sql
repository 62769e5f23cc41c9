-- reads: int_action_figures, int_document_priority
-- The action figures each cell of the action funding mart adds up. Each action's figure
-- counts once per document (int_action_figures); for each département, year,
-- funder, nature and action (its national measure, or for a département's own
-- initiative its title) one document gives the figures, ranked as in
-- int_document_priority (a report for executed money, a planning document for
-- planned money, the later first). The report lists these rows under a sum.
WITH keyed AS (
    SELECT
        f.document_id,
        f.department_code,
        f.year,
        f.funder,
        f.nature,
        f.amount_eur,
        f.amount_id,
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
    SELECT DISTINCT document_id, department_code, year, funder, nature, action_key
    FROM keyed
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
)
SELECT k.*
FROM keyed k
JOIN ranked r USING (document_id, department_code, year, funder, nature, action_key)
WHERE r.source_rank = 1
