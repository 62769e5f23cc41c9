-- funding_comparison: the figure is the stated total (basis stated_total) or
-- the items' sum (basis sum_of_items), and the gap is their difference; a
-- cell without a figure says why (its basis) and shows no sum.
SELECT *
FROM funding_comparison
WHERE basis NOT IN ('stated_total', 'sum_of_items', 'sum_of_funders', 'out_of_period', 'partial_items',
                    'ambiguous_column', 'not_programme_money')
   OR funder NOT IN ('etat', 'departement', 'total')
   OR nature NOT IN ('prevu', 'execute', 'report')
   OR (basis = 'stated_total' AND amount_eur IS DISTINCT FROM stated_total_eur)
   OR (basis = 'sum_of_items' AND (amount_eur IS DISTINCT FROM items_sum_eur
                                   OR stated_total_eur IS NOT NULL))
   OR (basis = 'sum_of_funders' AND (funder <> 'total' OR amount_eur IS NULL
                                     OR stated_total_eur IS NOT NULL OR items_sum_eur IS NOT NULL))
   OR (basis NOT IN ('stated_total', 'sum_of_items', 'sum_of_funders')
       AND (amount_eur IS NOT NULL OR items_sum_eur IS NOT NULL OR stated_total_eur IS NOT NULL))
   OR gap_eur IS DISTINCT FROM stated_total_eur - items_sum_eur
   OR ('stated_total_vs_items' IN quality_flags) <> coalesce(abs(gap_eur) >= 1, false)
