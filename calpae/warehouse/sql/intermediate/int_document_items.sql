-- reads: int_action_figures, int_unlinked_items
-- What each document's items add up to, per département, year, funder and
-- nature: every action's figure once, plus the money no action claims.
WITH items AS (
    SELECT document_id, department_code, year, funder, nature, amount_eur,
           funder_ambiguous, nature_ambiguous
    FROM int_action_figures
    UNION ALL
    SELECT document_id, department_code, year, funder, nature, amount_eur,
           funder_ambiguous, nature_ambiguous
    FROM int_unlinked_items
)
SELECT
    document_id, department_code, year, funder, nature,
    sum(amount_eur) AS items_sum_eur,
    count(*) AS items,
    bool_or(funder_ambiguous) AS funder_ambiguous,
    bool_or(nature_ambiguous) AS nature_ambiguous
FROM items
GROUP BY ALL
