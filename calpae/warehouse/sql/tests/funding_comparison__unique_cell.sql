-- funding_comparison: one row per département, year, funder and nature.
SELECT department_code, year, funder, nature, count(*) AS n
FROM funding_comparison
GROUP BY ALL
HAVING count(*) > 1
