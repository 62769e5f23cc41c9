-- 006_action_timeline: one département's actions across its documents
-- (convention → avenants → reports), lined up by national measure or, for a
-- département's own initiative, by its normalised title; with the planned
-- and executed amounts linked to each action, per year and funder, side by
-- side. An amount restated for the same action (annex row and synthesis row)
-- counts once; total rows never count.
CREATE VIEW action_timeline AS
WITH linked AS (
    SELECT DISTINCT action_id, year, funder, nature, amount_eur
    FROM amounts
    WHERE action_id IS NOT NULL AND NOT is_total
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
