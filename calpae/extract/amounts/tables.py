"""Amounts in financial tables, attributed by their column and row.

A table is read in four steps:

1. **Header rows**: the leading rows that hold no amount (a cell that is a
   year is not an amount); a short table without any amount is all header (a
   header row cut from its table by a blank line). Several header rows are
   stacked per column; an empty header cell whose column has content in the
   row below belongs to the spanning cell on its left (" | Montant
   prévisionnel Etat | | " over " | 2019 | 2020 | 2021"). A table whose
   leading rows name no column and that follows a money table no wider takes
   that table's header (a table cut in two); one that repeats the header of
   the table before continues it for the sums.
2. **Columns**: a column is a money column when its header names a funder
   (other than a bare "TOTAL"), a kind of money or a money word (montant,
   budget, part…), or when its cells carry a euro sign; a column headed by a
   year alone holds counts unless its cells say €. Its header gives the
   funder (no cue: the funder an earlier table gave the same header, else
   ``total``, or ``etat`` for a report), the nature (no cue: the document's,
   ``execute`` for an execution report, else ``prevu``) and the year (no cue:
   the document's year when it covers one). A "coût par BrSa" column holds
   unit prices: nature ``other``, no year. Columns of a table without any
   header are named later, by the funders the text states for their grand
   totals (``name_columns``).
3. **Rows**: the row label is the text of its first non-money cells; a label
   starting with TOTAL / Sous total / TOTAUX marks a total row. Amounts of a
   total row are kept, flagged ``is_total``, and so are those of a row whose
   amounts are the sums of the rows above it (a label OCR cut "Total"
   from). A label gives what its column
   header does not ("Report 2019", "Participation État et Département"). A
   row whose last amount stands past the last headed column is read from the
   right; a grand total in the wrong column of a damaged row moves to the one
   column whose rows add up to it, and is listed.
4. **Cells**: in a money column, a cell is an amount when it is one with a
   unit (``155 000 €``, ``90 k€``, ``- €``) or a bare figure (``155 000``,
   ``274 993,43``); words ("Idem Part Etat", "Partenariat") are not.

Each table's sums, parity and magnitudes are then checked (``amount_checks``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from calpae.extract.amounts.checks import (
    ROUNDING,
    Mismatch,
    ParityGap,
    magnitude_outliers,
    parity_gaps,
    reconcile,
)
from calpae.extract.amounts.money import NUMBER, FoundAmount, Money, find_money
from calpae.extract.amounts.prose import prose_amounts
from calpae.extract.amounts.terms import (
    FUNDER_CUES,
    funder_of,
    funder_without_cue,
    is_total_label,
    is_unit_header,
    nature_of,
    year_of,
)
from calpae.extract.lexicon import DATED_YEAR
from calpae.extract.tables.layout import (
    COUNT_LABEL,
    MONEY_HEADER,
    continues,
    shifted_right,
    stacked_headers,
)
from calpae.extract.text import fold
from calpae.schemas.ir import Block, Cell, Row

BARE_FIGURE = re.compile(rf"^\s*(?:\*\*)?(?P<number>{NUMBER})\s*(?:\*\*)?\s*$")
YEAR_CELL = re.compile(rf"^\s*{DATED_YEAR}\s*$")
YEAR_WORD = re.compile(rf"\b{DATED_YEAR}\b")
MAX_HEADER_ROWS = 3
TEXT_WORDS = 6  # more words than this before its amount make a first row a caption
REF_CELL = re.compile(r"^\s*\d{1,2}(?:\s*[.-]\s*\d{1,2})+\.?\s*$")
SHARE_LABEL = re.compile(r"^(?:part|participation|financements?|credits?|contributions?|apport)\b")
BARE_FUNDER_LABEL = re.compile(r"^(?:etat|departement|cd ?\d{0,3}|conseil departemental)\s*$")
SHARE_LABEL_SPAN = 50
NATURE_LABEL = re.compile(r"^(?:reports?|credits? report|realise|execute|previsionnel|prevu)")
FUNDER_ORDER = ("etat", "departement", "total")


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    funder: str
    nature: str
    year: int | None
    is_money: bool
    named: frozenset[str] = frozenset()
    """What the header itself names, of "funder", "nature" and "year"; a row
    label gives the others."""
    nature_ambiguous: bool = False
    """In an execution report, a column naming no nature beside a planned one
    ("Prévisionnel convention | Part Etat | Part CD"): the share may split the
    plan or the spending; it keeps the report's nature, flagged."""


