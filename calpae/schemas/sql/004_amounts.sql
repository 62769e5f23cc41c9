-- 004_amounts: how each amount was read, and the analysts' funding view.
ALTER TABLE amounts ADD COLUMN is_total BOOLEAN DEFAULT false;        -- on a TOTAL / Sous total row
ALTER TABLE amounts ADD COLUMN is_lower_bound BOOLEAN DEFAULT false;  -- "> 300 000 €"
ALTER TABLE amounts ADD COLUMN source_kind VARCHAR;                   -- table, prose, statement

-- Planned and spent money per département, year, funder and nature, per
-- document. Built from non-total rows only, so that a table's TOTAL row is
-- never added to the rows it sums up. An amount restated inside one document
-- (an annex row, its synthesis row, its fiche) is counted once: restatements
-- are the same (label's action ref or label, year, funder, nature, value).
-- Documents are kept apart: a convention and its avenant both plan 2020.
CREATE VIEW funding_by_department_year AS
WITH distinct_amounts AS (
    SELECT DISTINCT
        a.document_id,
        a.department_code,
        a.year,
        a.funder,
        a.nature,
        a.amount_eur,
        coalesce(
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
