"""Table logic shared by every reader.

A table that runs over a page break comes out of a reader as one piece per
page. ``join_continued_tables`` makes it one table again: when a page ends
with a table and the next page starts with a table of the same number of
columns, the second piece is appended to the first (over as many pages as
the table runs). A row the page break cut (the rest of its cells going on in
lower case) is joined back. A repeated header row
(the continuation's first row equal to the table's first row) is dropped.
The joined table stays on the page where it starts; each row keeps its own
page and line.
"""

from __future__ import annotations

from dataclasses import replace

from calpae.schemas.ir import Block, Page, Row


def join_continued_tables(pages: list[Page]) -> list[Page]:
    result: list[Page] = []
    host: int | None = None  # the page holding the table the pages so far end with
    for page in pages:
        blocks = list(page.blocks)
        if host is not None and blocks and _continues(result[host], blocks[0]):
            previous = result[host]
            joined = _append_rows(previous.blocks[-1], blocks.pop(0))
            result[host] = replace(previous, blocks=previous.blocks[:-1] + (joined,))
            if blocks:  # the table ends on this page
                host = None
        if blocks:
            host = len(result) if blocks[-1].kind == "table" else None
        result.append(replace(page, blocks=tuple(blocks)))
    return result


def _continues(previous_page: Page, first_block: Block) -> bool:
    if not previous_page.blocks or first_block.kind != "table":
        return False
    last_block = previous_page.blocks[-1]
    return last_block.kind == "table" and last_block.n_columns == first_block.n_columns


def _append_rows(table: Block, continuation: Block) -> Block:
    rows: tuple[Row, ...] = continuation.rows
    if rows and table.rows and rows[0].texts == table.rows[0].texts:
        rows = rows[1:]
    kept = table.rows
    if rows and kept and goes_on(kept[-1], rows[0]):
        kept, rows = kept[:-1] + (merge_rows(kept[-1], rows[0]),), rows[1:]
    return replace(
        table,
        rows=kept + rows,
        line_end=continuation.line_end,
        char_end=continuation.char_end,
    )


def goes_on(last: Row, first: Row) -> bool:
    """Whether a continuation's first row is the rest of the row a page break
    cut: its label (first cell) is empty or goes on in lower case, most of
    its filled cells go on in lower case, and none stands under an empty
    cell."""
    pairs = [(a.text, b.text) for a, b in zip(last.cells, first.cells, strict=False) if b.text]
    if not pairs or any(not a for a, _ in pairs):
        return False
    label = first.cells[0].text if first.cells else ""
    if label and not label[:1].islower():
        return False
    going_on = sum(1 for _, b in pairs if b[:1].islower())
    return 2 * going_on > len(pairs)


def merge_rows(last: Row, first: Row) -> Row:
    cells = tuple(
        a if not b.text else replace(a, text=f"{a.text} {b.text}", raw=f"{a.raw} {b.raw}")
        for a, b in zip(last.cells, first.cells, strict=False)
    ) + last.cells[len(first.cells):]
    return replace(last, cells=cells)
