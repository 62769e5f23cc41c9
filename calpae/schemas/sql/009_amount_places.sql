-- 009_amount_places: where an amount was read, and a funding view that counts
-- each action's money once however often the document restates it.
ALTER TABLE amounts ADD COLUMN table_page INTEGER;    -- page and line of its table's first row;
ALTER TABLE amounts ADD COLUMN table_line INTEGER;    -- NULL in a sentence
ALTER TABLE amounts ADD COLUMN table_column INTEGER;  -- its column in that table (0 = first)

-- Planned and spent money per département, year, funder and nature, per
-- document, from non-total rows only. A document states an action's money
-- several times (an annex row, a synthesis row, its fiche's budget table,
-- broken down by expense, and its sentences): for an amount linked to an
-- action, each place it is stated (a column of a table, or a line of text)
-- gives the action's figure as the sum of what it states there, and the
-- action counts, once, the figure most places give (the largest of equals:
-- a column of pre-notified credits beside the contracted part does not
-- outvote the synthesis, the annex and the fiche). Amounts linked to no action count once
-- per (ref or label, value), as before. Documents are kept apart.
CREATE OR REPLACE VIEW funding_by_department_year AS
WITH stated AS (
    SELECT
        a.document_id,
        a.department_code,
        a.year,
        a.funder,
        a.nature,
        a.action_id,
        coalesce(a.table_page, a.page) AS place_page,
        coalesce(a.table_line, a.source_line) AS place_line,
        a.table_column,
        sum(a.amount_eur) AS amount_eur
    FROM amounts a
    WHERE NOT a.is_total AND a.action_id IS NOT NULL
    GROUP BY ALL
),
figures AS (
    SELECT document_id, department_code, year, funder, nature, action_id, amount_eur,
           count(*) AS places
    FROM stated
    GROUP BY ALL
),
per_action AS (
    SELECT document_id, department_code, year, funder, nature,
           arg_max(amount_eur, places * 1e15 + amount_eur) AS amount_eur
    FROM figures
    GROUP BY document_id, department_code, year, funder, nature, action_id
),
unlinked AS (
    SELECT DISTINCT
        a.document_id,
        a.department_code,
        a.year,
        a.funder,
        a.nature,
        a.amount_eur,
        coalesce(
            nullif(regexp_extract(a.label, '(?i)(?:action|fiche)\s*(?:n°\s*)?([0-9]+(?:[.-][0-9]+)*)', 1), ''),
            a.label
        ) AS item
    FROM amounts a
    WHERE NOT a.is_total AND a.action_id IS NULL
),
counted AS (
    SELECT document_id, department_code, year, funder, nature, amount_eur FROM per_action
    UNION ALL
    SELECT document_id, department_code, year, funder, nature, amount_eur FROM unlinked
)
SELECT
    d.document_id,
    d.doc_type,
    x.department_code,
    x.year,
    x.funder,
    x.nature,
    sum(x.amount_eur) AS total_eur,
    count(*) AS amounts
FROM counted x
JOIN documents d USING (document_id)
GROUP BY ALL;

-- The timeline counts an action's money the same way: the figure most places
-- of the document state for it.
CREATE OR REPLACE VIEW action_timeline AS
WITH stated AS (
    SELECT action_id, year, funder, nature, coalesce(table_page, page) AS place_page,
           coalesce(table_line, source_line) AS place_line, table_column,
           sum(amount_eur) AS amount_eur
    FROM amounts
    WHERE action_id IS NOT NULL AND NOT is_total
    GROUP BY ALL
),
figures AS (
    SELECT action_id, year, funder, nature, amount_eur, count(*) AS places
    FROM stated
    GROUP BY ALL
),
linked AS (
    SELECT action_id, year, funder, nature,
           arg_max(amount_eur, places * 1e15 + amount_eur) AS amount_eur
    FROM figures
    GROUP BY action_id, year, funder, nature
)
SELECT
    a.department_code,
    coalesce(a.measure_code, lower(strip_accents(trim(a.title)))) AS action_key,
    a.measure_code,
    a.action_ref,
    a.title,
    a.section,
    d.doc_type,
    d.document_id,
    d.source_file,
    d.period_start,
    d.period_end,
    m.year,
    m.funder,
    sum(m.amount_eur) FILTER (WHERE m.nature = 'prevu') AS prevu_eur,
    sum(m.amount_eur) FILTER (WHERE m.nature = 'execute') AS execute_eur,
    a.action_id
FROM actions a
JOIN documents d USING (document_id)
LEFT JOIN linked m USING (action_id)
GROUP BY ALL;