@dataclass
class TableReading:
    columns: list[Column]
    header_rows: int
    amounts: list[FoundAmount] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    parity_gaps: list[ParityGap] = field(default_factory=list)
    outliers: list[FoundAmount] = field(default_factory=list)
    misplaced: list[FoundAmount] = field(default_factory=list)
    continued: bool = False
    """Whether it continues the table read before it (cut by a page break)."""


def cell_amount(cell: Cell) -> Money | None:
    """The amount a cell holds, with its span in the cell's raw text. When the
    raw text holds the figure, or its start, and the cell's text the whole
    amount (an OCR'd page whose reading order puts the rest elsewhere: raw
    "190", text "190 K€"; raw "155", text "155 000 €"), the cell's amount
    counts and the evidence is what the raw text holds."""
    found = find_money(cell.raw)
    if found:
        return found[0]
    match = BARE_FIGURE.match(cell.raw)
    if match and not YEAR_CELL.match(cell.raw):
        number = match.group("number")
        digits = re.sub(r"[ \u00a0\u202f\u2009.]", "", number).replace(",", ".")
        try:
            value = Decimal(digits).quantize(Decimal("0.01"))
        except ArithmeticError:
            return None
        start = match.start("number")
        in_text = find_money(cell.text)
        if len(in_text) == 1 and re.sub(r"\D", "", in_text[0].text).startswith(
            re.sub(r"\D", "", number)
        ):
            value = in_text[0].value  # raw "155", text "155 000 €": the page text is cut
        return Money(value, start, start + len(number), number)
    return None


def has_amount(row: Row) -> bool:
    return any(cell_amount(cell) for cell in row.cells[1:])


def is_caption(row: Row) -> bool:
    """A table's first row that only mentions an amount after many words
    ("Montants réels après fongibilité comprenant le complément de
    5 624,45€"): a caption over the header, not a row of figures."""
    amounts = [(cell, money) for cell in row.cells[1:] if (money := cell_amount(cell))]
    return bool(amounts) and all(
        len(cell.raw[: money.start].split()) > TEXT_WORDS for cell, money in amounts
    )


def count_header_rows(table: Block) -> int:
    """The leading rows without an amount (a first row that is a caption
    included). A short table without any amount is all header (a header row
    cut from its table by a blank line); a longer one is text ("Intitulé
    action | …" rows of a fiche), without a header."""
    count = 0
    for depth, row in enumerate(table.rows):
        if has_amount(row) and not (depth == 0 and is_caption(row)):
            break
        count += 1
    return count if count < len(table.rows) or count <= MAX_HEADER_ROWS else 0


LINK_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l'", "d'"})


def header_key(header: str) -> str:
    """A header without its funder, its years and the little words that tied
    them: "Montant prévisionnel Etat 2019", "Crédits prévus de l'État" and
    "Montant prévisionnel 2019", "Crédits prévus" share a key."""
    folded = fold(header)
    for funder, cue in FUNDER_CUES:
        if funder != "total":
            folded = re.sub(cue, " ", folded)
    words = YEAR_WORD.sub(" ", folded).replace("'", "' ").split()
    return " ".join(word for word in words if word not in LINK_WORDS)


def funders_named(columns: list[Column]) -> dict[str, str]:
    """The funder each money header of a table names, by its ``header_key``."""
    return {
        header_key(c.header): c.funder
        for c in columns
        if c.is_money and funder_of(c.header) not in (None, "total") and header_key(c.header)
    }


