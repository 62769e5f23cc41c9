-- action_funding_items: the items of each cell and nature add up to the
-- mart's figure, and every figure of the mart has its items.
WITH sums AS (
    SELECT department_code, year, funder, action_key,
           sum(amount_eur) FILTER (WHERE nature = 'prevu') AS planned_eur,
           sum(amount_eur) FILTER (WHERE nature = 'execute') AS executed_eur,
           sum(amount_eur) FILTER (WHERE nature = 'report') AS carried_over_eur
    FROM action_funding_items
    GROUP BY ALL
)
SELECT f.department_code, f.year, f.funder, f.action_key
FROM action_funding f
FULL OUTER JOIN sums s USING (department_code, year, funder, action_key)
WHERE f.planned_eur IS DISTINCT FROM s.planned_eur
   OR f.executed_eur IS DISTINCT FROM s.executed_eur
   OR f.carried_over_eur IS DISTINCT FROM s.carried_over_eur
