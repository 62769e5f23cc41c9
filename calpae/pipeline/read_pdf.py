"""Read a PDF with a text layer into the intermediate representation.

Design
------
pdfplumber finds ruled tables well but reads a page slowly (a few pages/s):
pdfminer builds, and pdfplumber converts, an object per character. pypdfium2
extracts a page's text at over a hundred pages/s. So:

1. Fast path, every page: pypdfium2 gives the page text (``\\r\\n`` made
   ``\\n``, and the line-end hyphen it reports as U+FFFE made ``-``) and, per
   line, the font box of its first visible character (for paragraph breaks
   and headings).
2. Table pages: only a page that draws ruling, at least
   ``RULING_MIN_SEGMENTS`` straight path segments (lines, rectangles), goes to
   pdfplumber's table finder (default settings, ``find_page_tables``).
   Bezier-only drawings (logos) do not count. The test is generous: a false
   positive only costs time.
3. On a table page, pdfplumber parses the page's drawings only
   (``DrawingsPage``: pdfminer skips the text operators), which is all its
   "lines" table finder reads. Cell texts are made from pypdfium2's characters
   (their font boxes) by pdfplumber's own rules: a character whose centre is in
   a row's box, then in a cell's box, belongs to that cell, and the cell's
   characters are joined by ``pdfplumber.utils.extract_text``, as
   ``Table.extract`` does. The same characters tie the table to the page text:
   a page-text line whose visible characters lie mostly inside a table's box
   belongs to that table; the table block replaces those lines, where the
   first of them stood. A table none of whose text is in the page text goes
   last.
4. A table that runs over a page break comes back as one piece per page; the
   pieces are joined (``join_continued_tables``).

Coordinates: pdfium boxes are in PDF user space, y upwards; pdfplumber's are y
downwards: ``top = MediaBox height - y``. Boxes here are ``(x0, top, x1,
bottom)`` in pdfplumber's convention. Rotated pages are not handled.

Line numbers and offsets (the IR convention for PDFs): ``line`` is a 1-based
line of the page text (``Page.text``), ``char_start`` / ``char_end`` are
offsets into it, and ``raw == page.text[char_start:char_end]`` for every line
and cell.

- A row's ``line`` is the first page-text line holding one of its characters;
  a row without any takes the line of the row before (or the table's first).
- A cell's ``text`` is its characters' text (above), spaces collapsed, one
  line per cell line. Its ``raw`` is the longest stretch of page text that
  starts at the cell's first character and holds nothing but the cell's
  characters and white space: the whole cell when pdfium writes it in one
  piece (the usual case: it writes a cell's lines one after the other), else
  its first part. A cell's ``line`` is the line where ``raw`` starts. An empty
  cell is the empty string at the start of its row's line.

Blocks: page-text lines outside tables are grouped into paragraphs, broken at
blank lines, at a vertical gap over ``PARAGRAPH_GAP`` line heights, where the
text goes back up the page or changes font size, and around tables. A one-line
group is a heading (level 1) when it is short and set in a larger font than
the page's body text, in capitals, or starts like "ARTICLE 2".

Errors: not a PDF, encrypted, truncated or corrupt: ``UnreadableDocument``
(pdfium repairs some truncated files, so a file must end with ``%%EOF``);
fewer than ``MIN_TEXT_CHARS`` visible characters over all pages: ``NeedsOCR``.

Documents are read in parallel by the pipeline (``pipeline.run``), one
document per worker process.
"""

from __future__ import annotations

import io
import re
import statistics
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTPage
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdevice import PDFTextSeq
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFTextState
from pdfplumber.utils import extract_text

from calpae.pipeline.errors import NeedsOCR, UnreadableDocument
from calpae.pipeline.tables import join_continued_tables
from calpae.schemas.ir import Block, Cell, Line, Page, Row

MIN_TEXT_CHARS = 10
RULING_MIN_SEGMENTS = 3
"""Straight path segments that make a page worth the table finder (one rectangle)."""
PARAGRAPH_GAP = 0.4
"""A vertical gap over this many line heights starts a new paragraph."""
FONT_CHANGE = 0.15
"""A line height differing by more than this share starts a new paragraph."""
HEADING_SCALE = 1.15
"""A line this much taller than the page's body text may be a heading."""
HEADING_MAX_CHARS = 120
LINE_END_HYPHEN = "\ufffe"
HEADER_BYTES = 1024
TRAILER_BYTES = 2048

