"""Building the IR page (``calpae.schemas.ir``) of a PDF page: its blocks
(headings, paragraphs, tables) over its text, soft wraps joined.

Line numbers and offsets (the IR convention for PDFs): ``line`` is a 1-based
line of the page text (``Page.text``), ``char_start`` / ``char_end`` are
offsets into it, and ``raw == page.text[char_start:char_end]`` for every line
and for every cell written in one run of the page text.

- A row's ``line`` is the first page-text line holding one of its characters;
  a row without any takes the line of the row before (or the table's first).
- A cell's ``text`` is its characters' text (``cells.text_of_chars``), spaces
  collapsed, one line per cell line. Its ``raw`` is the stretch of page text
  that holds its characters and white space: the whole cell when pdfium
  writes it in one run (the usual case: it writes a cell's lines one after
  the other). When the producer wrote the row line by line across its cells,
  or cut a word at the cell's rule, the cell keeps each run (``Cell.pieces``:
  offsets and line) and its ``raw`` joins them. A cell's ``line`` is the line
  where its first run starts. An empty cell is the empty string at the start
  of its row's line.

The table block replaces the page-text lines of its table, where the first of
them stood; a table none of whose text is in the page text goes last.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from calpae.readers.pdf.cells import PlacedCell, PlacedRow, PlacedTable, place_tables
from calpae.readers.pdf.chars import HYPHENS, RULE_GLYPHS, PageText, TextLine
from calpae.readers.pdf.layout import body_height_of, body_weight_of, is_heading, page_layout
from calpae.readers.pdf.settings import PdfSettings
from calpae.readers.pdf.tables import TableGrid
from calpae.schemas.ir import Block, Cell, Line, Page, Row


def build_page(source: PageText, grids: list[TableGrid], settings: PdfSettings) -> Page:
    """The page's blocks, over its text with soft wraps joined: a paragraph's
    lines (and a cell's wrapped lines) are one line of the page text, as in
    a text export, so that a sentence wrapped by the layout reads as one."""
    placed = place_tables(source, grids, settings) if grids else []
    owner = {number: i for i, table in enumerate(placed) for number in table.lines}
    body_height = body_height_of(source, owner)
    body_weight = body_weight_of(source, owner)
    layout = page_layout(source, placed, owner, settings)

    scanned = source.is_scanned(settings)
    blanks = {i for i, char in enumerate(source.text) if char in RULE_GLYPHS} if scanned else set()
    joined = JoinedText.of(source.text, wraps_of(layout), blanks)
    number = source.index + 1
    blocks = [
        text_block(item, number, body_height, body_weight, joined, settings)
        if isinstance(item, list)
        else table_block(item, joined, number)
        for item in layout
    ]
    return Page(number=number, blocks=tuple(blocks), text=joined.text)


def wraps_of(layout: list[list[TextLine] | PlacedTable]) -> set[int]:
    """The page-text line ends that only wrap: inside a paragraph, inside a cell."""
    wraps: set[int] = set()
    for item in layout:
        if isinstance(item, list):
            wraps |= {line.end for line in item[:-1]}
        else:
            wraps |= {offset for row in item.rows for cell in row.cells for offset in cell.wraps}
    return wraps


@dataclass(frozen=True)
class JoinedText:
    """The page text with its soft wraps made spaces (offsets unchanged), and
    its line numbers. On a scanned page, the "|" OCR reads from a table's
    rules is blanked too: it is no text of the document."""

    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str, wraps: set[int], blanks: set[int] = frozenset()) -> JoinedText:
        chars = list(text)
        for offset in wraps | blanks:
            if 0 <= offset < len(chars) and (chars[offset] == "\n" or offset in blanks):
                chars[offset] = " "
        joined = "".join(chars)
        starts = [0] + [i + 1 for i, char in enumerate(joined) if char == "\n"]
        return cls(joined, tuple(starts))

    def line_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def text_block(
    group: list[TextLine],
    page: int,
    body_height: float,
    body_weight: int,
    joined: JoinedText,
    settings: PdfSettings,
) -> Block:
    """A paragraph (its lines joined into one) or a heading."""
    first, last = group[0], group[-1]
    raw = joined.text[first.start : last.end]
    parts: list[str] = []
    for line in group:  # "médico-" at a line end goes on without a space: "médico-sociaux"
        words = " ".join(joined.text[line.start : line.end].split())
        if parts and parts[-1].endswith(tuple(HYPHENS)):
            parts[-1] += words
        elif words:
            parts.append(words)
    text = " ".join(parts)
    line = Line(joined.line_at(first.start), first.start, last.end, raw, text)
    heading = is_heading(text, first, len(group), body_height, body_weight, settings)
    return Block(
        kind="heading" if heading else "paragraph",
        page=page,
        line_start=line.number,
        line_end=line.number,
        char_start=first.start,
        char_end=last.end,
        lines=(line,),
        level=1 if heading else 0,
    )


def table_block(placed: PlacedTable, joined: JoinedText, page: int) -> Block:
    """The table block over its lines; a table none of whose text is in the page
    text sits, empty-handed, at the end of the page's text."""
    offsets = [o for row in placed.rows for cell in row.cells for o in cell.offsets]
    char_start = min(offsets) if offsets else len(joined.text)
    char_end = max(offsets) + 1 if offsets else len(joined.text)
    first_line = joined.line_at(char_start)
    rows = []
    previous = first_line
    for row in placed.rows:
        line = joined.line_at(row.first) if row.first is not None else previous
        rows.append(row_of(row, line, joined, page))
        previous = line
    return Block(
        kind="table",
        page=page,
        line_start=first_line,
        line_end=joined.line_at(max(char_end - 1, char_start)),
        char_start=char_start,
        char_end=char_end,
        rows=tuple(rows),
    )


def row_of(row: PlacedRow, line: int, joined: JoinedText, page: int) -> Row:
    row_start = row.first if row.first is not None else joined.starts[line - 1]
    cells = tuple(cell_of(cell, row_start, joined) for cell in row.cells)
    return Row(cells=cells, line=line, page=page)


def cell_of(cell: PlacedCell, row_start: int, joined: JoinedText) -> Cell:
    """The cell over its runs of the page text: one run when the producer
    wrote the cell whole, several when it wrote the row line by line across
    its cells (its raw text is then the runs, parted as in the cell)."""
    if not cell.offsets:
        line = joined.line_at(row_start)
        return Cell(text="", raw="", line=line, char_start=row_start, char_end=row_start)
    runs = runs_of(joined.text, sorted(cell.offsets), set(cell.glued))
    breaks, glued = set(cell.breaks), set(cell.glued)
    raw, pieces = "", []
    for start, end in runs:
        if raw:
            raw += "" if start in glued else "\n" if start in breaks else " "
        pieces.append((len(raw), start, end, joined.line_at(start)))
        raw += joined.text[start:end]
    return Cell(
        text=cell.text,
        raw=raw,
        line=pieces[0][3],
        char_start=runs[0][0],
        char_end=runs[-1][1],
        pieces=tuple(pieces) if len(runs) > 1 else (),
    )


def runs_of(text: str, offsets: list[int], starts: set[int] = frozenset()) -> list[tuple[int, int]]:
    """The spans of ``text`` holding only ``offsets`` and white space, in order;
    a run starts too at each of ``starts``."""
    runs = [(offsets[0], offsets[0] + 1)]
    for offset in offsets[1:]:
        start, end = runs[-1]
        if offset in starts or text[end:offset].strip():  # another cell's text in between
            runs.append((offset, offset + 1))
        else:
            runs[-1] = (start, offset + 1)
    return runs
