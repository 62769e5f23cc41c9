-- reads: int_table_leaves, stg_documents
-- Each table column's leaves per cell (département, year, funder, nature),
-- and whether they are a complete set of the département's money for the
-- cell: the rows of one table that lists several actions (a synthesis or an
-- annex of the convention, not one action's budget broken down by expense:
-- rows of two actions or more, or, where no row names a known action, two
-- rows or more),
-- and, for executed money, a table of an execution report (a plan or a
-- deliberation quoting past spending of a few actions reports no year's
-- execution). The best column of a document for a cell is the complete one
-- adding up to the most (a synthesis covers the axis tables it restates),
-- then the one with the most rows, then the first in the document.
WITH columns AS (
    SELECT
        document_id, department_code, year, funder, nature,
        place_page, place_line, place_column,
        sum(amount_eur) AS items_sum_eur,
        count(*) AS items,
        count(DISTINCT action_id) AS actions,
        count(DISTINCT row_line) AS rows,
        list(source_line ORDER BY source_line) AS item_lines
    FROM int_table_leaves
    GROUP BY ALL
),
judged AS (
    SELECT
        c.*,
        (c.actions >= 2 OR (c.actions = 0 AND c.rows >= 2))
            AND (c.nature <> 'execute' OR d.doc_type = 'rapport_execution') AS complete
    FROM columns c
    JOIN stg_documents d USING (document_id)
)
SELECT
    *,
    row_number() OVER (
        PARTITION BY document_id, department_code, year, funder, nature
        ORDER BY complete DESC, items_sum_eur DESC, items DESC,
                 place_page, place_line, place_column
    ) AS column_rank
FROM judged
