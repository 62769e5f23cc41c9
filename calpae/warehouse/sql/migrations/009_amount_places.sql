-- 009_amount_places: where an amount was read, and a funding view that counts
-- each action's money once however often the document restates it.
ALTER TABLE amounts ADD COLUMN table_page INTEGER;    -- page and line of its table's first row;
ALTER TABLE amounts ADD COLUMN table_line INTEGER;    -- NULL in a sentence
ALTER TABLE amounts ADD COLUMN table_column INTEGER;  -- its column in that table (0 = first)
-- (its view now lives in ../marts/, recreated on every connect)
