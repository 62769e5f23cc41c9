"""Indicator tables: every reported value, with its year and whether it is a
result or a target.

A table is an indicator table when its header names results, situations or
targets ("Situation du Département en 2018", "Résultat atteint en 2019",
"Résultat attendu en 2022 (objectif fixé)", "Cible"), or only years over rows
that count ("Nombre de …", "Taux …"), and not money. Reading it:

- **header rows**: the leading rows with no value in them, stacked per column
  (``tables.layout.stacked_headers``); a headerless table of the same width
  right after an indicator table continues it;
- **columns**: a comment column ("Commentaires", "Justification des écarts",
  "Eléments de définition") is never a value; an "Indicateurs" column holds
  the labels and a "Mesure(s)" column the measure; any other column whose
  header gives a year or says résultat / situation / objectif / cible holds
  values. Its year is the header's; *objectif*, *cible*, *attendu* mark a
  target; *semestre*, or a span ending before December ("du 01/01/2022 au
  31/05/2022"), marks a part of a year, never to be taken for a full one, and
  so does a result for the year the document was written in (before
  December). In a planning document (convention, avenant, fiche), a column
  headed by a year alone is an objective, unless the table has an objective
  column of its own or one for part of a year;
- **rows**: the label is the indicator column's text (else the first text
  cell); a row without a label continues the row above (a label wrapped over
  a page break); "dont …" sub-rows keep their own label;
- **values**: ``value_raw`` as written; ``value_num`` for a number, even
  leading a sentence ("3 réunions …", "Au 31/12/2020 406"); ``nc``, ``ND``,
  ``/`` and words give none; the unit is percent (``80%``), days (``32,7
  jours``), eur (``€``) or count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from calpae.extract.amounts.terms import year_of
from calpae.extract.lexicon import cues
from calpae.extract.tables.layout import (
    HEADER_WORDS,
    NO_VALUE,
    YEAR_ONLY,
    continues,
    has_header,
    header_row_count,
    kind_of,
    parse_value,
    shifted_left,
    stacked_headers,
)
from calpae.extract.text import fold
from calpae.schemas.ir import Block, Row

LAST_MONTH = 12
PARTIAL_YEAR = re.compile(r"\bau (\d{1,2})/(\d{1,2})/")
RATE_LABEL = re.compile(dict(cues("count_label"))["rate"])
COMMENT = re.compile(r"comment|justification|definition|elements? de|observation|precision|source")
TARGET = re.compile(r"objectif|cible|attendu|previsionnel|prevu")
HALF_YEAR = re.compile(r"semestre")
LABEL_COLUMN = re.compile(r"indicateur")
MEASURE_COLUMN = re.compile(r"^mesures?\b|nom de la mesure|^actions?\b")
@dataclass(frozen=True)
class IndicatorColumn:
    index: int
    header: str
    year: int | None
    is_target: bool
    is_half_year: bool


@dataclass(frozen=True)
class FoundIndicator:
    label: str
    year: int | None
    is_target: bool
    is_half_year: bool
    value_raw: str
    value_num: float | None
    unit: str | None
    column_header: str
    page: int
    line: int
    column: int


@dataclass(frozen=True)
class Context:
    """What the document tells about its tables: a planning document
    (convention, avenant, fiche) states objectives; the date it was written
    ends the results it can hold."""

    planning: bool = False
    written: date | None = None


def read_columns(
    table: Block, n_header: int, context: Context = Context()
) -> tuple[list[IndicatorColumn], int | None, int | None]:
    """Value columns, and the label and measure columns' indexes. In a
    planning document, a column headed by a year alone is an objective,
    unless another column of the table is ("2018 | 2019 | … | Résultat
    attendu en 2022": the years are results) or holds part of a year. A result for the year the
    document was written in, before December, is a part of that year."""
    stacked = stacked_headers(table.rows[:n_header], table.n_columns)
    headers = [" ".join(cells) for cells in stacked]
    explicit_target = any(TARGET.search(fold(h)) and not COMMENT.search(fold(h)) for h in headers)
    reports_results = explicit_target or any(is_part_of_year(fold(h)) for h in headers)
    columns, label_at, measure_at = [], None, None
    for j, header in enumerate(headers):
        folded = fold(header)
        if COMMENT.search(folded):
            continue
        if LABEL_COLUMN.search(folded) and label_at is None:
            label_at = j
        elif MEASURE_COLUMN.search(folded) and measure_at is None:
            measure_at = j
        elif j > 0 and (year_of(header) or HEADER_WORDS.search(folded)):
            # the header's one year, else its top cell's ("Situation au 31-12-2018" over
            # an OCR'd "31-12-2016")
            year = year_of(header) or next((y for c in stacked[j] if (y := year_of(c))), None)
            bare_year = bool(YEAR_ONLY.fullmatch(header)) and year is not None
            target = bool(TARGET.search(folded)) or (
                context.planning and bare_year and not reports_results
            )
            written = context.written
            unfinished = bool(
                not target and written and year == written.year and written.month < LAST_MONTH
            )
            columns.append(
                IndicatorColumn(
                    index=j,
                    header=" ".join(header.split()),
                    year=year,
                    is_target=target,
                    is_half_year=is_part_of_year(folded) or unfinished,
                )
            )
    return columns, label_at, measure_at


@dataclass(frozen=True)
class IndicatorLayout:
    columns: list[IndicatorColumn]
    label_at: int | None
    width: int


def layout_of(table: Block, n_header: int, context: Context) -> IndicatorLayout:
    columns, label_at, _measure_at = read_columns(table, n_header, context)
    return IndicatorLayout(columns, label_at, table.n_columns)


def is_part_of_year(header: str) -> bool:
    """ "1er semestre 2022", or a span that ends before the year does
    ("2022 (du 01/01/2022 au 31/05/2022)"): never to be taken for a year."""
    if HALF_YEAR.search(header):
        return True
    end = PARTIAL_YEAR.search(header)
    return bool(end) and (int(end.group(2)), int(end.group(1))) < (12, 31)


def piece_columns(
    layout: IndicatorLayout, width: int, last_used: int | None
) -> dict[int, IndicatorColumn]:
    """Which column of the layout each cell position of a table piece holds.
    A piece as wide as the table: the same. A wider piece (its rows carry
    extra cells): its values follow the label in the layout's order, and its
    last cell is the layout's last column. A narrower piece (a page that lost
    its empty cells): its last cell is the column of the rightmost value of
    the row above."""
    columns = layout.columns
    if width == layout.width or not columns:
        return {c.index: c for c in columns}
    first = (layout.label_at if layout.label_at is not None else 0) + 1  # after the label
    if width > layout.width:
        placed = {first + k: c for k, c in enumerate(columns[:-1])}
        return placed | {width - 1: columns[-1]}
    anchor = last_used if last_used is not None else columns[-1].index
    by_index = {c.index: c for c in columns}
    return {
        j: by_index[anchor - (width - 1 - j)]
        for j in range(first, width)
        if anchor - (width - 1 - j) in by_index
    }


def read_indicator_table(
    table: Block, layout: IndicatorLayout, n_header: int, last_used: int | None = None
) -> list[FoundIndicator]:
    placed = piece_columns(layout, table.n_columns, last_used)
    label_at = layout.label_at
    value_columns = set(placed)
    found: list[FoundIndicator] = []
    label = ""
    for row in table.rows[n_header:]:
        if is_wrapped_text(row):
            continue  # "jeunes majeurs | concerné | concerné": the cells above, wrapped
        shift = shifted_left(row, label_at, table.n_columns, is_value)
        label = row_label(row, label_at - shift if label_at else None, value_columns) or label
        if is_money_label(label):
            continue  # "Financement CD 2020 : 60 000 €", "Budget exécuté": money, not indicators
        for position, column in placed.items():
            at = position - shift
            if not 0 <= at < len(row.cells) or not row.cells[at].text:
                continue
            cell = row.cells[at]
            value_num, unit = parse_value(cell.text)
            if unit == "count" and RATE_LABEL.match(fold(label)):
                unit = "percent"  # "Part des PPE …  0"
            found.append(
                FoundIndicator(
                    label=label,
                    year=column.year,
                    is_target=column.is_target,
                    is_half_year=column.is_half_year,
                    value_raw=cell.text,
                    value_num=value_num,
                    unit=unit,
                    column_header=column.header,
                    page=row.page,
                    line=cell.line,
                    column=column.index,
                )
            )
    return found


def is_wrapped_text(row: Row) -> bool:
    """A row that only carries the end of the cells above, wrapped onto a line
    of its own: every cell starts in lower case, none is a number nor a
    "dont …" sub-row nor a no-value mark ("nc")."""
    cells = [" ".join(t.split()) for t in row.texts if t.strip()]
    return bool(cells) and all(
        cell[:1].islower()
        and not fold(cell).startswith("dont ")
        and not NO_VALUE.match(fold(cell))
        and parse_value(cell)[0] is None
        for cell in cells
    )


def is_value(text: str) -> bool:
    return parse_value(text)[0] is not None


def row_label(row: Row, label_at: int | None, value_columns: set[int]) -> str:
    texts = row.texts
    if label_at is not None and label_at < len(texts):
        return " ".join(texts[label_at].split())
    for j, text in enumerate(texts):
        if j not in value_columns and text.strip():
            return " ".join(text.split())
    return ""


MONEY_LABEL = re.compile(
    r"^\s*(?:budget|financements?|montants?|couts?|credits?|part (?:de l')?etat|part (?:du )?cd|"
    r"part (?:du )?departement|poste de depenses?)\b"
)


def find_indicators(blocks: list[Block], context: Context = Context()) -> list[FoundIndicator]:
    """Values of every indicator table; a headerless table of the same width
    that follows one (the table cut by a page break) is read with its header."""
    found: list[FoundIndicator] = []
    layout: IndicatorLayout | None = None
    last_used: int | None = None  # the layout column of the last row's rightmost value
    for block in blocks:
        if block.kind == "heading" and block.level > 0:  # a section; "**2. …**" is a label
            layout = None
        if block.kind != "table":
            continue
        kind = kind_of(block)
        if kind == "money":  # a budget: "Poste de dépenses | 2019", "Cabinet | 10 000 €"
            layout = None
            continue
        if kind == "indicator":
            n_header = header_row_count(block)
            layout, last_used = layout_of(block, n_header, context), None
        elif layout and is_piece_of(block, layout):
            n_header = 0  # a piece of the table above, cut by a page break
        else:
            continue  # another kind of table; the layout holds for pieces further on
        values = read_indicator_table(block, layout, n_header, last_used)
        if values:  # the last row's rightmost value
            last_row = max((v.page, v.line) for v in values)
            last_used = max(v.column for v in values if (v.page, v.line) == last_row)
        found += values
    return found


def is_money_label(label: str) -> bool:
    """A row label naming a budget line or holding an amount: its cells are
    money ("Dépense rSa" over years is an indicator of the RSA spending, and
    stays one)."""
    folded = fold(label)
    return "€" in label or bool(MONEY_LABEL.match(folded))


def is_piece_of(table: Block, layout: IndicatorLayout) -> bool:
    """A headerless table continues the indicator table above when it is as
    wide (``tables.layout.continues``), or when its rows are labelled counts
    ("Nombre de …", "dont …") or carry values in its last cells."""
    if has_header(table):
        return False
    if continues(table, layout.width, same_width=True):
        return True
    rows = [row for row in table.rows if any(t.strip() for t in row.texts)]
    valued = [row for row in rows if any(parse_value(t)[0] is not None for t in row.texts[1:])]
    return bool(rows) and len(valued) * 2 >= len(rows)


