-- 017_attribution: why an amount has its funder, year and nature (the rules
-- that decided and the words they read, as JSON), and the span of years a
-- figure covers when it names no single year ("par an de 2019 à 2021",
-- "sur trois ans": year NULL, year_start 2019, year_end 2021).
ALTER TABLE amounts ADD COLUMN year_start INTEGER;
ALTER TABLE amounts ADD COLUMN year_end INTEGER;
ALTER TABLE amounts ADD COLUMN attribution VARCHAR;