Box = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)``, y downwards from the top of the page."""

_NUMBERED_HEADING = re.compile(
    r"^(article|titre|chapitre|annexe|partie)\s+(\d+|[ivxlc]+\b|premier|1er)", re.I
)


# --- what pypdfium2 gives for a page ------------------------------------------


@dataclass(frozen=True)
class TextLine:
    """A line of the page text; ``top``/``bottom`` come from the font box of its
    first visible character, ``None`` for a blank line."""

    number: int
    start: int
    raw: str
    top: float | None
    bottom: float | None

    @property
    def end(self) -> int:
        return self.start + len(self.raw)

    @property
    def height(self) -> float:
        return (self.bottom or 0.0) - (self.top or 0.0)

    @property
    def text(self) -> str:
        return " ".join(self.raw.split())


@dataclass(frozen=True)
class PdfChar:
    """A character drawn on the page (not one pdfium inserted), at an offset of
    the page text, with its font box."""

    offset: int
    text: str
    box: Box
    x: float
    y: float
    """Centre of the box."""

    @classmethod
    def of(cls, offset: int, text: str, box: Box) -> PdfChar:
        return cls(offset, text, box, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2)

    def as_plumber_char(self) -> dict[str, object]:
        """The keys pdfplumber's cell text extraction reads."""
        x0, top, x1, bottom = self.box
        return {
            "text": self.text,
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "upright": True,
        }


@dataclass(frozen=True)
class PageText:
    index: int
    text: str
    lines: tuple[TextLine, ...]
    has_ruling: bool
    chars: tuple[PdfChar, ...] = ()
    """Filled on pages with ruling only: table pages need every character placed."""

    @property
    def visible_chars(self) -> int:
        return sum(not char.isspace() for char in self.text)

    @cached_property
    def line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def line_at(self, offset: int) -> int:
        """The 1-based number of the line holding ``offset``."""
        return bisect_right(self.line_starts, offset)


# --- what pdfplumber gives for a table, tied to the page text ------------------


@dataclass(frozen=True)
class TableGrid:
    """A table found by pdfplumber: its box, and per row its box and cell boxes
    (``None`` where a merged cell spans the column)."""

    bbox: Box
    rows: tuple[tuple[Box, tuple[Box | None, ...]], ...]


@dataclass(frozen=True)
class PlacedCell:
    text: str
    offsets: tuple[int, ...]
    """Offsets of the cell's visible characters in the page text."""


@dataclass(frozen=True)
class PlacedRow:
    line: int | None
    """First page-text line holding one of the row's characters."""
    cells: tuple[PlacedCell, ...]


@dataclass(frozen=True)
class PlacedTable:
    """A table with its cell texts and the page-text lines it replaces."""

    bbox: Box
    lines: frozenset[int]
    rows: tuple[PlacedRow, ...]


# --- entry points -------------------------------------------------------------


def read_pdf(data: bytes) -> list[Page]:
    """Pages of blocks of a PDF with a text layer."""
    check_envelope(data)
    texts = extract_page_texts(data)
    visible = sum(page.visible_chars for page in texts)
    if visible < MIN_TEXT_CHARS:
        raise NeedsOCR(f"no text layer on {len(texts)} pages: {visible} visible characters in all")
    tables = find_tables(data, [page.index for page in texts if page.has_ruling])
    pages = [build_page(page, tables.get(page.index, [])) for page in texts]
    return join_continued_tables(pages)


# --- opening ------------------------------------------------------------------


def check_envelope(data: bytes) -> None:
    """A PDF starts with ``%PDF-`` and ends with ``%%EOF``; a cut file lacks the end.

    pdfium repairs some truncated files and would read them partially.
    """
    if b"%PDF-" not in data[:HEADER_BYTES]:
        raise UnreadableDocument("not a PDF: no %PDF- header")
    if b"%%EOF" not in data[-TRAILER_BYTES:]:
        raise UnreadableDocument("truncated or corrupt PDF: no %%EOF trailer at the end")


