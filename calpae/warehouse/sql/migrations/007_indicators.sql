-- 007_indicators: how each indicator value was read, and the comparison view.
ALTER TABLE indicator_values ADD COLUMN is_half_year BOOLEAN DEFAULT false;  -- "1er semestre 2022"
ALTER TABLE indicator_values ADD COLUMN indicator_confidence DOUBLE;         -- 0..1 of the code
ALTER TABLE indicator_values ADD COLUMN column_header VARCHAR;               -- the column's header
-- (its view now lives in ../marts/, recreated on every connect)