def read_columns(
    headers: list[list[str]],
    data_rows: tuple[Row, ...],
    default_nature: str,
    default_year: int | None,
    funders_seen: dict[str, str] | None = None,
) -> list[Column]:
    """What each column holds. A header's year is the one of its lowest cell
    that names one year ("Montant exécuté (si action antérieure à 2022)" over
    "2019" is 2019). "TOTAL" alone does not make a column of money: the counts
    of an indicator table have totals too. A header naming no funder takes the
    one an earlier table of the document gave the same header ("Montant
    prévisionnel" after "Montant prévisionnel Etat": the same template)."""
    columns = []
    planned_column = any(nature_of(" ".join(cells)) == "prevu" for cells in headers)
    for j, cells in enumerate(headers):
        header = " ".join(cells)
        euro_cells = sum(1 for row in data_rows if j < len(row.cells) and "€" in row.cells[j].raw)
        funder = funder_of(header)
        if funder in (None, "total"):  # "Montant prévisionnel": a total, unless seen with a funder
            funder = (funders_seen or {}).get(header_key(header), funder)
        nature = nature_of(header) or default_nature
        money_header = (
            funder not in (None, "total")
            or bool(nature_of(header))
            or bool(MONEY_HEADER.search(fold(header)))
        )
        header_year = next((y for cell in reversed(cells) if (y := year_of(cell))), None)
        year = header_year or default_year
        named = {"funder"} if funder not in (None, "total") else set()
        named |= {"nature"} if nature_of(header) else set()
        named |= {"year"} if header_year else set()
        if is_unit_header(header):  # "coût par BrSa": a unit price, not a year's budget
            nature, year = "other", None
            named |= {"nature", "year"}
        columns.append(
            Column(
                index=j,
                header=header,
                funder=funder or funder_without_cue(nature),
                nature=nature,
                year=year,
                is_money=money_header or euro_cells > 0,
                named=frozenset(named),
                nature_ambiguous=(
                    default_nature == "execute" and planned_column and "nature" not in named
                ),
            )
        )
    return columns


def read_table(
    table: Block,
    default_nature: str,
    default_year: int | None,
    previous: TableReading | None = None,
    funders_seen: dict[str, str] | None = None,
) -> TableReading:
    width = table.n_columns
    n_header = count_header_rows(table)
    data_rows = table.rows[n_header:]
    own_header = any(cell.text for row in table.rows[:n_header] for cell in row.cells[1:])
    continued = (
        not own_header
        and previous is not None
        and any(c.is_money for c in previous.columns)
        and continues(table, len(previous.columns))
    )
    if continued:
        columns = previous.columns  # type: ignore[union-attr]
    else:
        headers = stacked_headers(table.rows[:n_header], width)
        columns = read_columns(headers, data_rows, default_nature, default_year, funders_seen)
    reading = TableReading(columns, n_header, continued=continued)
    for row in data_rows:
        reading.amounts += row_amounts(row, columns)
    reading.amounts = unlabelled_totals(reading.amounts)
    above = previous.amounts if previous is not None and same_header(previous, columns) else []
    reading.amounts, reading.misplaced = place_totals(reading.amounts, columns, above)
    own_rows = {amount.row for amount in reading.amounts}
    reading.mismatches = [
        m for m in reconcile(above + reading.amounts) if m.total.row in own_rows
    ]
    reading.parity_gaps = parity_gaps(reading.amounts)
    reading.outliers = magnitude_outliers(reading.amounts)
    return reading


def unlabelled_totals(amounts: list[FoundAmount]) -> list[FoundAmount]:
    """A row whose every amount (two at least) is the sum of its column over
    the two rows or more above it, since the last total, is a total row even
    when OCR cut "Total" from its label ("actions du socle n d'engagement |
    1 829 370,87 € | …" under its three rows); so is a row that adds up two
    totals or more above it (a grand total over sub-totals, "commu | actions
    du socle n d'engagements ns cofinancées")."""
    rows: dict[tuple[int, int], list[FoundAmount]] = {}  # by row
    for amount in amounts:
        rows.setdefault(amount.row, []).append(amount)
    totals: set[tuple[int, int]] = set()
    since: dict[int | None, Decimal] = {}
    subtotals: dict[int | None, Decimal] = {}  # the totals since the last grand total
    count = n_subtotals = 0

    def adds_up(cells: list[FoundAmount], sums: dict[int | None, Decimal], n: int) -> bool:
        """Two cells or more, and half of the row's at least, are the sums of
        their columns (a total whose other cells the document got wrong is
        still a total: the checks report those cells)."""
        matching = sum(
            1 for a in cells if a.column in sums and abs(sums[a.column] - a.value) < ROUNDING
        )
        return n >= 2 and matching >= 2 and 2 * matching >= len(cells)

    for line in sorted(rows):
        cells = rows[line]
        if adds_up(cells, subtotals, n_subtotals):  # a grand total over the sub-totals above
            totals.add(line)
            since, subtotals, count, n_subtotals = {}, {}, 0, 0
            continue
        if cells[0].is_total or adds_up(cells, since, count):
            totals.add(line)
            for amount in cells:
                subtotals[amount.column] = subtotals.get(amount.column, Decimal(0)) + amount.value
            since, count, n_subtotals = {}, 0, n_subtotals + 1
            continue
        for amount in cells:
            since[amount.column] = since.get(amount.column, Decimal(0)) + amount.value
        count += 1
    return [
        a if a.is_total or a.row not in totals else replace(a, is_total=True)
        for a in amounts
    ]


