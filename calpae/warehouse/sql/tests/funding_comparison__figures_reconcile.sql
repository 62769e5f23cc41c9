-- funding_comparison: the figure is the stated total (basis stated_total) or
-- the items' sum (basis sum_of_items), and the gap is their difference.
SELECT *
FROM funding_comparison
WHERE basis NOT IN ('stated_total', 'sum_of_items')
   OR funder NOT IN ('etat', 'departement', 'total')
   OR nature NOT IN ('prevu', 'execute', 'report')
   OR (basis = 'stated_total' AND amount_eur IS DISTINCT FROM stated_total_eur)
   OR (basis = 'sum_of_items' AND (amount_eur IS DISTINCT FROM items_sum_eur
                                   OR stated_total_eur IS NOT NULL))
   OR gap_eur IS DISTINCT FROM stated_total_eur - items_sum_eur
   OR ('stated_total_vs_items' IN quality_flags) <> coalesce(abs(gap_eur) >= 1, false)