def open_document(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(_reason_of(error)) from error


def _reason_of(error: pdfium.PdfiumError) -> str:
    code = getattr(error, "err_code", None)
    if code == pdfium_raw.FPDF_ERR_PASSWORD:
        return "encrypted PDF (password required)"
    if code == pdfium_raw.FPDF_ERR_SECURITY:
        return "encrypted PDF (unsupported security handler)"
    if code == pdfium_raw.FPDF_ERR_FORMAT:
        return f"truncated or corrupt PDF: {error}"
    return f"unreadable PDF: {error}"


# --- fast path: text of every page --------------------------------------------


def extract_page_texts(data: bytes) -> list[PageText]:
    document = open_document(data)
    try:
        if len(document) == 0:
            raise UnreadableDocument("PDF without any page")
        return [page_text_of(document, index) for index in range(len(document))]
    finally:
        document.close()


def page_text_of(document: pdfium.PdfDocument, index: int) -> PageText:
    try:
        page = document[index]
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(f"corrupt page {index + 1}: {error}") from error
    try:
        textpage = page.get_textpage()
        try:
            text, box_of = _text_and_boxes(page, textpage)
            ruling = has_ruling(page)
            chars = chars_of(text, box_of) if ruling else ()
            return PageText(index, text, text_lines(text, box_of), ruling, chars)
        finally:
            textpage.close()
    finally:
        page.close()


def _text_and_boxes(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage
) -> tuple[str, Callable[[int], Box | None]]:
    """The page text, and a function giving the font box of the character at an
    offset of it, ``None`` for a character pdfium inserted (spaces, line ends).

    ``get_text_range`` may drop or insert characters compared to pdfium's char
    list, so an offset goes back to a text index (before line-end
    normalisation), then to a char index.
    """
    raw_text = textpage.get_text_range()
    text, text_index = normalise_text(raw_text)
    _, bottom, _, top = page.get_mediabox()
    height = top - bottom

    rect = pdfium_raw.FS_RECTF()

    def box_of(offset: int) -> Box | None:
        char = pdfium_raw.FPDFText_GetCharIndexFromTextIndex(textpage, text_index[offset])
        if (
            char < 0
            or pdfium_raw.FPDFText_IsGenerated(textpage, char)
            or not pdfium_raw.FPDFText_GetLooseCharBox(textpage, char, rect)
        ):
            return None
        return rect.left, height - rect.top, rect.right, height - rect.bottom

    return text, box_of


def normalise_text(raw_text: str) -> tuple[str, list[int]]:
    """pdfium's text with ``\\n`` line ends and the hyphen that ends a line
    (which pdfium reports as U+FFFE) made ``-``; and for each character of the
    result, the index of the same character in ``raw_text``."""
    kept = [
        i
        for i, char in enumerate(raw_text)
        if not (char == "\r" and raw_text.startswith("\n", i + 1))
    ]
    text = "".join(raw_text[i] for i in kept)
    return text.replace("\r", "\n").replace(LINE_END_HYPHEN, "-"), kept


def text_lines(text: str, box_of: Callable[[int], Box | None]) -> tuple[TextLine, ...]:
    lines = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        first = next((i for i, char in enumerate(raw) if not char.isspace()), None)
        box = box_of(start + first) if first is not None else None
        top, bottom = (box[1], box[3]) if box else (None, None)
        lines.append(TextLine(number, start, raw, top, bottom))
        start += len(raw) + 1
    return tuple(lines)


def chars_of(text: str, box_of: Callable[[int], Box | None]) -> tuple[PdfChar, ...]:
    """Every drawn character of the page text, spaces included (they separate words)."""
    chars = []
    for offset, char in enumerate(text):
        box = box_of(offset) if char != "\n" else None
        if box:
            chars.append(PdfChar.of(offset, char, box))
    return tuple(chars)


def has_ruling(page: pdfium.PdfPage) -> bool:
    """Whether the page draws enough straight segments to hold a ruled table."""
    segments = 0
    for path in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_PATH,)):
        segments += straight_segments(path)
        if segments >= RULING_MIN_SEGMENTS:
            return True
    return False


def straight_segments(path: pdfium.PdfObject) -> int:
    count = pdfium_raw.FPDFPath_CountSegments(path.raw)
    return sum(
        pdfium_raw.FPDFPathSegment_GetType(pdfium_raw.FPDFPath_GetPathSegment(path.raw, i))
        == pdfium_raw.FPDF_SEGMENT_LINETO
        for i in range(max(count, 0))
    )


