-- action_funding: the execution rate is executed / planned, and every
-- document behind a figure exists.
SELECT department_code, year, action_key, funder, 'rate' AS problem
FROM action_funding
WHERE execution_rate IS DISTINCT FROM
      CASE WHEN planned_eur > 0 AND executed_eur IS NOT NULL
           THEN round(CAST(executed_eur AS DOUBLE) / CAST(planned_eur AS DOUBLE), 4) END
UNION ALL
SELECT department_code, year, action_key, funder, 'document'
FROM action_funding, unnest(document_ids) AS s(document_id)
WHERE s.document_id NOT IN (SELECT document_id FROM documents)
