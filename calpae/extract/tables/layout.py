"""The layout of a table, for every reader of tables (amounts, indicators):
what kind of table it is, which rows are its header, how header cells stack
and span, what a cell's figure is, how far a row's cells stand from their
columns.

- **kind**: ``money`` when most of its figures say € (a budget broken down by
  expense), ``indicator`` when its header names results, situations or
  targets, or only years over rows that count ("Nombre de …", "Taux …"), and
  not money; else ``other`` (the amount reader reads it by its columns).
- **header rows** of an indicator table: the first row and the short rows
  after it that name years or results, until a row holds a value (the amount
  reader stops at the first amount instead);
- **continuation**: a table without a header of its own, no wider than the
  table above (as wide, for indicators), may be its piece cut by a page
  break (each reader says whether the table above is one it reads);
- **shifted rows**: a row whose last value stands past the last headed
  column is read from the right; a short row whose label stands before the
  label column lost cells on its left;
- **stacked headers**: each column's header cells, top to bottom; an empty
  header cell whose column has content in the row below belongs to the
  spanning cell on its left;
- **cell values**: a figure with its unit (percent, days, eur, count…); "nc",
  "ND", "/" and words hold none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from calpae.extract.amounts.terms import year_of
from calpae.extract.lexicon import DATED_YEAR, matcher
from calpae.extract.numbers import DECIMAL_NUMBER, to_decimal
from calpae.extract.text import fold
from calpae.schemas.ir import Block, Cell, Row

TableKind = Literal["money", "indicator", "other"]

MONEY_HEADER = matcher("money_word")
YEAR_ONLY = re.compile(  # a year or a date (or a piece of one) in a header cell
    rf"\s*(?:{DATED_YEAR}|(?:au\s*)?\d{{1,2}}[-/]\s?\d{{1,2}}[-/]\s?(?:{DATED_YEAR}|\d\d)?"
    rf"|\d{{1,2}}[-/]{DATED_YEAR})\s*"
)
YEAR_FIRST = re.compile(rf"^\s*{DATED_YEAR}\b(?!\s?\d)")
YEAR_ROW = re.compile(rf"{DATED_YEAR}.*{DATED_YEAR}")
COUNT_LABEL = matcher("count_label")
HEADER_WORDS = re.compile(r"resultat|situation|objectif|cible|attendu|indicateur|realise")
HEADER_CELL_WORDS = 10
FIRST_HEADER_CELL_WORDS = 25
NO_VALUE = re.compile(
    r"^(?:nc|n\.c\.?|nd|n\.d\.?|n/d|/|-|–|non (?:disponible|concerne)|donnees? non disponibles?|"
    r"sans objet|so)$"
)
DATE_PREFIX = re.compile(
    r"^(?:au|situation au|donnees au)?\s*\d{1,2}/\d{1,2}/\d{2,4}\s*[,:]?\s*", re.I
)
LEADING_NUMBER = re.compile(
    rf"^(?:[<>≥≤~+]|(?P<minus>[-−]))?\s*(?P<number>{DECIMAL_NUMBER})"
    r"\s*(?P<unit>%|jours?\b|j\b|€|k€|mois\b|semaines?\b|ans?\b)?",
    re.IGNORECASE,
)


RESULT_OF = re.compile(r"(?<=[\d)%\s])=(?=\s*-?\d)")
"""The "=" of a computation written in a cell, before its result."""
OPERATOR = re.compile(r"\d\s*[/*×x+]\s*\d")
FRACTION = re.compile(r"^\d+(?:[ \u00a0]\d{3})*\s*/\s*\d")


def kind_of(table: Block) -> TableKind:
    """What a table holds: money, indicator values, or other rows (read by
    their columns as money when their header says so)."""
    if is_money_table(table):
        return "money"
    if is_indicator_table(table):
        return "indicator"
    return "other"


def is_money_table(table: Block) -> bool:
    """Whether most of a table's figures are money (a budget broken down by
    expense): its rows are amounts, never indicators, whatever its header."""
    figures = [
        text
        for row in table.rows
        for text in row.texts[1:]
        if text.strip() and parse_value(text)[0] is not None
    ]
    money = [text for text in figures if "€" in text or re.search(r"\beuros?\b", text, re.I)]
    return len(figures) >= 2 and 2 * len(money) > len(figures)


def parse_value(text: str) -> tuple[float | None, str | None]:
    """(number, unit) of an indicator cell; (None, None) for nc, ND, / or words."""
    cleaned = " ".join(text.split())
    if not cleaned or NO_VALUE.match(fold(cleaned)):
        return None, None
    cleaned = DATE_PREFIX.sub("", cleaned)
    parts = RESULT_OF.split(cleaned)
    if len(parts) > 1 and OPERATOR.search(parts[0]):  # "164/389 *100 = 42%": its result
        cleaned = parts[-1].strip()
    match = LEADING_NUMBER.match(cleaned)
    if not match or FRACTION.match(cleaned):  # "164/389": two counts, not one value
        return None, None
    value = float(to_decimal(match.group("number")))
    if match.group("minus"):
        value = -value
    unit = (match.group("unit") or "").lower()
    if unit == "%":
        return value, "percent"
    if unit.startswith("j"):
        return value, "days"
    if unit == "k€":
        return value * 1000, "eur"
    if unit == "€":
        return value, "eur"
    if unit:  # months, weeks, years
        return value, "other"
    return value, "count"


def header_row_count(table: Block) -> int:
    """The first row, and the rows after it that look like header cells (short
    cells naming years or results), until a row holds a value."""
    count = 0
    for row in table.rows:
        has_values = any(
            parse_value(cell)[0] is not None
            and not YEAR_ONLY.fullmatch(cell)
            and not YEAR_FIRST.match(cell)  # "2022 (du 01/01/2022 au 31/05/2022)"
            for cell in row.texts[1:]
        )
        if has_values or (count and not header_like(row)):
            break
        count += 1
    return count


def header_like(row: Row) -> bool:
    cells = [cell for cell in row.texts if cell.strip()]
    if not cells or any(len(cell.split()) > HEADER_CELL_WORDS for cell in cells):
        return False
    text = fold(" ".join(cells))
    return all(YEAR_ONLY.fullmatch(cell) for cell in cells) or bool(
        HEADER_WORDS.search(text) or year_of(text)
    )


def is_indicator_table(table: Block) -> bool:
    """A header of results or targets, and not of money (a financial table
    has objectives too)."""
    n = header_row_count(table)
    header = fold(" ".join(" ".join(row.texts) for row in table.rows[:n]))
    if not 0 < n < len(table.rows) or MONEY_HEADER.search(header):
        return False
    if any(len(cell.split()) > FIRST_HEADER_CELL_WORDS for cell in table.rows[0].texts):
        return False  # a paragraph spilled into a table, not a header
    if re.search(r"resultat|situation|objectif|cible|realise", header):
        return True
    if "indicateur" in header and YEAR_ROW.search(header):  # "Indicateurs … | 2019 | 2020"
        return True
    counted = [row for row in table.rows[n:] if COUNT_LABEL.match(fold(row.texts[0]))]
    return bool(year_of(header) or YEAR_ROW.search(header)) and len(counted) * 2 >= len(
        table.rows[n:]
    )


def has_header(table: Block) -> bool:
    first = fold(" ".join(table.rows[0].texts)) if table.rows else ""
    return bool(HEADER_WORDS.search(first) or MONEY_HEADER.search(first))


def stacked_headers(rows: tuple[Row, ...], width: int) -> list[list[str]]:
    """Each column's header cells, top to bottom, spanning cells spread."""
    headers: list[list[str]] = [[] for _ in range(width)]
    for depth, row in enumerate(rows):
        texts = [c.text for c in row.cells] + [""] * (width - len(row.cells))
        below = rows[depth + 1] if depth + 1 < len(rows) else None
        spread = ""
        for j in range(width):
            if texts[j]:
                spread = texts[j]
            elif spread and below is not None and j < len(below.cells) and below.cells[j].text:
                texts[j] = spread
            else:
                spread = ""
            if texts[j]:
                headers[j].append(texts[j])
    return headers


