-- funding_comparison_items: the items of each sum of items add up to its
-- figure, and only a sum of items has items.
WITH sums AS (
    SELECT department_code, year, funder, nature, document_id, sum(amount_eur) AS items_eur
    FROM funding_comparison_items
    GROUP BY ALL
)
SELECT c.department_code, c.year, c.funder, c.nature, c.basis, c.amount_eur, s.items_eur
FROM funding_comparison c
FULL OUTER JOIN sums s USING (department_code, year, funder, nature)
WHERE (c.basis = 'sum_of_items') IS DISTINCT FROM (s.items_eur IS NOT NULL)
   OR (c.basis = 'sum_of_items' AND (c.amount_eur IS DISTINCT FROM s.items_eur
                                     OR c.document_id IS DISTINCT FROM s.document_id))