def same_header(previous: TableReading, columns: list[Column]) -> bool:
    """A table that repeats the header of the table before it continues it
    (the header is printed again on each page; a first row without amounts
    may stack under it)."""
    def named(columns: list[Column]) -> list[str]:
        headers = [c.header for c in columns]
        while headers and not headers[-1]:
            headers.pop()
        return headers

    before, now = named(previous.columns), named(columns)
    return (
        sum(1 for h in before if h) >= 2
        and len(before) == len(now)
        and all(n.startswith(b) for b, n in zip(before, now, strict=True))
    )


def place_totals(
    amounts: list[FoundAmount], columns: list[Column], above: list[FoundAmount]
) -> tuple[list[FoundAmount], list[FoundAmount]]:
    """A grand total standing in the wrong column of a damaged row ("TOTAUX
    FINANCIERS | | | 1 936 652 €" shifted two cells right) belongs to the one
    money column whose rows add up to it and whose own total is not in the
    row; it is moved there, and listed. A total that matches its own column,
    or no other or several, stays."""
    sums: dict[int | None, Decimal] = {}
    for amount in above + amounts:
        if not amount.is_total:
            sums[amount.column] = sums.get(amount.column, Decimal(0)) + amount.value
    def adds_up(amount: FoundAmount, column: int | None) -> bool:
        return column in sums and abs(sums[column] - amount.value) < ROUNDING

    movers = [a for a in amounts if a.is_total and a.value > 0 and not adds_up(a, a.column)]
    taken = {(*a.row, a.column) for a in amounts if a.is_total and a not in movers}
    by_index = {c.index: c for c in columns}
    placed, misplaced = [], []
    for amount in amounts:
        if amount in movers:
            others = [
                j for j in sums if adds_up(amount, j) and (*amount.row, j) not in taken
            ]
            if len(others) == 1 and others[0] in by_index:
                column = by_index[others[0]]
                amount = replace(
                    amount,
                    funder=column.funder,
                    nature=column.nature,
                    year=column.year,
                    column=column.index,
                )
                misplaced.append(amount)
        placed.append(amount)
    return placed, misplaced


def is_headerless(columns: list[Column]) -> bool:
    return not any(c.header for c in columns)


def name_columns(reading: TableReading, statements: list[FoundAmount]) -> TableReading:
    """Columns without a header, named by what the document states: a column
    whose grand total is an amount the text gives to one funder ("le soutien
    financier de l'Etat s'élève à 527 294 €", "dont 527 294 € seront supportés
    par le Département", "le montant total … est de 1 072 312 €") is that
    funder's. A figure stated for two funders goes to the State first, then to
    the Département, in column order (the order of every financial template
    seen), and is flagged ``funder_ambiguous``: the text does not tell them
    apart."""
    stated: dict[Decimal, set[str]] = {}
    for statement in statements:
        if statement.funder in FUNDER_ORDER and statement.value > 0:
            stated.setdefault(statement.value, set()).add(statement.funder)
    totals = [a for a in reading.amounts if a.is_total]
    if not totals:
        return reading
    grand_total = max(a.row for a in totals)
    named: dict[int | None, str] = {}
    guessed: set[int | None] = set()  # a figure stated for two funders: the first taken
    last_row = (a for a in totals if a.row == grand_total)
    for amount in sorted(last_row, key=lambda a: a.char_start):
        free = [
            f for f in FUNDER_ORDER if f in stated.get(amount.value, ()) and f not in named.values()
        ]
        if free:
            named[amount.column] = free[0]
            if len(free) > 1:
                guessed.add(amount.column)
    amounts = [
        replace(
            a,
            funder=named.get(a.column, a.funder),
            funder_ambiguous=a.funder_ambiguous or a.column in guessed,
        )
        for a in reading.amounts
    ]
    columns = [replace(c, funder=named.get(c.index, c.funder)) for c in reading.columns]
    return replace(reading, columns=columns, amounts=amounts, parity_gaps=parity_gaps(amounts))


def row_offset(row: Row, columns: list[Column]) -> int:
    """How many cells a row stands right of its columns
    (``tables.layout.shifted_right``), its last amount past the last headed one."""
    headed = [c.index for c in columns if c.header]
    return shifted_right(row, headed[-1] if headed else None, lambda cell: bool(cell_amount(cell)))


