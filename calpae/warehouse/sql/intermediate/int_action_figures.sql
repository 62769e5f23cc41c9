-- reads: stg_amounts
-- One figure per action, year, funder and nature, per document. A document
-- states an action's money in several places (an annex row, a synthesis row,
-- its fiche's budget table broken down by expense, its sentences): each place
-- (a table column, or a line of text) gives the action's figure (its total
-- row, else the sum of what it states there), and the action counts once the
-- figure most places give (the largest of equals: a column of pre-notified
-- credits beside the contracted part does not outvote the annex, the
-- synthesis and the fiche).
WITH places AS (
    SELECT
        document_id, department_code, action_id, year, funder, nature,
        place_page, place_line, place_column,
        CASE WHEN bool_or(is_total) THEN max(amount_eur) FILTER (WHERE is_total)
             ELSE sum(amount_eur) END AS amount_eur,
        min(amount_id) AS amount_id,
        bool_or(funder_ambiguous) AS funder_ambiguous,
        bool_or(nature_ambiguous) AS nature_ambiguous
    FROM stg_amounts
    WHERE scope = 'action' AND action_id IS NOT NULL AND NOT includes_report
    GROUP BY ALL
),
figures AS (
    SELECT
        document_id, department_code, action_id, year, funder, nature, amount_eur,
        count(*) AS places,
        min(amount_id) AS amount_id,
        bool_or(funder_ambiguous) AS funder_ambiguous,
        bool_or(nature_ambiguous) AS nature_ambiguous
    FROM places
    GROUP BY ALL
),
ranked AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY document_id, department_code, action_id, year, funder, nature
            ORDER BY places DESC, amount_eur DESC, amount_id
        ) AS figure_rank
    FROM figures
)
SELECT
    document_id, department_code, action_id, year, funder, nature,
    max(amount_eur) FILTER (WHERE figure_rank = 1) AS amount_eur,
    max(amount_id) FILTER (WHERE figure_rank = 1) AS amount_id,
    sum(places) AS places,
    count(*) AS figures,
    bool_or(funder_ambiguous) AS funder_ambiguous,
    bool_or(nature_ambiguous) AS nature_ambiguous
FROM ranked
GROUP BY document_id, department_code, action_id, year, funder, nature