def shifted_right(row: Row, last_headed: int | None, holds_value: Callable[[Cell], bool]) -> int:
    """How many cells a row stands right of its header: a row whose last
    value stands past the last headed column (a label cell split in two by
    OCR, a merged cell) is read from the right, its last cell under the last
    headed column."""
    last = last_filled(row)
    if last_headed is None or last <= last_headed or not holds_value(row.cells[last]):
        return 0
    return last - last_headed


def shifted_left(
    row: Row, label_at: int | None, width: int, is_value: Callable[[str], bool]
) -> int:
    """How many cells a short row lost on its left: its label stands before
    the label column and a value stands in it ("Nombre de personnes … | 72 |
    73 | 23" under "Mesure | Indicateurs | 2018 | 2019 | 2020")."""
    texts = row.texts
    filled = max((j + 1 for j, t in enumerate(texts) if t.strip()), default=0)
    missing = width - filled
    if not label_at or missing <= 0 or label_at >= len(row.cells):
        return 0
    label_early = any(t.strip() and not is_value(t) for t in texts[:label_at])
    return min(missing, label_at) if label_early and is_value(texts[label_at]) else 0


def continues(table: Block, above_width: int, same_width: bool = False) -> bool:
    """Whether a table without a header of its own (each reader says what a
    header is to it) may continue the table read above it, cut by a page
    break: it is no wider than that one; with ``same_width``, exactly as wide
    (an indicator table's narrower neighbour is text, its wider one a piece
    whose rows kept extra cells: the indicator reader's own rule)."""
    if same_width:
        return table.n_columns == above_width
    return used_width(table) <= above_width


def used_width(table: Block) -> int:
    """The number of columns up to the last one that holds text in any row
    (a row ending with a tab adds an empty cell that holds nothing)."""
    return max((last_filled(row) + 1 for row in table.rows), default=0)


def last_filled(row: Row) -> int:
    return max((j for j, cell in enumerate(row.cells) if cell.text), default=-1)


