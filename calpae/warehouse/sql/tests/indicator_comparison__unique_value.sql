-- indicator_comparison: a value restated counts once; two values for one
-- cell are two rows, both flagged.
SELECT department_code, indicator_code, year, is_target, is_half_year, value_num, unit,
       count(*) AS n
FROM indicator_comparison
GROUP BY ALL
HAVING count(*) > 1
UNION ALL
SELECT department_code, indicator_code, year, is_target, is_half_year, NULL, NULL, count(*)
FROM indicator_comparison
GROUP BY ALL
HAVING count(*) > 1 AND NOT bool_and(is_conflict)
