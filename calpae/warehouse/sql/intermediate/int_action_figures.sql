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
)
SELECT
    document_id, department_code, action_id, year, funder, nature,
    arg_max(amount_eur, places * 1e15 + amount_eur) AS amount_eur,
    arg_max(amount_id, places * 1e15 + amount_eur) AS amount_id,
    sum(places) AS places,
    count(*) AS figures,
    bool_or(funder_ambiguous) AS funder_ambiguous,
    bool_or(nature_ambiguous) AS nature_ambiguous
FROM figures
GROUP BY document_id, department_code, action_id, year, funder, nature
