"""Layouts of the sample documents: the same facts laid out as other
départements lay out their tables, the amount gold moved to where each
figure now stands, and the score of the warehouse on them.

    .venv/bin/python -m bench.layouts                                # every variant
    .venv/bin/python -m bench.layouts --variant thousands --show 5   # one, with misses
    .venv/bin/python -m bench.layouts --variant swap_blocks+thousands  # combined by hand
    .venv/bin/python -m bench.layouts --write bench/out/layouts      # write, do not score

Where ``bench/rewrite.py`` changes words line for line, a layout moves
figures: cells change rows and columns, captions come in above tables. Each
variant is built from the five sample texts (``data/raw``: a table is a run
of TAB-separated lines) and the amount gold (``gold/amounts``): every gold
fact is tied to the cell holding its evidence, the cells move, and the gold
is written again from where they stand (same CSV columns; the declared line
ranges follow their lines). A variant never changes what a careful reader
takes from a figure: département, year, funder, nature and value stay.

- ``swap_blocks``: the State's and the département's column groups traded
  (``bench.rewrite``'s rule: a header naming the State and, next to it, the
  département), from the header down.
- ``thousands``: a money table written in thousands of euros, the unit said
  once, in a caption line above it ("(en milliers d'euros)", "En k€",
  "Montants en milliers d'€") or in its money headers ("Part État (k€)").
  Only tables whose figures are whole euros and whose money cells hold a
  bare amount are rewritten, so that the figure in thousands (at most three
  decimals: ``72 800 €`` → ``72,8``; ``1 137 K€`` → ``1 137``) is exact and
  the gold's values stay; a cell that states its own multiplier in words
  (``40 K Euros``, ``3 millions d'euros``) is left as it is.
- ``total_first``: a total column standing after the parties' columns is
  moved before them; a table with one State and one département column and no
  total gets one (État + Département, gold funder ``total``) before them.
  ``total_last`` is the mirror (most sample tables already lead with
  their total).
- ``transposed``: a small, clean table (no page break, no wrapped or shifted
  row, at most 10 rows and 12 columns) turned a quarter: its columns become
  rows. Years as columns become years as rows ("2019 | 10 000 € | …"); a
  table of parties as columns becomes parties as rows ("Part Etat | 67 900 €").
- ``caption_year``: a table whose money headers carry one year ("Part État
  2020", a "2020" corner cell) loses it from the headers; it goes to a caption
  line above ("Budget prévisionnel 2020 :").
- ``new_words``: each header naming who pays and/or what kind of money is
  replaced by a real phrasing of the same meaning from
  ``tests/data/header_phrases.csv``, one the lexicon does not hold where the
  file has one (see ``held_by_lexicon``: checked against the lexicon as it
  is when the variant is built, so a phrase the lexicon comes to hold gives
  way to one it still does not), the year kept when it is the figures' own.
  A header whose words say another party than its figures (a column read by
  a cross-reference) and unit-price columns are left as they are.
- ``upper_no_accents``: a table's headers and labels in capitals, without
  accents, or both.
- ``combined``: all of them, in that order.

Amounts are scored as ``gold/evaluate.py amounts`` does, within the (moved)
line ranges: strict (département, year, funder, nature, value, line) and
(value, line).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import io
import random
import re
import tempfile
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from bench.rewrite import (
    HEADER_CELL,
    RAW,
    YEAR,
    last_filled,
    reorder_cells,
    row_shift,
    swapped_header,
)
from bench.rewrite import table_runs as runs_of_lines
from calpae.extract.text import fold

ROOT = Path(__file__).resolve().parents[1]
GOLD_AMOUNTS = ROOT / "gold" / "amounts"
PHRASES = ROOT / "tests" / "data" / "header_phrases.csv"
LEXICON = ROOT / "calpae" / "schemas" / "reference" / "lexicon.toml"
FUNDERS = ("etat", "departement", "total", "other")
PARTIES = ("etat", "departement", "other")
NATURES = ("prevu", "execute", "report")
MOST = Decimal(2) / Decimal(3)  # a column's meaning: what two facts in three under it say
TAG = re.compile(r"<[^>]*>")
EDGE_TAGS = re.compile(r"^((?:\s*<[^>]+>)*\s*)(.*?)(\s*(?:<[^>]+>\s*)*)$", re.DOTALL)
MULTIPLIER = re.compile(r"k\s?€|\bk\s?e\b|\bk\s?euros?\b|\bmillions?\b|\bm\s?€", re.IGNORECASE)
NUMBER_CELL = re.compile(r"^[<>]?\s*-?\s*\d[\d\s\u00a0\u202f.,]*(?:\s*(?:€|k€|euros?))?$", re.I)
MAX_ROWS, MAX_COLUMNS = 10, 12  # a table small enough to turn
UNIT_CAPTIONS = ("(en milliers d'euros)", "En k€", "Montants en milliers d'€")
YEAR_CAPTIONS = {
    "prevu": (
        "Budget prévisionnel {year} :",
        "Prévisions pour {year} :",
        "Plan de financement {year}",
    ),
    "execute": (
        "Exécution {year} :",
        "Réalisations de l'exercice {year}",
        "Bilan financier {year} :",
    ),
    "": ("Exercice {year} :", "Année {year}"),
}


# --- a document whose gold facts ride in its cells -----------------------------------


@dataclass
class Fact:
    """One gold row; ``spans`` is how many tabs its evidence crosses (an
    OCR-split number over two cells)."""

    row: dict[str, str]
    spans: int = 0

    @property
    def evidence(self) -> str:
        return self.row["evidence"]


@dataclass
class Cell:
    text: str
    facts: list[Fact] = field(default_factory=list)


@dataclass
class Line:
    cells: list[Cell]
    origin: int  # the original line it stands for: the gold's ranges follow it

    @property
    def text(self) -> str:
        return "\t".join(cell.text for cell in self.cells)

    @property
    def tabbed(self) -> bool:
        return len(self.cells) > 1

    @property
    def facts(self) -> list[Fact]:
        return [fact for cell in self.cells for fact in cell.facts]


@dataclass
class Document:
    name: str
    lines: list[Line]
    ranges: list[tuple[int, int]]  # the gold's declared line ranges (original numbers)

    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


def load(
    name: str, text: str, rows: list[dict[str, str]], ranges: list[tuple[int, int]]
) -> Document:
    """The document with each gold row tied to the cell its evidence stands in
    (the line's evidences are taken in reading order, each once)."""
    lines = [
        Line([Cell(part) for part in raw.split("\t")], number)
        for number, raw in enumerate(text.split("\n"), 1)
    ]
    by_line: dict[int, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_line[int(row["source_line"])].append(row)
    for number, line_rows in by_line.items():
        place(lines[number - 1], line_rows)
    return Document(name, lines, ranges)


def place(line: Line, rows: list[dict[str, str]]) -> None:
    text = line.text
    claimed: list[tuple[int, int]] = []
    cursor = 0
    for row in rows:
        evidence = row["evidence"]
        at = free_match(text, evidence, cursor, claimed)
        if at is None:
            at = free_match(text, evidence, 0, claimed)
        if at is None:  # one figure read as several facts ("X € par an … de 2019 à 2021")
            at = free_match(text, evidence, 0, [])
        if at is None:
            raise ValueError(f"evidence {evidence!r} not on line {line.origin}: {text[:80]!r}")
        claimed.append((at, at + len(evidence)))
        cursor = at + len(evidence)
        index = text.count("\t", 0, at)
        line.cells[index].facts.append(Fact(dict(row), evidence.count("\t")))


def free_match(text: str, evidence: str, start: int, claimed: list[tuple[int, int]]) -> int | None:
    """Where ``evidence`` stands from ``start``, not inside a longer number and
    not over an evidence already placed."""
    at = text.find(evidence, start)
    while at >= 0:
        end = at + len(evidence)
        inside_number = (at > 0 and text[at - 1].isdigit() and evidence[0].isdigit()) or (
            end < len(text) and text[end].isdigit() and evidence[-1].isdigit()
        )
        if not inside_number and not any(a < end and at < b for a, b in claimed):
            return at
        at = text.find(evidence, at + 1)
    return None


def render(doc: Document) -> tuple[str, list[dict[str, str]], list[tuple[int, int]]]:
    """The text, its gold rows (by line, then reading order) and the ranges,
    every evidence checked to stand on its new line."""
    rows: list[tuple[int, int, dict[str, str]]] = []
    for number, line in enumerate(doc.lines, 1):
        text = line.text
        offset = 0
        for cell in line.cells:
            for fact in cell.facts:
                at = text.find(fact.evidence, offset)
                if at < 0 or at > offset + len(cell.text):
                    raise ValueError(f"{doc.name}: {fact.evidence!r} lost from line {number}")
                rows.append((number, at, {**fact.row, "source_line": str(number)}))
            offset += len(cell.text) + 1
    rows.sort(key=lambda item: item[:2])
    ranges = []
    for start, end in doc.ranges:
        numbers = [n for n, line in enumerate(doc.lines, 1) if start <= line.origin <= end]
        ranges.append((min(numbers), max(numbers)))
    return "\n".join(doc.texts()), [row for _, _, row in rows], ranges


# --- tables -------------------------------------------------------------------------


@dataclass
class Table:
    """A run of tab lines holding gold facts: header rows (the tab rows above
    the first row with a fact) and data rows; a row pushed right of its header
    (a merged cell) is read ``shift`` cells left."""

    doc: Document
    start: int
    end: int

    @property
    def rows(self) -> list[int]:
        return [i for i in range(self.start, self.end) if self.doc.lines[i].tabbed]

    @property
    def header(self) -> list[int]:
        rows = self.rows
        first = next((k for k, i in enumerate(rows) if self.doc.lines[i].facts), len(rows))
        return rows[:first]

    @property
    def data(self) -> list[int]:
        return self.rows[len(self.header) :]

    @property
    def headed(self) -> int:
        """The last filled cell of the first header row (no header: no limit)."""
        header = self.header
        if not header:
            return max(len(self.doc.lines[i].cells) for i in self.rows)
        return last_filled([cell.text for cell in self.doc.lines[header[0]].cells])

    def shift(self, index: int) -> int:
        return row_shift([cell.text for cell in self.doc.lines[index].cells], self.headed)

    def width(self) -> int:
        return max(len(self.doc.lines[i].cells) - self.shift(i) for i in self.rows)

    def column_facts(self) -> dict[int, list[Fact]]:
        """The facts under each (logical) column."""
        columns: dict[int, list[Fact]] = defaultdict(list)
        for index in self.data:
            shift = self.shift(index)
            for number, cell in enumerate(self.doc.lines[index].cells):
                columns[number - shift].extend(cell.facts)
        return columns

    def groups(self) -> list[tuple[int, int]]:
        """Column groups: each filled cell of the first header row with the
        empty ones after it (every column alone without a header)."""
        width = self.width()
        header = self.header
        if not header:
            return [(i, i + 1) for i in range(width)]
        cells = self.doc.lines[header[0]].cells
        starts = sorted({0} | {i for i, cell in enumerate(cells) if cell.text.strip()})
        return list(zip(starts, [*starts[1:], max(width, len(cells))], strict=True))

    def facts_under(self, span: tuple[int, int]) -> list[Fact]:
        columns = self.column_facts()
        return [fact for column in range(*span) for fact in columns.get(column, [])]

    def reorder(self, order: list[int], first: int) -> None:
        """Every tab row from ``first`` down with its cells in ``order``."""
        headed = self.headed
        for index in range(first, self.end):
            line = self.doc.lines[index]
            if line.tabbed:
                line.cells = reorder_cells(line.cells, order, headed, cell_text, blank_cell)

    def within_one_range(self) -> bool:
        origins = [self.doc.lines[i].origin for i in range(self.start, self.end)]
        return any(a <= min(origins) and max(origins) <= b for a, b in self.doc.ranges)


def cell_text(cell: Cell) -> str:
    return cell.text


def blank_cell() -> Cell:
    return Cell("")


def tables_of(doc: Document) -> list[Table]:
    """The document's tab tables that hold gold facts, in reading order."""
    tables = [Table(doc, start, end) for start, end in runs_of_lines(doc.texts())]
    return [table for table in tables if any(doc.lines[i].facts for i in table.rows)]


def most(values: Iterable[str]) -> str | None:
    """The value two in three say, if any."""
    counts = Counter(values)
    if not counts:
        return None
    value, count = counts.most_common(1)[0]
    return value if count >= MOST * sum(counts.values()) else None


def insert_captions(doc: Document, captions: list[tuple[int, str]]) -> None:
    """A caption line above each table start (indices as before any insertion)."""
    for index, caption in sorted(captions, reverse=True):
        doc.lines.insert(index, Line([Cell(caption)], doc.lines[index].origin))


def inner(text: str) -> tuple[str, str, str]:
    """A cell's text as (leading tags, words, trailing tags)."""
    match = EDGE_TAGS.match(text)
    assert match is not None
    return match.group(1), match.group(2), match.group(3)


# --- the variants ---------------------------------------------------------------------


def swap_blocks(doc: Document, rng: random.Random) -> int:
    """The State's and the département's column groups traded (bench.rewrite's
    rule), each fact under its own figure."""
    changed = 0
    texts = doc.texts()
    for start, end in runs_of_lines(texts):
        if found := swapped_header(texts, start, end):
            index, order = found
            Table(doc, index, end).reorder(order, index)
            changed += 1
    return changed


def total_first(doc: Document, rng: random.Random) -> int:
    return move_totals(doc, first=True)


def total_last(doc: Document, rng: random.Random) -> int:
    return move_totals(doc, first=False)


def move_totals(doc: Document, first: bool) -> int:
    changed = 0
    for table in reversed(tables_of(doc)):
        groups = table.groups()
        kinds = [most(f.row["funder"] for f in table.facts_under(g)) for g in groups]
        parties = [i for i, kind in enumerate(kinds) if kind in PARTIES]
        totals = [i for i, kind in enumerate(kinds) if kind == "total"]
        if not parties:
            continue
        if not totals:
            if first and add_total(table, groups, kinds):
                changed += 1
            continue
        anchor = parties[0] if first else parties[-1]
        movers = [i for i in totals if (i > anchor if first else i < anchor)]
        if not movers:
            continue
        rest = [i for i in range(len(groups)) if i not in movers]
        at = rest.index(anchor) + (0 if first else 1)
        new = rest[:at] + movers + rest[at:]
        order = [column for i in new for column in range(*groups[i])]
        table.reorder(order, (table.header or table.rows)[0])
        changed += 1
    return changed


def add_total(table: Table, groups: list[tuple[int, int]], kinds: list[str | None]) -> bool:
    """A total column (État + Département) before the parties, where the table
    has one single-column State group and one département group and no total."""
    state = [g for g, kind in zip(groups, kinds, strict=True) if kind == "etat"]
    department = [g for g, kind in zip(groups, kinds, strict=True) if kind == "departement"]
    if len(state) != 1 or len(department) != 1:
        return False
    (a, b), (c, d) = state[0], department[0]
    if b - a != 1 or d - c != 1 or any(f.spans for f in table.facts_under((a, d))):
        return False
    new_cells: dict[int, tuple[str, Fact | None]] = {}
    for index in table.data:
        line = table.doc.lines[index]
        shift = table.shift(index)
        pair = [line.cells[i + shift] if i + shift < len(line.cells) else Cell("") for i in (a, c)]
        facts = [fact for cell in pair for fact in cell.facts]
        if not facts:
            continue
        keys = {(f.row["year"], f.row["nature"], f.row["department_code"]) for f in facts}
        if len(facts) > 2 or len(keys) != 1 or any(len(cell.facts) > 1 for cell in pair):
            return False
        value = sum(Decimal(f.row["amount_eur"]) for f in facts)
        text = spell_like(facts[0].evidence, value)
        row = {
            **facts[0].row,
            "funder": "total",
            "amount_eur": f"{value:.2f}",
            "evidence": text,
            "notes": "layout total_first: a total column added (État + Département)",
        }
        new_cells[index] = (text, Fact(row))
    if not new_cells:
        return False
    at = min(a, c)
    for index in table.rows:
        line = table.doc.lines[index]
        shift = table.shift(index)
        while len(line.cells) < at + shift:
            line.cells.append(Cell(""))
        if index in new_cells:
            text, fact = new_cells[index]
            cell = Cell(text, [fact] if fact else [])
        else:
            cell = Cell("Total" if table.header and index == table.header[0] else "")
        line.cells.insert(at + shift, cell)
    return True


def spell_like(evidence: str, value: Decimal) -> str:
    """``value`` written as a table's euro cell is (``155 000 €``, ``12 500,50 €``)."""
    whole, cents = divmod(value, 1)
    text = f"{int(whole):,}".replace(",", " ")
    if cents or "," in evidence:
        text += "," + f"{value:.2f}".split(".")[1]
    return text + (" €" if "€" in evidence else "")


def thousands(doc: Document, rng: random.Random) -> int:
    """Money tables in thousands of euros, the unit in a caption or the headers."""
    captions: list[tuple[int, str]] = []
    changed = 0
    for table in tables_of(doc):
        if not in_whole_euros(table):
            continue
        style = rng.randrange(len(UNIT_CAPTIONS) + 1)
        for index in table.data:
            for cell in doc.lines[index].cells:
                if is_bare(cell):
                    (fact,) = cell.facts
                    lead, _, trail = inner(cell.text)
                    figure = in_thousands(Decimal(fact.row["amount_eur"]))
                    cell.text = lead + figure + trail
                    fact.row["evidence"] = figure
        if style == len(UNIT_CAPTIONS) and unit_in_headers(table):
            changed += 1
            continue
        captions.append((table.start, UNIT_CAPTIONS[style % len(UNIT_CAPTIONS)]))
        changed += 1
    insert_captions(doc, captions)
    return changed


def is_bare(cell: Cell) -> bool:
    """A cell that is one amount and nothing else."""
    return len(cell.facts) == 1 and inner(cell.text)[1].strip() == cell.facts[0].evidence.strip()


def in_whole_euros(table: Table) -> bool:
    """Whether every money cell of the table is a bare amount of whole euros
    (or says its own multiplier in words) and no other cell is a bare number."""
    bare = 0
    for index in table.data:
        for cell in table.doc.lines[index].cells:
            words = TAG.sub("", cell.text).strip()
            if not cell.facts:
                if NUMBER_CELL.match(words) and not YEAR.fullmatch(words):
                    return False
                continue
            if any(fact.spans for fact in cell.facts):
                return False
            if is_bare(cell):
                if Decimal(cell.facts[0].row["amount_eur"]) % 1:
                    return False
                bare += 1
            elif not all(MULTIPLIER.search(fact.evidence) for fact in cell.facts):
                return False
    return bare >= 2


def in_thousands(value: Decimal) -> str:
    """Euros written in thousands, exact: 72800 → '72,8', 1137000 → '1 137'."""
    thousand = (value / 1000).quantize(Decimal("0.001"))
    assert thousand * 1000 == value, value
    sign = "-" if thousand < 0 else ""
    whole, _, decimals = f"{abs(thousand):f}".partition(".")
    text = f"{int(whole):,}".replace(",", " ")
    decimals = decimals.rstrip("0")
    return sign + text + ("," + decimals if decimals else "")


def unit_in_headers(table: Table) -> bool:
    """'(k€)' after each money group's header, when every one has words."""
    if not table.header:
        return False
    cells = table.doc.lines[table.header[0]].cells
    money = [g for g in table.groups() if table.facts_under(g)]
    heads = [cells[a] if a < len(cells) else Cell("") for a, _ in money]
    if not heads or any(not re.search(r"[^\W\d_]", TAG.sub("", h.text)) for h in heads):
        return False
    for head in heads:
        lead, words, trail = inner(head.text)
        head.text = f"{lead}{words} (k€){trail}"
    return True


def caption_year(doc: Document, rng: random.Random) -> int:
    """A one-year table's year out of its headers, into a caption above."""
    captions: list[tuple[int, str]] = []
    for table in tables_of(doc):
        if (year := header_year(table)) is None:
            continue
        for index in table.header:
            for cell in doc.lines[index].cells:
                if re.search(rf"\b{year}\b", cell.text) and not report_year(cell.text, year):
                    lead, words, trail = inner(cell.text)
                    words = re.sub(rf"\s*\(?\b{year}\b\)?", "", words).strip(" -–:")
                    cell.text = lead + words + trail if words else ""
        nature = most(f.row["nature"] for i in table.data for f in doc.lines[i].facts) or ""
        templates = YEAR_CAPTIONS.get(nature, YEAR_CAPTIONS[""])
        captions.append((table.start, rng.choice(templates).format(year=year)))
    insert_captions(doc, captions)
    return len(captions)


def report_year(text: str, year: str) -> bool:
    """'Report 2019': the year of a carry-over, which stays in its header."""
    return bool(re.search(rf"report\w*\s+{year}", fold(text)))


def header_year(table: Table) -> str | None:
    """The one year the table's headers carry, when every fact under them (or
    in the table, for a year in a corner cell over the labels) is of that
    year."""
    found: dict[str, list[Fact]] = defaultdict(list)
    for index in table.header:
        cells = table.doc.lines[index].cells
        starts = [i for i, cell in enumerate(cells) if cell.text.strip()]
        for i, end in zip(starts, [*starts[1:], table.width()], strict=True):
            years = YEAR.findall(cells[i].text)
            if len(years) == 1 and not report_year(cells[i].text, years[0]):
                found[years[0]].extend(table.facts_under((i, end)))
    if len(found) != 1:
        return None
    ((year, facts),) = found.items()
    facts = facts or [fact for i in table.data for fact in table.doc.lines[i].facts]
    return year if facts and all(f.row["year"] == year for f in facts) else None


def transposed(doc: Document, rng: random.Random) -> int:
    """Small clean tables turned a quarter: columns become rows."""
    changed = 0
    for table in reversed(tables_of(doc)):
        if not turnable(table):
            continue
        lines = doc.lines[table.start : table.end]
        width = max(len(line.cells) for line in lines)
        grid = [line.cells + [Cell("") for _ in range(width - len(line.cells))] for line in lines]
        kept = [j for j in range(width) if any(row[j].text.strip() for row in grid)]
        turned = [
            Line([row[j] for row in grid], lines[min(k, len(lines) - 1)].origin)
            for k, j in enumerate(kept)
        ]
        doc.lines[table.start : table.end] = turned
        changed += 1
    return changed


def turnable(table: Table) -> bool:
    lines = table.doc.lines[table.start : table.end]
    return (
        all(line.tabbed for line in lines)
        and 2 <= len(lines) <= MAX_ROWS
        and max(len(line.cells) for line in lines) <= MAX_COLUMNS
        and not any(fact.spans for line in lines for fact in line.facts)
        and not any(table.shift(i) for i in table.rows)
        and table.within_one_range()
    )


def new_words(doc: Document, rng: random.Random) -> int:
    """Headers naming a funder and/or a nature in other real words."""
    phrases = header_phrases()
    chosen: dict[str, str] = {}
    changed = 0
    for table in tables_of(doc):
        header_texts = {doc.lines[i].text for i in table.header}
        renamed = header_renames(table, phrases, chosen, rng)
        for index in table.rows:  # the header and its repeats after a page break
            line = doc.lines[index]
            if line.text in header_texts:
                for cell in line.cells:
                    if cell.text in renamed:
                        cell.text = renamed[cell.text]
                        changed += 1
    return changed


def header_renames(
    table: Table, phrases: list[dict[str, str]], chosen: dict[str, str], rng: random.Random
) -> dict[str, str]:
    """Each header cell's text → its new words (one choice per original text)."""
    doc = table.doc
    renamed: dict[str, str] = {}
    for index in table.header:
        cells = doc.lines[index].cells
        starts = [i for i, cell in enumerate(cells) if cell.text.strip()]
        for i, end in zip(starts, [*starts[1:], table.width()], strict=True):
            original = cells[i].text
            facts = table.facts_under((i, end))
            meaning = header_meaning(original, facts)
            if meaning is None:
                continue
            if original not in chosen:
                chosen[original] = pick_phrase(phrases, *meaning, rng)
            if chosen[original]:
                renamed[original] = reword(original, chosen[original], facts)
    return renamed


def header_meaning(text: str, facts: list[Fact]) -> tuple[str, str] | None:
    """(funder, nature) a short header cell names, from the facts under it,
    when its words say the same party (a header naming none is the whole
    amount); the nature only when its words name one. Unit prices and other
    money that is not the programme's are left alone."""
    funder = most(f.row["funder"] for f in facts)
    nature = most(f.row["nature"] for f in facts)
    read_funder, read_nature = lexicon_reading(text)
    if funder is None or nature not in NATURES or len(fold(TAG.sub("", text))) > HEADER_CELL:
        return None
    if (read_funder is None and read_nature is None) or (read_funder or "total") != funder:
        return None
    return funder, nature if read_nature else ""


def reword(text: str, phrase: str, facts: list[Fact]) -> str:
    """The header's words replaced by ``phrase``, its tags kept, and its year
    when it is the year of the figures under it."""
    lead, words, trail = inner(text)
    years = [y for y in YEAR.findall(words) if all(f.row["year"] == y for f in facts)]
    return lead + " ".join([phrase, *years]) + trail


def upper_no_accents(doc: Document, rng: random.Random) -> int:
    """A table's cells in capitals, without accents, or both (tags kept)."""
    styles: list[Callable[[str], str]] = [
        str.upper,
        strip_accents,
        lambda c: strip_accents(c).upper(),
    ]
    tables = tables_of(doc)
    for table in tables:
        style = rng.choice(styles)
        for index in table.rows:
            for cell in doc.lines[index].cells:
                cell.text = outside_tags(cell.text, style)
                for fact in cell.facts:
                    fact.row["evidence"] = outside_tags(fact.evidence, style)
    return len(tables)


def strip_accents(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base or char


def outside_tags(text: str, style: Callable[[str], str]) -> str:
    """Each character outside HTML tags through ``style`` (one at a time, so
    that a substring stays a substring)."""
    parts = re.split(r"(<[^>]*>)", text)
    return "".join(
        part if part.startswith("<") and part.endswith(">") else "".join(map(style, part))
        for part in parts
    )


VARIANTS: dict[str, Callable[[Document, random.Random], int]] = {
    "swap_blocks": swap_blocks,
    "thousands": thousands,
    "total_first": total_first,
    "total_last": total_last,
    "transposed": transposed,
    "caption_year": caption_year,
    "new_words": new_words,
    "upper_no_accents": upper_no_accents,
}
COMBINED = (  # the order the combined variant applies them in
    "swap_blocks",
    "total_first",
    "new_words",
    "caption_year",
    "thousands",
    "transposed",
    "upper_no_accents",
)
ALL = (*VARIANTS, "combined")


def steps(spec: str) -> list[str]:
    """A variant's transformations: a name, ``combined``, or names joined by '+'."""
    if spec == "original":
        return []
    names = list(COMBINED) if spec == "combined" else spec.split("+")
    unknown = [name for name in names if name not in VARIANTS]
    if unknown:
        raise ValueError(f"unknown variant(s) {unknown}; known: {', '.join(ALL)}")
    return names


# --- the header phrases and the lexicon ---------------------------------------------------


def header_phrases(path: Path = PHRASES) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def lexicon_cues(path: Path = LEXICON) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        name: [(cue["label"], re.compile(cue["pattern"])) for cue in data[name]["cue"]]
        for name in ("funder", "nature")
    }


def lexicon_reading(text: str, path: Path = LEXICON) -> tuple[str | None, str | None]:
    """(funder, nature) the lexicon's cues read in a header, first cue winning."""
    folded = fold(TAG.sub(" ", text))
    found = []
    for cues in lexicon_cues(path).values():
        found.append(next((label for label, cue in cues if cue.search(folded)), None))
    return found[0], found[1]


def held_by_lexicon(phrase: dict[str, str], path: Path = LEXICON) -> bool:
    """Whether the lexicon's cues already read the phrase's funder and nature."""
    funder, nature = lexicon_reading(phrase["phrase"], path)
    return funder == phrase["funder"] and (not phrase["nature"] or nature == phrase["nature"])


def pick_phrase(phrases: list[dict[str, str]], funder: str, nature: str, rng: random.Random) -> str:
    """A phrase of that meaning, one the lexicon does not hold where there is
    one; '' when the file has none."""
    same = sorted(p["phrase"] for p in phrases if (p["funder"], p["nature"]) == (funder, nature))
    new = [p for p in same if not held_by_lexicon(next(q for q in phrases if q["phrase"] == p))]
    pool = new or same
    return rng.choice(pool) if pool else ""


# --- building and scoring -------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """A variant's documents, gold rows, ranges, and the tables each step changed."""

    texts: dict[str, str]
    rows: list[dict[str, str]]
    ranges: list[dict[str, str]]
    changed: dict[str, int]


@dataclass(frozen=True)
class Score:
    strict: tuple[
        float, float
    ]  # precision, recall of (département, year, funder, nature, value, line)
    value: tuple[float, float]  # precision, recall of (value, line)


def gold(names: list[str]) -> tuple[list[dict[str, str]], list[dict[str, str]], list[str]]:
    with (GOLD_AMOUNTS / "amounts.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if row["source_file"] in names]
        fields = list(reader.fieldnames or [])
    with (GOLD_AMOUNTS / "ranges.csv").open(encoding="utf-8", newline="") as handle:
        ranges = [row for row in csv.DictReader(handle) if row["source_file"] in names]
    return rows, ranges, fields


def build(spec: str, names: list[str] | None = None, seed: int = 0, raw: Path = RAW) -> Layout:
    """The variant ``spec`` of the sample documents ``names`` and its gold."""
    names = names or sorted(path.name for path in raw.glob("*.txt"))
    rows, range_rows, _ = gold(names)
    texts, out_rows, out_ranges = {}, [], []
    changed: Counter[str] = Counter()
    for name in names:
        ranges = [
            (int(r["line_from"]), int(r["line_to"])) for r in range_rows if r["source_file"] == name
        ]
        doc = load(
            name,
            (raw / name).read_text(encoding="utf-8"),
            [row for row in rows if row["source_file"] == name],
            ranges,
        )
        for step in steps(spec):
            changed[step] += VARIANTS[step](doc, random.Random(f"{seed}:{step}:{name}"))
        texts[name], doc_rows, doc_ranges = render(doc)
        out_rows.extend(doc_rows)
        notes = [r["notes"] for r in range_rows if r["source_file"] == name]
        out_ranges.extend(
            {"source_file": name, "line_from": str(a), "line_to": str(b), "notes": note}
            for (a, b), note in zip(doc_ranges, notes, strict=True)
        )
    return Layout(texts, out_rows, out_ranges, dict(changed))


def write(layout: Layout, folder: Path) -> None:
    """``folder/raw/*.txt``, ``folder/amounts.csv`` and ``folder/ranges.csv``."""
    (folder / "raw").mkdir(parents=True, exist_ok=True)
    for name, text in layout.texts.items():
        (folder / "raw" / name).write_text(text, encoding="utf-8")
    _, _, fields = gold(list(layout.texts))
    for file, rows, columns in (
        ("amounts.csv", layout.rows, fields),
        ("ranges.csv", layout.ranges, ["source_file", "line_from", "line_to", "notes"]),
    ):
        with (folder / file).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def score(layout: Layout, workers: int = 2, show: int = 0) -> Score:
    """Ingest the layout's documents into a fresh warehouse and score its
    amounts against the layout's gold, as ``gold/evaluate.py amounts`` does."""
    import duckdb

    from calpae.ingest.run import ingest
    from gold import evaluate

    with tempfile.TemporaryDirectory() as tmp:
        write(layout, Path(tmp))
        db = Path(tmp) / "layout.duckdb"
        with contextlib.redirect_stdout(io.StringIO()):
            ingest([Path(tmp) / "raw"], db, workers=workers)
        con = duckdb.connect(str(db), read_only=True)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            evaluate.evaluate_amounts(con, layout.rows, layout.ranges, show=show)
        con.close()
    if show:
        print(printed.getvalue(), end="")
    return Score(evaluate.RESULTS["amounts all"], evaluate.RESULTS["(value, line) all"])


def measure(
    variants: Iterable[str] = ALL,
    names: list[str] | None = None,
    seed: int = 0,
    workers: int = 2,
    show: int = 0,
) -> dict[str, Score]:
    """The originals' score and each variant's, by name (for a CI floor:
    ``behind(measure())`` empty when every variant's strict recall stays
    within two points of the originals')."""
    scores = {}
    for spec in ["original", *variants]:
        if show:
            print(f"== {spec}")
        scores[spec] = score(build(spec, names, seed), workers, show)
    return scores


def behind(scores: dict[str, Score], points: float = 2.0) -> dict[str, float]:
    """The variants whose strict recall falls more than ``points`` under the
    originals', with by how many points (the issue's floor: none)."""
    base = scores["original"].strict[1]
    gaps = {spec: 100 * (base - score.strict[1]) for spec, score in scores.items()}
    return {spec: round(gap, 1) for spec, gap in gaps.items() if gap > points}


def summary(original: Layout, layout: Layout) -> str:
    """How many gold facts a variant respelled and moved to another line,
    and what each of its steps changed (tables, or header cells for
    new_words)."""

    def count(key: Callable[[dict[str, str]], tuple]) -> int:
        return sum((Counter(map(key, original.rows)) - Counter(map(key, layout.rows))).values())

    respelled = count(lambda r: (r["source_file"], r["evidence"]))
    moved = count(lambda r: (r["source_file"], r["source_line"]))
    steps = ", ".join(f"{step} {n}" for step, n in layout.changed.items())
    return f"{respelled} respelled, {moved} on another line; changed: {steps or 'nothing'}"


def table(scores: dict[str, Score], changed: dict[str, dict[str, int]] | None = None) -> str:
    base = scores["original"]
    lines = [
        f"{'variant':<22} {'strict P':>8} {'strict R':>8} {'value P':>8} {'value R':>8}"
        f" {'Δ strict R':>10} {'Δ value R':>9}  changed",
    ]
    for spec, s in scores.items():
        delta_strict = 100 * (s.strict[1] - base.strict[1])
        delta_value = 100 * (s.value[1] - base.value[1])
        what = ", ".join(f"{k} {v}" for k, v in (changed or {}).get(spec, {}).items())
        lines.append(
            f"{spec:<22} {s.strict[0]:>8.3f} {s.strict[1]:>8.3f} {s.value[0]:>8.3f}"
            f" {s.value[1]:>8.3f} {delta_strict:>+10.1f} {delta_value:>+9.1f}  {what}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="sample files (default: all five)")
    parser.add_argument(
        "--variant", action="append", help=f"one of {', '.join(ALL)}, or names joined by '+'"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="list N missed/extra facts per file")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", type=Path, help="write each variant under this folder; no score")
    args = parser.parse_args(argv)
    names = args.names or sorted(path.name for path in RAW.glob("*.txt"))
    variants = args.variant or list(ALL)
    layouts = {spec: build(spec, names, args.seed) for spec in ["original", *variants]}
    for spec, layout in layouts.items():
        print(f"{spec}: {len(layout.rows)} gold facts, {summary(layouts['original'], layout)}")
    if args.write:
        for spec, layout in layouts.items():
            write(layout, args.write / spec)
        print(f"written under {args.write}")
        return 0
    scores = {}
    for spec, layout in layouts.items():
        if args.show:
            print(f"== {spec}")
        scores[spec] = score(layout, args.workers, args.show)
    print()
    print(table(scores, {spec: layout.changed for spec, layout in layouts.items()}))
    late = behind(scores)
    print(f"more than 2 points under the originals' strict recall: {late or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
