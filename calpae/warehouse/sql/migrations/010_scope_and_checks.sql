-- 010_scope_and_checks: what an amount covers, what could not be told, and
-- data-quality checks with typed figures.
ALTER TABLE amounts ADD COLUMN scope VARCHAR;                            -- action, section, convention, other
ALTER TABLE amounts ADD COLUMN funder_ambiguous BOOLEAN DEFAULT false;   -- the document does not say who pays
ALTER TABLE amounts ADD COLUMN nature_ambiguous BOOLEAN DEFAULT false;   -- nor whether planned or spent
ALTER TABLE amounts ADD COLUMN includes_report BOOLEAN DEFAULT false;    -- a total adding carried-over credits

-- The checks made at extraction. The public relation ``data_quality`` is a
-- view (marts/data_quality.sql): these rows plus the checks of the marts.
ALTER TABLE data_quality RENAME TO extraction_checks;
ALTER TABLE extraction_checks ADD COLUMN stated_eur DECIMAL(14, 2);    -- a figure the document states
ALTER TABLE extraction_checks ADD COLUMN computed_eur DECIMAL(14, 2);  -- what its parts add up to
ALTER TABLE extraction_checks ADD COLUMN gap_eur DECIMAL(14, 2);       -- stated - computed
ALTER TABLE extraction_checks ADD COLUMN relation VARCHAR;             -- the relation of the fact concerned
ALTER TABLE extraction_checks ADD COLUMN fact_id VARCHAR;              -- its id there
