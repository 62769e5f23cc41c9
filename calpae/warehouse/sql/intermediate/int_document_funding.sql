-- reads: int_document_items, int_document_totals
-- Each document's figure per département, year, funder and nature: the
-- convention-level total it states (basis stated_total), else the sum of its
-- items (basis sum_of_items), with both shown and their gap.
SELECT
    coalesce(t.document_id, i.document_id) AS document_id,
    coalesce(t.department_code, i.department_code) AS department_code,
    coalesce(t.year, i.year) AS year,
    coalesce(t.funder, i.funder) AS funder,
    coalesce(t.nature, i.nature) AS nature,
    CAST(coalesce(t.stated_total_eur, i.items_sum_eur) AS DECIMAL(14, 2)) AS amount_eur,
    CASE WHEN t.stated_total_eur IS NOT NULL THEN 'stated_total' ELSE 'sum_of_items' END AS basis,
    t.stated_total_eur,
    CAST(i.items_sum_eur AS DECIMAL(14, 2)) AS items_sum_eur,
    CAST(t.stated_total_eur - i.items_sum_eur AS DECIMAL(14, 2)) AS gap_eur,
    t.amount_id,
    coalesce(t.stated_figures, 0) AS stated_figures,
    t.stated_values,
    coalesce(i.items, 0) AS items,
    coalesce(t.funder_ambiguous, false) OR coalesce(i.funder_ambiguous, false) AS funder_ambiguous,
    coalesce(t.nature_ambiguous, false) OR coalesce(i.nature_ambiguous, false) AS nature_ambiguous
FROM int_document_totals t
FULL OUTER JOIN int_document_items i
    ON t.document_id = i.document_id
    AND t.department_code IS NOT DISTINCT FROM i.department_code
    AND t.year IS NOT DISTINCT FROM i.year
    AND t.funder = i.funder
    AND t.nature = i.nature
