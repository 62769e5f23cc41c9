-- data_quality: a check pointing at a fact points at one that exists, and
-- its figures add up.
SELECT q.check_name, q.fact_id
FROM data_quality q
WHERE q.fact_id IS NOT NULL
  AND NOT (
      (q.relation = 'amounts' AND q.fact_id IN (SELECT amount_id FROM amounts))
      OR (q.relation = 'indicator_values'
          AND q.fact_id IN (SELECT indicator_value_id FROM indicator_values))
  )
UNION ALL
SELECT q.check_name, q.fact_id
FROM data_quality q
WHERE q.gap_eur IS DISTINCT FROM q.stated_eur - q.computed_eur
  AND q.gap_eur IS NOT NULL
