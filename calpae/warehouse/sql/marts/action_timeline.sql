-- reads: int_action_figures, stg_documents
-- One département's actions across its documents (convention, avenants,
-- reports), lined up by national measure or, for a département's own
-- initiative, by its normalised title; with each action's planned and
-- executed figure per year and funder (int_action_figures), side by side.
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
JOIN stg_documents d USING (document_id)
LEFT JOIN int_action_figures m USING (action_id)
GROUP BY ALL
