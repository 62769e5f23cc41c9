-- reads: stg_amounts
-- The convention-level figure each document states, per département, year,
-- funder and nature: a grand total row, a total under it ("Total hors
-- report"), the State's announced support. A figure restated in several
-- places counts once; when a document states two different figures for the
-- same cell, a figure its own words call initial ("la convention initiale …
-- porte sur", "pour un montant initial de") gives way to the others; then
-- the one most places state is kept, then the one stated last (a document
-- restating a figure updates it); the cell is flagged.
WITH figures AS (
    SELECT
        document_id, department_code, year, funder, nature, amount_eur,
        count(*) AS places,
        max([place_page, place_line, source_line, char_start]) AS last_place,
        bool_or(regexp_matches(lower(strip_accents(coalesce(label, ''))), '\binitia(l|le|les|ux)\b'))
            AS initial,
        arg_min(amount_id, [place_page, place_line, source_line]) AS amount_id,
        bool_or(funder_ambiguous) AS funder_ambiguous,
        bool_or(nature_ambiguous) AS nature_ambiguous
    FROM stg_amounts
    WHERE scope = 'convention' AND NOT includes_report
    GROUP BY ALL
)
SELECT
    document_id, department_code, year, funder, nature,
    arg_max(amount_eur, [(NOT initial)::INTEGER, places, last_place[1], last_place[2], last_place[3], last_place[4]]) AS stated_total_eur,
    arg_max(amount_id, [(NOT initial)::INTEGER, places, last_place[1], last_place[2], last_place[3], last_place[4]]) AS amount_id,
    count(*) AS stated_figures,
    list(amount_eur ORDER BY amount_eur) AS stated_values,
    bool_or(funder_ambiguous) AS funder_ambiguous,
    bool_or(nature_ambiguous) AS nature_ambiguous
FROM figures
GROUP BY document_id, department_code, year, funder, nature
