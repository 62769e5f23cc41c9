-- 004_amounts: how each amount was read, and the analysts' funding view.
ALTER TABLE amounts ADD COLUMN is_total BOOLEAN DEFAULT false;        -- on a TOTAL / Sous total row
ALTER TABLE amounts ADD COLUMN is_lower_bound BOOLEAN DEFAULT false;  -- "> 300 000 €"
ALTER TABLE amounts ADD COLUMN source_kind VARCHAR;                   -- table, prose, statement
-- (its view now lives in ../marts/, recreated on every connect)
