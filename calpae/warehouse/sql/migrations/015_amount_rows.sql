-- 015_amount_rows: the table row an amount stands in. A PDF places the cells
-- of one row on different lines (a wrapped label, a figure centred in its
-- cell): `source_line` is the line of the evidence, this is the row's first.
ALTER TABLE amounts ADD COLUMN table_row_line INTEGER;  -- NULL in a sentence
