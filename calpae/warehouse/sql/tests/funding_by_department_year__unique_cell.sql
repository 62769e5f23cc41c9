-- funding_by_department_year: one figure per document, département, year, funder and nature.
SELECT document_id, department_code, year, funder, nature, count(*) AS n
FROM funding_by_department_year
GROUP BY ALL
HAVING count(*) > 1