# --- table pages: pdfplumber's table finder ------------------------------------


class _DrawingsOnlyDevice(PDFPageAggregator):
    """A pdfminer device that skips text: the table finder only needs drawings."""

    def render_string(
        self,
        textstate: PDFTextState,
        seq: PDFTextSeq,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> None:
        return None


class DrawingsPage(pdfplumber.page.Page):
    """A pdfplumber page parsed for its lines, rectangles and curves only.

    pdfminer building an object per character is what makes pdfplumber slow;
    the characters come from pdfium instead (``place_tables``).
    """

    @property
    def layout(self) -> LTPage:
        if not hasattr(self, "_layout"):
            device = _DrawingsOnlyDevice(
                self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams
            )
            PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
            self._layout = device.get_result()
        return self._layout


def find_tables(data: bytes, indexes: list[int]) -> dict[int, list[TableGrid]]:
    """Tables of the pages at ``indexes`` (0-based); no other page is parsed."""
    if not indexes:
        return {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return {index: find_page_tables(pdf, index) for index in indexes}
    except UnreadableDocument:
        raise
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds
        raise UnreadableDocument(f"corrupt PDF for the table finder: {error}") from error


def find_page_tables(pdf: pdfplumber.PDF, index: int) -> list[TableGrid]:
    """pdfplumber's table finder (default settings) on the page's drawings."""
    plumber_page = pdf.pages[index]
    page = DrawingsPage(
        pdf, plumber_page.page_obj, plumber_page.page_number, plumber_page.initial_doctop
    )
    try:
        return [
            TableGrid(table.bbox, tuple((row.bbox, tuple(row.cells)) for row in table.rows))
            for table in page.find_tables()
        ]
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds
        raise UnreadableDocument(f"table finder failed on page {index + 1}: {error}") from error
    finally:
        page.close()
        plumber_page.close()


# --- tying tables to the page text --------------------------------------------


def place_tables(source: PageText, grids: list[TableGrid]) -> list[PlacedTable]:
    """Cell texts from pdfium's characters, by pdfplumber's own rules
    (``Table.extract``): a character whose centre lies in a row's box, then in a
    cell's box (left and top edges included, right and bottom excluded) is
    part of that cell; the cell's characters make its text (``extract_text``).
    A page-text line belongs to a table when most of its visible characters
    lie in the table's box."""
    visible = [char for char in source.chars if not char.text.isspace()]
    line_sizes = Counter(source.line_at(char.offset) for char in visible)
    placed = []
    for grid in sorted(grids, key=lambda grid: (grid.bbox[1], grid.bbox[0])):
        inside = [char for char in source.chars if _inside(grid.bbox, char)]
        votes = Counter(source.line_at(char.offset) for char in inside if not char.text.isspace())
        lines = frozenset(
            number for number, count in votes.items() if count * 2 > line_sizes[number]
        )
        rows = tuple(
            place_row(source, row_box, cell_boxes, inside) for row_box, cell_boxes in grid.rows
        )
        placed.append(PlacedTable(grid.bbox, lines, rows))
    return placed


def _inside(box: Box, char: PdfChar) -> bool:
    x0, top, x1, bottom = box
    return x0 <= char.x <= x1 and top <= char.y <= bottom


def place_row(
    source: PageText, row_box: Box, cell_boxes: tuple[Box | None, ...], chars: list[PdfChar]
) -> PlacedRow:
    _, top, _, bottom = row_box
    row_chars = [char for char in chars if top <= char.y < bottom]
    cells = tuple(place_cell(box, row_chars) for box in cell_boxes)
    offsets = [offset for cell in cells for offset in cell.offsets]
    return PlacedRow(source.line_at(min(offsets)) if offsets else None, cells)


def place_cell(box: Box | None, row_chars: list[PdfChar]) -> PlacedCell:
    if box is None:
        return PlacedCell("", ())
    x0, top, x1, bottom = box
    chars = [char for char in row_chars if x0 <= char.x < x1 and top <= char.y < bottom]
    text = extract_text([char.as_plumber_char() for char in chars]) if chars else ""
    offsets = tuple(char.offset for char in chars if not char.text.isspace())
    return PlacedCell(clean_cell_text(text), offsets)


def clean_cell_text(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# --- building the page's blocks ---------------------------------------------


def build_page(source: PageText, grids: list[TableGrid]) -> Page:
    placed = place_tables(source, grids) if grids else []
    owner = {number: i for i, table in enumerate(placed) for number in table.lines}
    body_height = _body_height(source, owner)
    number = source.index + 1
    blocks: list[Block] = []
    group: list[TextLine] = []
    emitted: set[int] = set()

    def close_group() -> None:
        if group:
            blocks.append(text_block(group, number, body_height))
            group.clear()

    for line in source.lines:
        table = owner.get(line.number)
        if table is not None:
            close_group()
            if table not in emitted:
                blocks.append(table_block(placed[table], source, number))
                emitted.add(table)
        elif line.top is None:
            close_group()
        else:
            if group and breaks_paragraph(group[-1], line):
                close_group()
            group.append(line)
    close_group()
    blocks.extend(
        table_block(table, source, number) for i, table in enumerate(placed) if i not in emitted
    )
    return Page(number=number, blocks=tuple(blocks), text=source.text)


def _body_height(source: PageText, owner: dict[int, int]) -> float:
    heights = [
        line.height for line in source.lines if line.top is not None and line.number not in owner
    ]
    return statistics.median(heights) if heights else 0.0


def breaks_paragraph(previous: TextLine, line: TextLine) -> bool:
    height = previous.height
    gap = (line.top or 0.0) - (previous.bottom or 0.0)
    goes_up = (line.top or 0.0) < (previous.top or 0.0) - height / 2
    font_change = abs(line.height - height) > FONT_CHANGE * height
    return gap > PARAGRAPH_GAP * height or goes_up or font_change


def text_block(group: list[TextLine], page: int, body_height: float) -> Block:
    first, last = group[0], group[-1]
    lines = tuple(Line(line.number, line.start, line.end, line.raw, line.text) for line in group)
    heading = len(group) == 1 and is_heading(first, body_height)
    return Block(
        kind="heading" if heading else "paragraph",
        page=page,
        line_start=first.number,
        line_end=last.number,
        char_start=first.start,
        char_end=last.end,
        lines=lines,
        level=1 if heading else 0,
    )


def is_heading(line: TextLine, body_height: float) -> bool:
    text = line.text
    if len(text) > HEADING_MAX_CHARS:
        return False
    letters = [char for char in text if char.isalpha()]
    capitals = len(letters) >= 3 and text == text.upper()
    larger = body_height > 0 and line.height >= HEADING_SCALE * body_height
    return capitals or larger or bool(_NUMBERED_HEADING.match(text))


def table_block(placed: PlacedTable, source: PageText, page: int) -> Block:
    """The table block over its lines; a table none of whose text is in the page
    text sits, empty-handed, at the end of the page's last line."""
    lines = source.lines
    if placed.lines:
        first, last = lines[min(placed.lines) - 1], lines[max(placed.lines) - 1]
        char_start = first.start
    else:
        first = last = lines[-1]
        char_start = last.end
    rows = []
    previous = first.number
    for row in placed.rows:
        line = row.line or previous
        rows.append(row_of(row, line, source, page))
        previous = line
    return Block(
        kind="table",
        page=page,
        line_start=first.number,
        line_end=last.number,
        char_start=char_start,
        char_end=last.end,
        rows=tuple(rows),
    )


def row_of(row: PlacedRow, line: int, source: PageText, page: int) -> Row:
    row_start = source.lines[line - 1].start
    cells = tuple(cell_of(cell, row_start, source) for cell in row.cells)
    return Row(cells=cells, line=line, page=page)


def cell_of(cell: PlacedCell, row_start: int, source: PageText) -> Cell:
    start, end = row_start, row_start
    if cell.offsets:
        start, end = contiguous_span(source.text, sorted(cell.offsets))
    return Cell(
        text=cell.text,
        raw=source.text[start:end],
        line=source.line_at(start),
        char_start=start,
        char_end=end,
    )


def contiguous_span(text: str, offsets: list[int]) -> tuple[int, int]:
    """From the first offset, the longest span holding only ``offsets`` and white space."""
    members = set(offsets)
    end = offsets[0] + 1
    for offset in range(offsets[0] + 1, offsets[-1] + 1):
        if offset in members:
            end = offset + 1
        elif not text[offset].isspace():
            break
    return offsets[0], end
