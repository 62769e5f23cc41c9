-- reads: stg_amounts
-- What each amount is in the money it belongs to, so that a sum counts money
-- once: a leaf item, a sub-total (a section's total: "Sous total", "TOTAL A",
-- "1." over 1.1-1.3) or a total (the convention's), and, when the document
-- states the same money again (the same action or the convention's cell, year,
-- funder, nature and value in a synthesis, an axis table and an action block),
-- the first statement it restates (NULL for the first one).
WITH placed AS (
    SELECT
        amount_id,
        document_id,
        CASE
            WHEN is_total AND scope = 'convention' THEN 'total'
            WHEN is_total THEN 'subtotal'
            WHEN scope = 'convention' THEN 'total'
            ELSE 'item'
        END AS row_kind,
        first_value(amount_id) OVER (
            PARTITION BY document_id, department_code, coalesce(action_id, scope), year,
                         funder, nature, amount_eur, is_total
            ORDER BY place_page, place_line, source_line, char_start, amount_id
        ) AS first_amount_id,
        count(*) OVER (
            PARTITION BY document_id, department_code, coalesce(action_id, scope), year,
                         funder, nature, amount_eur, is_total
        ) AS statements,
        action_id IS NOT NULL OR scope = 'convention' AS comparable
    FROM stg_amounts
)
SELECT
    amount_id,
    document_id,
    row_kind,
    CASE WHEN comparable AND first_amount_id <> amount_id THEN first_amount_id END
        AS restates_amount_id,
    CASE WHEN comparable THEN statements ELSE 1 END AS statements
FROM placed
