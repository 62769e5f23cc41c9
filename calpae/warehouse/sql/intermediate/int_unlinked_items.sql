-- reads: stg_amounts
-- An action's money that no action of the document claims (a row naming no
-- known action): counted once per (ref or label, value) in its document.
SELECT
    document_id, department_code, year, funder, nature, amount_eur,
    coalesce(
        nullif(regexp_extract(label, '(?i)(?:action|fiche)\s*(?:n°\s*)?([0-9]+(?:[.-][0-9]+)*)', 1), ''),
        label
    ) AS item,
    min(amount_id) AS amount_id,
    bool_or(funder_ambiguous) AS funder_ambiguous,
    bool_or(nature_ambiguous) AS nature_ambiguous
FROM stg_amounts
WHERE scope = 'action' AND action_id IS NULL AND NOT is_total AND NOT includes_report
GROUP BY ALL
