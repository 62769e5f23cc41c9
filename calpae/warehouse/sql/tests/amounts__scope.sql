-- amounts: every amount has a scope of the contract; a convention figure is a total.
SELECT amount_id, scope, is_total
FROM amounts
WHERE scope IS NULL
   OR scope NOT IN ('action', 'section', 'convention', 'other')
   OR (scope = 'convention' AND NOT is_total)
   OR (scope = 'other' AND nature <> 'other')
