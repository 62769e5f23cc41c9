-- reads: int_funding_sources
-- The evaluators' table: one row per département, year, funder (etat,
-- departement, total) and nature (prevu, execute, report). The figure is the
-- convention-level total a document states (basis stated_total), else the
-- sum of a complete set of leaf items, the rows of one table column listing
-- the actions (basis sum_of_items). A cell the documents do not support has
-- no figure (amount_eur NULL) and its basis says why: out_of_period,
-- partial_items, ambiguous_column. A written total shows beside it what its
-- leaf items add up to, and their gap. The cell comes from one document (see
-- int_funding_sources: one giving a figure first, an execution report for
-- executed money, a later plan superseding an earlier one); the other
-- documents stating the same cell are listed as superseded.
WITH names AS (
    SELECT department_code, min(department_name) AS department_name
    FROM document_departments
    GROUP BY department_code
),
superseded AS (
    SELECT department_code, year, funder, nature,
           list(document_id ORDER BY source_rank) AS superseded_document_ids
    FROM int_funding_sources
    WHERE source_rank > 1
    GROUP BY ALL
)
SELECT
    s.department_code,
    n.department_name,
    s.year,
    s.funder,
    s.nature,
    s.amount_eur,
    s.basis,
    s.stated_total_eur,
    s.items_sum_eur,
    s.gap_eur,
    s.document_id,
    s.amount_id,
    coalesce(x.superseded_document_ids, []::VARCHAR[]) AS superseded_document_ids,
    list_filter([
        CASE WHEN abs(s.gap_eur) >= 1 THEN 'stated_total_vs_items' END,
        CASE WHEN s.stated_figures > 1 THEN 'stated_totals_differ' END,
        CASE WHEN s.funder_ambiguous THEN 'funder_ambiguous' END,
        CASE WHEN s.nature_ambiguous THEN 'nature_ambiguous' END
    ], lambda f: f IS NOT NULL) AS quality_flags,
    s.doc_type,
    s.written_on
FROM int_funding_sources s
LEFT JOIN names n USING (department_code)
LEFT JOIN superseded x USING (department_code, year, funder, nature)
WHERE s.source_rank = 1
