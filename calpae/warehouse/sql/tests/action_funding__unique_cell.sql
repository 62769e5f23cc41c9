-- action_funding: one row per département, year, measure (or own action) and funder.
SELECT department_code, year, action_key, funder, count(*) AS n
FROM action_funding
GROUP BY ALL
HAVING count(*) > 1