def row_label(row: Row, columns: list[Column]) -> str:
    """The text of the row's first two non-money cells; or, when a cell holds
    a ref alone (a "Fiche action N°" column), that ref and the text after it
    ("1.1 Préparation et accompagnement à l'autonomie des jeunes majeurs")."""
    texts = [
        cell.text
        for cell, column in zip(row.cells, columns, strict=False)
        if cell.text and not (column.is_money and cell_amount(cell))
    ]
    refs = [i for i, text in enumerate(texts[1:], start=1) if REF_CELL.match(text)]
    if refs:
        texts = texts[refs[0] :]
    return " ".join(texts[:2]).replace("\n", " ")[:200]


@dataclass(frozen=True)
class LabelCues:
    funders: frozenset[str]
    nature: str | None
    year: int | None


def label_cues(label: str) -> LabelCues:
    """What a row label says of its money: the funders a label that opens with
    a share names ("Part Etat", "Participation État et Département 2020"; not
    "Formation des agents du Conseil départemental"); the nature and year of
    a label that opens with a nature ("Report 2019", not "Total hors report
    2019")."""
    folded = fold(label)
    funders: set[str] = set()
    if SHARE_LABEL.match(folded) or BARE_FUNDER_LABEL.match(folded):
        head = folded[:SHARE_LABEL_SPAN]
        funders = {f for f, cue in FUNDER_CUES if f != "total" and re.search(cue, head)}
    if not NATURE_LABEL.match(folded):  # an action's title names no nature: "engagements"
        return LabelCues(frozenset(funders), None, None)
    return LabelCues(frozenset(funders), nature_of(label, weak=False), year_of(label))


def attribute(column: Column, cues: LabelCues) -> tuple[str, str, int | None, bool]:
    """Funder, nature and year of a cell: what its column header names, else
    what its row label names, else the column's defaults; and whether the
    funder is a default nothing states. A label naming two funders is their
    total; a report in a total column is taken as the State's (only the
    State's unspent credits are carried over), flagged."""
    funder, nature, year = column.funder, column.nature, column.year
    guessed = False
    if len(cues.funders) > 1:
        funder = "total"
    elif cues.funders and "funder" not in column.named:
        funder = next(iter(cues.funders))
    if cues.nature and "nature" not in column.named:
        nature = cues.nature
    if cues.year and "year" not in column.named:
        year = cues.year
    if nature == "report" and funder == "total":
        funder, guessed = "etat", True
    elif nature == "report" and "funder" not in column.named and not cues.funders:
        guessed = True  # a report column naming no funder
    return funder, nature, year, guessed


def row_amounts(row: Row, columns: list[Column]) -> list[FoundAmount]:
    offset = row_offset(row, columns)
    aligned = [
        columns[j - offset] if 0 <= j - offset < len(columns) else None
        for j in range(len(row.cells))
    ]
    label = row_label(row, columns)
    total_row = is_total_label(label)
    counts_row = bool(COUNT_LABEL.match(fold(label)))
    cues = label_cues(label)
    amounts = []
    for cell, column in zip(row.cells, aligned, strict=True):
        if column is None or not column.is_money or not cell.text:
            continue
        money = cell_amount(cell)
        if money is None or (counts_row and not find_money(cell.raw)):
            continue  # "Nombre de …" rows hold counts, unless a cell says €
        if len(find_money(cell.raw)) > 1 or funder_of(cell.text):
            amounts += sentence_cell_amounts(cell, row, column, label, total_row)
            continue
        funder, nature, year, funder_guessed = attribute(column, cues)
        amounts.append(
            FoundAmount.read(
                money,
                cell.span(row.page),
                funder=funder,
                nature=nature,
                year=year,
                label=label,
                source="table",
                is_total=total_row,
                column=column.index,
                row_line=row.line,
                funder_ambiguous=funder_guessed,
                nature_ambiguous=column.nature_ambiguous and "nature" not in column.named,
            )
        )
    return amounts


def sentence_cell_amounts(
    cell: Cell, row: Row, column: Column, label: str, total_row: bool
) -> list[FoundAmount]:
    """A money cell written as a sentence ("171 700 € dont 15 000 € pour …",
    "Part Département : 103 800€ Part Etat : 67 900 €"): each amount by its
    clause, the column giving what the clause does not say."""
    span = cell.span(row.page)
    found = prose_amounts(span, column.nature, column.year, default_funder=column.funder)
    return [
        replace(
            amount,
            label=label,
            is_total=total_row,
            source="table",
            column=column.index,
            row_line=row.line,
        )
        for amount in found
    ]
