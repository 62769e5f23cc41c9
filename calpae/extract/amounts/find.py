"""Every amount of a segment's blocks, from tables and from prose.

- Tables are read by their columns (``amounts.tables``), except indicator
  tables, whose figures are counts and rates: there only a cell that says €
  holds money. A table without a header that follows a money table no wider
  continues it, even across a paragraph (a cell's text spilled out of the
  table), not across a heading. A header naming no funder takes the one an
  earlier table gave the same header. A table with no header at all waits
  for the end of the segment: its columns are named by the funders the text
  states for its grand totals. Text cells of a table that hold amounts with a
  unit ("Part État dédiée en 2019 : 111 663,80 €") are read as prose.
- Paragraph lines: the State's announced support first (``amounts.state_support``),
  then every other amount with a unit by its clause (``amounts.prose``).

The nature of money no cue names is the one a short line above it set
("Budget prévisionnel figurant dans la convention :"), else the document's:
``execute`` in an execution report, ``prevu`` elsewhere. The year no cue
names is the one an ordinal line gives ("1ère année" under "sur 2019 –
2021"), else the document's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from calpae.extract.amounts.money import FoundAmount, find_money
from calpae.extract.amounts.prose import YEAR_SPAN, prose_amounts
from calpae.extract.amounts.state_support import find_state_support
from calpae.extract.amounts.tables import (
    Mismatch,
    ParityGap,
    TableReading,
    cell_amount,
    funders_named,
    is_headerless,
    name_columns,
    read_table,
)
from calpae.extract.amounts.terms import YEAR, nature_of
from calpae.extract.lexicon import YEAR as YEAR_ATOM
from calpae.extract.tables.layout import kind_of
from calpae.extract.text import fold
from calpae.schemas.ir import Block, Row, TextSpan

CONTEXT_MAX_WORDS = 15
TITLE_MAX_WORDS = 6
ORDINAL_YEAR = re.compile(
    r"^\W*(?:(\d)\s*\W*(?:ere|er|eme|e)\W*|(premiere|deuxieme|troisieme|quatrieme)\s+)annee\b"
)
ORDINALS = {"premiere": 1, "deuxieme": 2, "troisieme": 3, "quatrieme": 4}
FINANCE_LAW = re.compile(
    rf"\bloi\b[^.;]{{0,60}}\bde finances (?:rectificative )?pour ({YEAR_ATOM})\b"
)
ACT_START = re.compile(r"^\W*(?:avenant|convention)\b")
SUPPORT_YEAR = re.compile(
    rf"\bau titre de (?:l'annee |l'exercice )?({YEAR_ATOM})\b[^.;]{{0,40}}\bsoutien\b"
)
MONEY_OR_YEAR_TITLE = re.compile(  # a title, not a share's label ("Part CD =")
    rf"\b(?:budget|financ|montant|cout|depense|credit)|\b{YEAR_ATOM}\b"
)
LIST_ITEM = re.compile(r"^\s*[-–•▪*]\s")


@dataclass
class AmountsFound:
    amounts: list[FoundAmount] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    parity_gaps: list[ParityGap] = field(default_factory=list)
    outliers: list[FoundAmount] = field(default_factory=list)
    misplaced: list[FoundAmount] = field(default_factory=list)

    def add(self, reading: TableReading) -> None:
        self.amounts += reading.amounts
        self.mismatches += reading.mismatches
        self.parity_gaps += reading.parity_gaps
        self.outliers += reading.outliers
        self.misplaced += reading.misplaced


def default_nature(doc_type: str) -> str:
    return "execute" if doc_type == "rapport_execution" else "prevu"


def in_table(
    amounts: list[FoundAmount], start: tuple[int, int] | None, row: Row | None = None
) -> list[FoundAmount]:
    """Amounts placed in their table (its first row) and, when read from one
    of its cells, in their row."""
    row_line = {} if row is None else {"row_line": row.line}
    return [replace(amount, table_start=start, **row_line) for amount in amounts]


def context_nature(block: Block, current: str, document_nature: str) -> str:
    """A short line without amounts sets the nature of the lines that follow
    ("Budget prévisionnel figurant dans la convention :" then "Part Etat =
    588 329,33 €"), over lines that name no money ("Pour la totalité des
    actions", "Descriptif :"); a short title naming money or a year but no
    nature ("Budget", "Projection 2020-2021") returns to the document's. A
    list item is content, never a title ("- Diminution du coût du versement
    de l'allocation rSa", one of the indicators listed)."""
    text = block.text
    if len(text.split()) > CONTEXT_MAX_WORDS or find_money(text) or LIST_ITEM.match(text):
        return current
    if nature := nature_of(text, weak=False):
        return nature
    resets = len(text.split()) <= TITLE_MAX_WORDS and MONEY_OR_YEAR_TITLE.search(fold(text))
    return document_nature if resets else current


@dataclass(frozen=True)
class ActYear:
    """The budget year of the act being read, in a one-year document that
    embeds earlier acts (a 2022 deliberation quoting the avenants of 2019 and
    2020): an act cites the finance laws it applies, the latest being its
    year ("Vu la loi n° 2019-1479 du 28 décembre 2019 de finances pour
    2020"), unless it states the year of the support it grants ("Au titre de
    l'année 2020, le soutien financier de l'Etat s'élève à …"), which wins
    (an avenant may copy the law list of the convention it amends). A
    heading "AVENANT …" or "CONVENTION …" starts a new act, and only an act
    so opened has a year of its own (an avenant printed without its heading
    may cite only the law of the convention it amends). A document of
    several years keeps no single year: its tables without one cover the
    span."""

    document_year: int | None
    in_act: bool = False  # a heading opened an act
    cited: int | None = None
    stated: int | None = None

    @property
    def year(self) -> int | None:
        own = self.stated or self.cited
        return own if self.document_year and own else self.document_year

    def after(self, block: Block) -> ActYear:
        folded = fold(block.text)
        if block.kind == "heading" and ACT_START.match(folded):
            return ActYear(self.document_year, in_act=True)
        if not self.in_act:
            return self
        if support := SUPPORT_YEAR.search(folded):
            return replace(self, stated=int(support.group(1)))
        laws = [int(y) for y in FINANCE_LAW.findall(folded)]
        if laws:
            return replace(self, cited=max([*laws, self.cited or 0]))
        return self


@dataclass(frozen=True)
class YearContext:
    """The year ordinal lines name: "1ère année : …" under "Budget détaillé
    sur 2019 – 2021 :" is 2019, for the lines that follow until a heading, a
    line naming a year, or the next ordinal."""

    first: int | None = None  # the first year of the span a short line named
    year: int | None = None

    def after(self, block: Block) -> YearContext:
        folded = fold(block.text)
        if block.kind == "heading":
            return YearContext()
        if ordinal := ORDINAL_YEAR.match(folded):
            if self.first is None:
                return self
            number = int(ordinal.group(1)) if ordinal.group(1) else ORDINALS[ordinal.group(2)]
            return YearContext(self.first, self.first + number - 1)
        if span := YEAR_SPAN.search(folded):
            if len(folded.split()) <= CONTEXT_MAX_WORDS and not find_money(block.text):
                return YearContext(int(span.group(1) or span.group(3)))
            return YearContext()
        if YEAR.search(folded):
            return YearContext(self.first)
        return self


def span_amounts(span: TextSpan, nature: str, single_year: int | None) -> list[FoundAmount]:
    """Amounts with a unit in a line or text cell: fixed statements first."""
    if not find_money(span.raw):
        return []
    statements = find_state_support(span, document_year=single_year)
    taken = {amount.char_start for amount in statements}
    others = [
        amount
        for amount in prose_amounts(span, nature, single_year)
        if amount.char_start not in taken
    ]
    return statements + others


def find_amounts(blocks: list[Block], doc_type: str, single_year: int | None) -> AmountsFound:
    reader = AmountReader(default_nature(doc_type), ActYear(single_year))
    for block in blocks:
        reader.act = reader.act.after(block)
        if block.kind == "table":
            reader.read_table(block)
        else:
            reader.read_text(block)
    statements = [a for a in reader.found.amounts if a.source != "table"]
    for reading in reader.headerless:
        reader.found.add(name_columns(reading, statements))
    return reader.found


@dataclass
class AmountReader:
    """The amounts of a segment's blocks, read in order, and what the blocks
    read so far set for the next: the nature a short line set, the year of
    the act and of an ordinal line, the table above (a table cut by a page
    break continues it), the funders earlier headers named."""

    document_nature: str
    act: ActYear
    found: AmountsFound = field(default_factory=AmountsFound)
    nature: str = ""
    years: YearContext = field(default_factory=YearContext)
    previous: TableReading | None = None
    table_start: tuple[int, int] | None = None
    funders_seen: dict[str, str] = field(default_factory=dict)
    """A header without a funder → the funder an earlier table named."""
    headerless: list[TableReading] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.nature = self.nature or self.document_nature

    def read_text(self, block: Block) -> None:
        if block.kind == "heading":
            self.previous = None
            if ACT_START.match(fold(block.text)):
                self.nature = self.document_nature  # a new act: what it plans is its own
        self.nature = context_nature(block, self.nature, self.document_nature)
        self.years = self.years.after(block)
        for span in block.spans():
            self.found.amounts += span_amounts(span, self.nature, self.years.year or self.act.year)

    def read_table(self, block: Block) -> None:
        start = (block.rows[0].page, block.rows[0].line) if block.rows else None
        if kind_of(block) == "indicator":  # counts and rates: only cells that say € are money
            self.text_cells(block, block.rows, set(), start)
            return
        reading = read_table(
            block, self.nature, self.act.year, self.previous, self.funders_seen
        )
        if reading.continued and self.table_start is not None:
            start = self.table_start  # one table cut by a page break: placed at its first row
        self.table_start = start
        reading.amounts = in_table(reading.amounts, start)
        self.funders_seen |= funders_named(reading.columns)
        if is_headerless(reading.columns):
            self.headerless.append(reading)  # named once every statement is read
        else:
            self.found.add(reading)
        money_columns = {c.index for c in reading.columns if c.is_money}
        self.text_cells(block, block.rows[reading.header_rows :], money_columns, start)
        self.previous = reading

    def text_cells(
        self,
        block: Block,
        rows: tuple[Row, ...],
        money_columns: set[int],
        start: tuple[int, int] | None,
    ) -> None:
        """Amounts with a unit in a table's text cells (not its money cells)."""
        for row in rows:
            for j, cell in enumerate(row.cells):
                if j in money_columns and cell_amount(cell):
                    continue
                span = cell.span(row.page)
                amounts = span_amounts(span, self.nature, self.act.year)
                self.found.amounts += in_table(amounts, start, row)
