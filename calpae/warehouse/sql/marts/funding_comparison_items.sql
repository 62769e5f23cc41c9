-- reads: int_action_figures, int_funding_sources, int_unlinked_items
-- The items behind each figure of funding_comparison that is a sum of items
-- (basis sum_of_items), from the cell's document: every action's figure once
-- (its ref and title) and the money no action claims (its row label), each
-- with the amount it rests on. A cell's rows add up to its amount_eur.
WITH items AS (
    SELECT
        f.document_id, f.department_code, f.year, f.funder, f.nature,
        f.amount_eur, f.amount_id, a.action_ref, a.title AS action_title, NULL AS label
    FROM int_action_figures f
    LEFT JOIN actions a USING (action_id)
    UNION ALL
    SELECT
        u.document_id, u.department_code, u.year, u.funder, u.nature,
        u.amount_eur, u.amount_id, NULL, NULL, m.label
    FROM int_unlinked_items u
    LEFT JOIN amounts m USING (amount_id)
)
SELECT
    c.department_code,
    c.year,
    c.funder,
    c.nature,
    i.action_ref,
    i.action_title,
    i.label,
    CAST(i.amount_eur AS DECIMAL(14, 2)) AS amount_eur,
    i.amount_id,
    c.document_id
FROM int_funding_sources c
JOIN items i USING (document_id, department_code, year, funder, nature)
WHERE c.source_rank = 1 AND c.basis = 'sum_of_items'
