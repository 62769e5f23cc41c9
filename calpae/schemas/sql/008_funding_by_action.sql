-- 008_funding_by_action: funding_by_department_year counts a restatement once
-- by the action an amount belongs to (annex row, synthesis row and fiche
-- sentence of one action), else, as before, by the ref its label opens with.
CREATE OR REPLACE VIEW funding_by_department_year AS
WITH distinct_amounts AS (
    SELECT DISTINCT
        a.document_id,
        a.department_code,
        a.year,
        a.funder,
        a.nature,
        a.amount_eur,
        coalesce(
            a.action_id,
            nullif(regexp_extract(a.label, '(?i)(?:action|fiche)\s*(?:n°\s*)?([0-9]+(?:[.-][0-9]+)*)', 1), ''),
            a.label
        ) AS item
    FROM amounts a
    WHERE NOT a.is_total
)
SELECT
    d.document_id,
    d.doc_type,
    x.department_code,
    x.year,
    x.funder,
    x.nature,
    sum(x.amount_eur) AS total_eur,
    count(*) AS amounts
FROM distinct_amounts x
JOIN documents d USING (document_id)
GROUP BY ALL;
