"""Which way a table reads: by columns (its first row names what each column
holds, its rows are items) or by rows (its first column names what each row
holds: "Part État | 67 900 € | 35 000 €", "Montants | …", its first row names
the items). A table read by rows is turned a quarter before it is read, so
that every reader sees its headers on top. Each cell keeps its own page,
line and offsets: a turned table cites the same evidence.
"""

from __future__ import annotations

import re

from calpae.extract.lexicon import DATED_YEAR, matcher
from calpae.extract.text import fold
from calpae.schemas.ir import Block, Cell, Row

FUNDER_WORDS = matcher("funder")
PARTY_WORDS = matcher("party")
NATURE_WORDS = matcher("nature")
MONEY_WORDS = matcher("money_word")
TOTAL_WORDS = matcher("total_label")
YEAR_CELL = re.compile(rf"^\s*{DATED_YEAR}\s*$")
HEADER_CELL_WORDS = 8
TURNED_SHARE = 0.6  # of a first column's cells that name what their row holds


def names_a_field(text: str) -> bool:
    """Whether a short cell names what a row or column of figures holds: who
    pays, what kind of money, a money word, or a year."""
    folded = fold(text)
    if not folded or len(folded.split()) > HEADER_CELL_WORDS:
        return False
    return bool(
        YEAR_CELL.match(folded)
        or FUNDER_WORDS.search(folded)
        or PARTY_WORDS.search(folded)
        or NATURE_WORDS.search(folded)
        or MONEY_WORDS.search(folded)
    )


def reads_by_rows(table: Block) -> bool:
    """Whether a table's first column names its rows' fields and its first
    row names items (not fields): "Postes | Diagnostic | Total" over
    "Montants | 170 000 € | 170 000 €" and "Part Etat | 67 900 € | 67 900 €"."""
    if len(table.rows) < 2 or table.n_columns < 2:
        return False
    first_column = [row.cells[0].text for row in table.rows[1:] if row.cells and row.cells[0].text]
    first_row = [
        cell.text
        for cell in table.rows[0].cells[1:]
        if cell.text and not TOTAL_WORDS.match(fold(cell.text))  # "Total" is an item too
    ]
    if len(first_column) < 2 or not first_row:
        return False
    fields = sum(1 for text in first_column if names_a_field(text))
    items = sum(1 for text in first_row if not names_a_field(text))
    return (
        fields >= TURNED_SHARE * len(first_column)
        and items > len(first_row) / 2
        and holds_figures(table)
    )


def holds_figures(table: Block) -> bool:
    """Whether the cells right of the first column are mostly figures (not
    the texts of a "label | description" fiche)."""
    cells = [cell.text for row in table.rows[1:] for cell in row.cells[1:] if cell.text.strip()]
    figures = [text for text in cells if FIGURE.match(text)]
    return bool(cells) and len(figures) * 2 >= len(cells)


FIGURE = re.compile(r"^\W*[-−]?\s*\d[\d \u00a0\u202f.,]*\s*(?:k|m)?\s*(?:€|euros?|%)?\W*$", re.I)


def turned(table: Block) -> Block:
    """The table turned a quarter: column j becomes row j. A new row stands
    on the line (and page) of its first filled cell."""
    width = table.n_columns
    rows = []
    for j in range(width):
        cells = tuple(row.cells[j] if j < len(row.cells) else blank(row) for row in table.rows)
        anchor = next((row for row, cell in zip(table.rows, cells, strict=True) if cell.text), None)
        anchor = anchor or table.rows[0]
        rows.append(Row(cells, anchor.line, anchor.page))
    return Block(
        table.kind,
        table.page,
        table.line_start,
        table.line_end,
        table.char_start,
        table.char_end,
        rows=tuple(rows),
    )


def blank(row: Row) -> Cell:
    return Cell("", "", row.line, 0, 0)


def oriented(table: Block) -> Block:
    """The table with its headers on top: turned when it reads by rows."""
    return turned(table) if reads_by_rows(table) else table
