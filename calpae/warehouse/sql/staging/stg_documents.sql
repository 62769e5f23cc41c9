-- reads: none
-- Documents read whole (status ok) whose file is still in its folder (not
-- withdrawn), with the date they were written: the
-- latest date of signature, deliberation, transmission, publication or
-- posting they state, else the first of January after their period. A later
-- document's plan supersedes an earlier one's for the same year.
SELECT
    d.document_id,
    d.source_file,
    d.doc_type,
    d.title,
    d.period_start,
    d.period_end,
    coalesce(w.written_on, make_date(coalesce(d.period_end, d.period_start, 1900) + 1, 1, 1))
        AS written_on
FROM documents d
LEFT JOIN (
    SELECT document_id, max(date) AS written_on
    FROM document_dates
    WHERE kind IN ('signature', 'deliberation', 'transmission', 'publication', 'affichage')
    GROUP BY document_id
) w USING (document_id)
WHERE d.status = 'ok' AND d.withdrawn_at IS NULL
