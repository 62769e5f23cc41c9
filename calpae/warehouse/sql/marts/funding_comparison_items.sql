-- reads: int_funding_sources, int_table_leaves
-- The items behind each figure of funding_comparison that is a sum of items
-- (basis sum_of_items): the leaf rows of the one table column the figure
-- adds up, each with its action (ref and title) or its row label and the
-- amount it rests on. A cell's rows add up to its amount_eur.
SELECT
    c.department_code,
    c.year,
    c.funder,
    c.nature,
    a.action_ref,
    a.title AS action_title,
    CASE WHEN l.action_id IS NULL THEN m.label END AS label,
    CAST(l.amount_eur AS DECIMAL(14, 2)) AS amount_eur,
    l.amount_id,
    c.document_id
FROM int_funding_sources c
JOIN int_table_leaves l
    ON l.document_id = c.document_id
    AND l.department_code = c.department_code
    AND l.year = c.year
    AND l.funder = c.funder
    AND l.nature = c.nature
    AND [l.place_page, l.place_line, l.place_column] = c.items_column
LEFT JOIN actions a ON a.action_id = l.action_id
LEFT JOIN amounts m ON m.amount_id = l.amount_id
WHERE c.source_rank = 1 AND c.basis = 'sum_of_items'
