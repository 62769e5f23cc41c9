-- indicator_comparison: each row's evidence is an indicator value.
SELECT c.indicator_value_id
FROM indicator_comparison c
LEFT JOIN indicator_values v USING (indicator_value_id)
WHERE v.indicator_value_id IS NULL OR v.indicator_code IS DISTINCT FROM c.indicator_code
