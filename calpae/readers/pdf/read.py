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
3. On a table page, pdfplumber's "lines" table finder reads the page's
   drawings only (``DrawingsPage``): pdfium's path objects, painted on
   pdfminer's device (``pdf_drawings``), or, on a page whose pdfium reading
   cannot be trusted (form XObjects, odd paths), pdfminer interpreting the
   page with its text operators skipped. Cell texts are made from pypdfium2's characters
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
bottom)`` in pdfplumber's convention, in the frame of the page's text
(``Frame``): a page whose text is turned on the sheet is measured as it reads,
and pdfplumber's grids (the page as displayed) are brought into that frame.

Line numbers and offsets (the IR convention for PDFs): ``line`` is a 1-based
line of the page text (``Page.text``), ``char_start`` / ``char_end`` are
offsets into it, and ``raw == page.text[char_start:char_end]`` for every line
and for every cell written in one run of the page text.

- A row's ``line`` is the first page-text line holding one of its characters;
  a row without any takes the line of the row before (or the table's first).
- A cell's ``text`` is its characters' text (above), spaces collapsed, one
  line per cell line. Its ``raw`` is the stretch of page text that holds its
  characters and white space: the whole cell when pdfium writes it in one
  run (the usual case: it writes a cell's lines one after the other). When the
  producer wrote the row line by line across its cells, or cut a word at the
  cell's rule, the cell keeps each run (``Cell.pieces``: offsets and line) and
  its ``raw`` joins them. A cell's ``line`` is the line where its first run
  starts. An empty cell is the empty string at the start of its row's line.

Blocks: page-text lines outside tables are grouped into paragraphs, broken at
blank lines, where a line stands further below the one before than the page's
leading allows (its pitch between lines that surely wrap; without any, a gap
over ``PARAGRAPH_GAP`` line heights), where the text goes back up the page or
changes font size or weight, and around tables. A one-line
group is a heading (level 1) when it is short and set in a larger font than
the page's body text, in capitals, or starts like "ARTICLE 2".

Scans: a page that draws an image and holds next to no text is a scan. When
the OCR engine is installed (``ocr``), the document's scanned pages are OCR'd
first (ocrmypdf leaves the pages with text as they are) and the OCR'd text
layer is read like any other; each OCR'd page keeps Tesseract's mean word
confidence (``PdfReading.ocr_confidence``).

Errors: not a PDF, encrypted, truncated or corrupt: ``UnreadableDocument``
(pdfium repairs some truncated files, so a file must end with ``%%EOF``);
fewer than ``MIN_TEXT_CHARS`` visible characters over all pages (OCR included
when installed): ``NeedsOCR``, saying how to install the engine.

Documents are read in parallel by the pipeline (``pipeline.run``), one
document per worker process.
"""

from __future__ import annotations

import io
import math
import re
import statistics
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTPage
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdevice import PDFTextSeq
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFTextState

from calpae.readers.continuation import join_continued_tables
from calpae.readers.errors import NeedsOCR, UnreadableDocument
from calpae.readers.pdf.drawings import PaintedPath, drawings_layout, page_paths
from calpae.readers.pdf.ocr import INSTALL_HINT, ocr_available, ocr_pdf
from calpae.readers.pdf.raster import page_rules
from calpae.readers.pdf.unruled import line_layout, may_hold_table, unruled_tables
from calpae.schemas.ir import Block, Cell, Line, Page, Row

MIN_TEXT_CHARS = 10
MIN_PAGE_CHARS = 20
"""A page with an image and fewer visible characters than this is a scan."""
SCAN_COVER = 0.5
RULE_GLYPHS = frozenset("|¦")
HYPHENS = frozenset("-‐")
"""A line wrapped after a hyphen goes on without a space ("médico-sociaux")."""
"""A page whose largest image covers this share of it is scanned: its table
rules are found in the image (``raster_tables``)."""
SPACE_GAP = 0.12
"""A gap between two characters over this share of their height is a space."""
WIDE_GAP = 0.15
"""The same, for characters the page text puts side by side (a ligature's
glyphs have boxes of their own, a little apart)."""
LINE_RISE = 0.5
"""A character this many heights below the one before is on a new line."""
WORD_SPACE = 0.5
"""The width of a space, in character heights, with a margin: some producers'
font boxes are smaller than their font (LibreOffice's are three quarters of
it), and a word that only just fits was not left out on purpose."""
CUT_TAIL = 4
"""The longest piece of a word a producer cut at a cell's rule carries over
("inconditionn / el", "accompag / ner")."""
RULING_MIN_SEGMENTS = 3
"""Straight path segments that make a page worth the table finder (one rectangle)."""
PARAGRAPH_GAP = 0.4
"""A vertical gap over this many line heights starts a new paragraph (when
the page shows no wrapped line to measure its leading by)."""
LEADING_SLACK = 1.25
"""A line further below the one before than this many times the page's
leading (in its line height) starts a new paragraph."""
LINE_SAMPLE = 8
"""Characters a line's position is measured on."""
FONT_CHANGE = 0.15
"""A line height differing by more than this share starts a new paragraph."""
HEADING_SCALE = 1.15
"""A line this much taller than the page's body text may be a heading."""
HEADING_MAX_CHARS = 120
HEADING_MAX_LINES = 2
BOLD = 600
"""A font weight from which a line is bold."""
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
    weight: int = 400
    """Font weight of its first visible character (700: bold)."""

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
    image_cover: float = 0.0
    """The share of the page its largest image covers."""
    frame: Frame = field(default_factory=lambda: Frame())
    """The frame its boxes are given in (its text's own)."""

    @property
    def visible_chars(self) -> int:
        return sum(not char.isspace() for char in self.text)

    @property
    def is_scan(self) -> bool:
        """An image and next to no text: a scanned page, to OCR."""
        return self.image_cover > 0 and self.visible_chars < MIN_PAGE_CHARS

    @property
    def is_scanned(self) -> bool:
        """A page that is an image (OCR'd or not): its rules are pixels."""
        return self.image_cover >= SCAN_COVER and not self.has_ruling

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
    wraps: tuple[int, ...] = ()
    """Offsets of the page-text line ends where the cell's text only wraps."""
    box: Box | None = None
    """None where a spanning cell covers this grid column."""
    breaks: tuple[int, ...] = ()
    """Offsets of the characters that start a new line of the cell's text."""
    glued: tuple[int, ...] = ()
    """Offsets of the characters that go on with a word cut at the line above."""


@dataclass(frozen=True)
class PlacedRow:
    first: int | None
    """Offset of the row's first character in the page text."""
    cells: tuple[PlacedCell, ...]


@dataclass(frozen=True)
class PlacedTable:
    """A table with its cell texts and the page-text lines it replaces."""

    bbox: Box
    lines: frozenset[int]
    rows: tuple[PlacedRow, ...]


# --- entry points -------------------------------------------------------------


@dataclass(frozen=True)
class PdfReading:
    pages: list[Page]
    ocr_confidence: dict[int, float]
    """Per page read by OCR (1-based), Tesseract's mean word confidence (0-100)."""


def read_pdf(data: bytes) -> list[Page]:
    """Pages of blocks of a PDF with a text layer."""
    return read_pdf_document(data).pages


def read_pdf_document(data: bytes) -> PdfReading:
    """Pages of blocks of a PDF; pages that are scans (an image, no text) are
    OCR'd first when the engine is installed (``ocr``)."""
    check_envelope(data)
    texts = extract_page_texts(data)
    scanned = [page.index for page in texts if page.is_scan]
    confidence: dict[int, float] = {}
    if scanned and ocr_available():
        result = ocr_pdf(data, len(texts))
        data = result.pdf
        confidence = {i + 1: c for i, c in result.confidence.items() if i in scanned}
        texts = extract_page_texts(data)
    rules = scanned_rules(data, [page.index for page in texts if page.is_scanned])
    unruled = [page.index for page in texts if may_hold_unruled_table(page, rules)]
    texts = with_chars(data, texts, set(rules) | set(unruled))
    visible = sum(page.visible_chars for page in texts)
    if visible < MIN_TEXT_CHARS:
        hint = "" if ocr_available() else f"; {INSTALL_HINT}"
        raise NeedsOCR(
            f"no text layer on {len(texts)} pages: {visible} visible characters in all{hint}"
        )
    table_pages = [page.index for page in texts if page.has_ruling or page.index in rules]
    tables = find_tables(data, table_pages, rules)
    for index, grids in tables.items():
        tables[index] = [in_frame(grid, texts[index].frame) for grid in grids]
    for index in unruled:
        tables[index] = unruled_grids(texts[index])
    pages = [build_page(page, tables.get(page.index, [])) for page in texts]
    return PdfReading(join_continued_tables(pages), confidence)


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


def with_chars(data: bytes, texts: list[PageText], indexes: set[int]) -> list[PageText]:
    """The pages at ``indexes`` read again with their characters."""
    if not indexes:
        return texts
    document = open_document(data)
    try:
        return [
            page_text_of(document, page.index, True) if page.index in indexes else page
            for page in texts
        ]
    finally:
        document.close()


def extract_page_texts(data: bytes, with_chars: set[int] = frozenset()) -> list[PageText]:
    """Every page's text; the characters too on pages with ruling and on
    ``with_chars`` (scanned pages whose rules are in the image)."""
    document = open_document(data)
    try:
        if len(document) == 0:
            raise UnreadableDocument("PDF without any page")
        return [
            page_text_of(document, index, index in with_chars) for index in range(len(document))
        ]
    finally:
        document.close()


def scanned_rules(data: bytes, indexes: list[int]) -> dict[int, tuple[list[dict], list[dict]]]:
    """The rules drawn in the images of scanned pages (``raster_tables``), for
    the pages that have two horizontal ones and two vertical ones at least
    (fewer make no cell: pdfplumber refuses them)."""
    document = open_document(data)
    try:
        found = {index: page_rules(document, index) for index in indexes}
    finally:
        document.close()
    return {
        index: lines for index, lines in found.items() if len(lines[0]) >= 2 and len(lines[1]) >= 2
    }


def page_text_of(document: pdfium.PdfDocument, index: int, with_chars: bool = False) -> PageText:
    try:
        page = document[index]
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(f"corrupt page {index + 1}: {error}") from error
    try:
        textpage = page.get_textpage()
        try:
            frame = Frame(text_turn(textpage), page.get_rotation(), page.get_mediabox())
            ruling = has_ruling(page)
            text, box_of, weight_of = _text_and_boxes(textpage, frame, ruling or with_chars)
            chars = chars_of(text, box_of) if ruling or with_chars else ()
            lines = text_lines(text, box_of, weight_of)
            return PageText(index, text, lines, ruling, chars, image_cover(page), frame)
        finally:
            textpage.close()
    finally:
        page.close()


@dataclass(frozen=True)
class Frame:
    """Where a page's text reads left to right and top to bottom. A page may
    hold its text turned (a landscape table set on a portrait page, turned
    back for display by the page's /Rotate): boxes are given in the frame of
    the text, so that lines, columns and wraps are measured as they read.
    ``turn`` is the text's quarter turns, clockwise, in the page's space;
    ``rotation`` the page's /Rotate; ``mediabox`` its space."""

    turn: int = 0
    rotation: int = 0
    mediabox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

    def box(self, left: float, bottom: float, right: float, top: float) -> Box:
        """A rectangle of the page's space (y upwards) in the text's frame."""
        if self.turn == 1:
            return -top, -right, -bottom, -left
        if self.turn == 2:
            return -right, bottom, -left, top
        if self.turn == 3:
            return bottom, left, top, right
        height = self.mediabox[3] - self.mediabox[1]
        return left, height - top, right, height - bottom

    def plumber_box(self, box: Box) -> Box:
        """A box as pdfplumber gives it (the page as displayed, its /Rotate
        applied as pdfminer does, y downwards) in the text's frame."""
        if self.turn == 0 and self.rotation == 0:
            return box
        x0, top, x1, bottom = box
        corners = [self.page_point(x, y) for x in (x0, x1) for y in (top, bottom)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        return self.box(min(xs), min(ys), max(xs), max(ys))

    def page_point(self, x: float, top: float) -> tuple[float, float]:
        """A displayed point (pdfplumber's) back in the page's space (y upwards)."""
        mx0, my0, mx1, my1 = self.mediabox
        sideways = self.rotation in (90, 270)
        shown = (mx1 - mx0) if sideways else (my1 - my0)  # the displayed height
        y = shown - top  # pdfminer's y, upwards
        if self.rotation == 90:
            return mx1 - y, x + my0
        if self.rotation == 180:
            return mx1 - x, my1 - y
        if self.rotation == 270:
            return y + mx0, my1 - x
        return x + mx0, y + my0


TURN_SAMPLE = 64
"""Characters whose angle tells which way a page's text turns."""


def text_turn(textpage: pdfium.PdfTextPage) -> int:
    """The quarter turns (clockwise) of most of the page's characters."""
    count = pdfium_raw.FPDFText_CountChars(textpage)
    step = max(1, count // TURN_SAMPLE)
    turns = Counter(
        round(math.degrees(angle) / 90) % 4
        for index in range(0, count, step)
        if (angle := pdfium_raw.FPDFText_GetCharAngle(textpage, index)) >= 0
    )
    return turns.most_common(1)[0][0] if turns else 0


def _text_and_boxes(
    textpage: pdfium.PdfTextPage, frame: Frame, every: bool = False
) -> tuple[str, Callable[[int], Box | None], Callable[[int], int]]:
    """The page text, and functions giving the font box of the character at an
    offset of it (in the text's ``frame``; ``None`` for a character pdfium
    inserted: spaces, line ends) and its font weight.

    ``get_text_range`` may drop or insert characters compared to pdfium's char
    list, so an offset goes back to a text index (before line-end
    normalisation), then to a char index (``char_indexes``). With ``every``,
    the boxes of all the characters are read at once (``char_boxes``: a table
    page needs them all, and its lines reuse them); else each when asked (a
    page of text needs a few per line).
    """
    raw_text = textpage.get_text_range()
    text, text_index = normalise_text(raw_text)
    handle = textpage.raw  # the raw handle: the wrapper costs a Python call per use
    char_of = char_indexes(handle, len(raw_text))
    chars = [char_of[i] for i in text_index]
    if every:
        box_of: Callable[[int], Box | None] = char_boxes(handle, chars, frame).__getitem__
    else:
        rect = pdfium_raw.FS_RECTF()

        def box_of(offset: int) -> Box | None:
            return char_box(handle, chars[offset], frame, rect)

    def weight_of(offset: int) -> int:
        char = chars[offset]
        weight = pdfium_raw.FPDFText_GetFontWeight(handle, char) if char >= 0 else -1
        return weight if weight > 0 else 400

    return text, box_of, weight_of


def char_indexes(handle: pdfium_raw.FPDF_TEXTPAGE, length: int) -> list[int]:
    """pdfium's char index of each text index below ``length``, as
    ``FPDFText_GetCharIndexFromTextIndex`` gives it (-1 past pdfium's text),
    asking pdfium at a few text indexes only.

    pdfium's text is its characters in order, in runs with characters left
    out between them: within a run the char index goes up one with the text
    index, and from one run to the next the difference between the two can
    only grow. So where the difference is the same at both ends of a stretch,
    the whole stretch is of one run (or of runs with nothing left out between
    them), and where both ends are past the text, so is the stretch: such a
    stretch is filled in without asking, another is cut in two.
    """
    if length == 0:
        return []
    ask = pdfium_raw.FPDFText_GetCharIndexFromTextIndex
    indexes = [-1] * length
    indexes[0], indexes[-1] = ask(handle, 0), ask(handle, length - 1)
    stretches = [(0, length - 1)]
    while stretches:
        low, high = stretches.pop()
        if high - low < 2:
            continue
        first, last = indexes[low], indexes[high]
        if first >= 0 and last - first == high - low:
            indexes[low + 1 : high] = range(first + 1, last)
        elif first == last == -1:
            continue  # already -1
        else:
            middle = (low + high) // 2
            indexes[middle] = ask(handle, middle)
            stretches += [(low, middle), (middle, high)]
    return indexes


def char_boxes(
    handle: pdfium_raw.FPDF_TEXTPAGE, chars: list[int], frame: Frame
) -> list[Box | None]:
    """The box of each of the characters at pdfium's char indexes ``chars``
    (as ``char_box`` gives it), in one tight pass: two pdfium calls per
    character, and an upright page's boxes made in place."""
    rect = pdfium_raw.FS_RECTF()
    is_generated, loose_box = pdfium_raw.FPDFText_IsGenerated, pdfium_raw.FPDFText_GetLooseCharBox
    upright = frame.turn == 0
    height = frame.mediabox[3] - frame.mediabox[1]
    boxes: list[Box | None] = []
    for char in chars:
        if char < 0 or is_generated(handle, char) or not loose_box(handle, char, rect):
            boxes.append(None)
        elif upright:  # Frame.box, turn 0
            boxes.append((rect.left, height - rect.top, rect.right, height - rect.bottom))
        else:
            boxes.append(frame.box(rect.left, rect.bottom, rect.right, rect.top))
    return boxes


def char_box(
    handle: pdfium_raw.FPDF_TEXTPAGE, char: int, frame: Frame, rect: pdfium_raw.FS_RECTF
) -> Box | None:
    """The font box of the character at pdfium's char index ``char`` in the
    text's ``frame``; ``None`` for none (-1) or one pdfium inserted. ``rect``
    is scratch space."""
    if (
        char < 0
        or pdfium_raw.FPDFText_IsGenerated(handle, char)
        or not pdfium_raw.FPDFText_GetLooseCharBox(handle, char, rect)
    ):
        return None
    return frame.box(rect.left, rect.bottom, rect.right, rect.top)


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


def text_lines(
    text: str,
    box_of: Callable[[int], Box | None],
    weight_of: Callable[[int], int] = lambda offset: 400,
) -> tuple[TextLine, ...]:
    """The page text's lines, each placed by the median font box of its first
    ``LINE_SAMPLE`` visible characters: some producers' boxes follow each
    glyph ("p" reaches lower than "V"), so one character is no measure of a
    line."""
    lines = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        visible = [i for i, char in enumerate(raw) if not char.isspace()][:LINE_SAMPLE]
        boxes = [box for i in visible if (box := box_of(start + i)) is not None]
        top = statistics.median(box[1] for box in boxes) if boxes else None
        bottom = statistics.median(box[3] for box in boxes) if boxes else None
        weight = weight_of(start + visible[0]) if boxes else 400
        lines.append(TextLine(number, start, raw, top, bottom, weight))
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


def image_cover(page: pdfium.PdfPage) -> float:
    """The share of the page the largest image drawn on it covers."""
    width, height = page.get_width(), page.get_height()
    largest = 0.0
    for image in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE,)):
        left, bottom, right, top = image.get_bounds()
        largest = max(largest, (right - left) * (top - bottom))
    return largest / (width * height) if width and height else 0.0


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
    """A pdfplumber page holding its lines, rectangles and curves only.

    pdfminer building an object per character is what makes pdfplumber slow;
    the characters come from pdfium instead (``place_tables``). The drawings
    come from pdfium's paths when given (``pdf_drawings``: pdfminer's device
    still classifies them, without interpreting the content stream), else
    from pdfminer interpreting the page with its text operators skipped.
    """

    paths: list[PaintedPath] | None = None

    @property
    def layout(self) -> LTPage:
        if not hasattr(self, "_layout"):
            if self.paths is not None:
                self._layout = drawings_layout(
                    self.pdf.rsrcmgr, self.page_obj, self.page_number, self.paths, self.pdf.laparams
                )
                return self._layout
            device = _DrawingsOnlyDevice(
                self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams
            )
            PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
            self._layout = device.get_result()
        return self._layout


class TablePdf(pdfplumber.PDF):
    """A pdfplumber document that carries, per page, the painted paths pdfium
    read (``pdf_drawings.page_paths``; ``None`` for a page pdfminer must read)."""

    drawings: dict[int, list[PaintedPath] | None]


def find_tables(
    data: bytes,
    indexes: list[int],
    rules: dict[int, tuple[list[dict], list[dict]]] | None = None,
) -> dict[int, list[TableGrid]]:
    """Tables of the pages at ``indexes`` (0-based); no other page is parsed.
    A page with ``rules`` (found in its image) is read by those rules."""
    if not indexes:
        return {}
    rules = rules or {}
    drawings = drawn_paths(data, [index for index in indexes if index not in rules])
    try:
        with TablePdf.open(io.BytesIO(data)) as pdf:
            pdf.drawings = drawings
            return {index: find_page_tables(pdf, index, rules.get(index)) for index in indexes}
    except UnreadableDocument:
        raise
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds
        raise UnreadableDocument(f"corrupt PDF for the table finder: {error}") from error


def drawn_paths(data: bytes, indexes: list[int]) -> dict[int, list[PaintedPath] | None]:
    """The painted paths of the pages at ``indexes``, read by pdfium
    (``pdf_drawings.page_paths``); ``None`` for a page pdfminer must read."""
    if not indexes:
        return {}
    document = open_document(data)
    try:
        paths = {}
        for index in indexes:
            page = document[index]
            try:
                paths[index] = page_paths(page)
            finally:
                page.close()
        return paths
    finally:
        document.close()


def find_page_tables(
    pdf: pdfplumber.PDF, index: int, rules: tuple[list[dict], list[dict]] | None = None
) -> list[TableGrid]:
    """pdfplumber's table finder on the page's drawings (default settings):
    pdfium's paths when ``pdf`` carries them (``TablePdf``), else pdfminer's
    reading of the page; or on the rules of its image (the "explicit"
    strategy)."""
    plumber_page = pdf.pages[index]
    page = DrawingsPage(
        pdf, plumber_page.page_obj, plumber_page.page_number, plumber_page.initial_doctop
    )
    if isinstance(pdf, TablePdf):
        page.paths = pdf.drawings.get(index)
    settings = {}
    if rules:
        settings = {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_horizontal_lines": rules[0],
            "explicit_vertical_lines": rules[1],
        }
    try:
        return [
            TableGrid(table.bbox, tuple((row.bbox, tuple(row.cells)) for row in table.rows))
            for table in page.find_tables(settings)
        ]
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds
        raise UnreadableDocument(f"table finder failed on page {index + 1}: {error}") from error
    finally:
        page.close()
        plumber_page.close()


def in_frame(grid: TableGrid, frame: Frame) -> TableGrid:
    """pdfplumber's grid in the frame of the page's text."""
    if frame.turn == 0:
        return grid

    def turned(box: Box | None) -> Box | None:
        return None if box is None else frame.plumber_box(box)

    rows = tuple((turned(box), tuple(turned(cell) for cell in cells)) for box, cells in grid.rows)
    return TableGrid(frame.plumber_box(grid.bbox), rows)  # type: ignore[arg-type]


def may_hold_unruled_table(page: PageText, rules: dict) -> bool:
    """A page without drawn rules (nor rules in its image) whose text holds
    rows of figures."""
    if page.has_ruling or page.index in rules or page.is_scan:
        return False
    return may_hold_table([line.raw for line in page.lines])


def unruled_grids(page: PageText) -> list[TableGrid]:
    """The page's tables drawn without rules (``unruled_tables``), over its
    lines as they stand on the page (pdfium's own lines may run across rows
    when the text is turned)."""
    layouts = [line_layout([(c.text, c.box) for c in line]) for line in visual_lines(page.chars)]
    return [TableGrid(grid.bbox, grid.rows) for grid in unruled_tables(layouts)]


def visual_lines(chars: tuple[PdfChar, ...]) -> list[list[PdfChar]]:
    """The visible characters grouped by the line they stand on, top to bottom."""
    lines: list[list[PdfChar]] = []
    for char in sorted((c for c in chars if not c.text.isspace()), key=lambda c: (c.y, c.x)):
        height = char.box[3] - char.box[1]
        if lines and abs(char.y - lines[-1][0].y) <= LINE_RISE * height:
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


# --- tying tables to the page text --------------------------------------------


def place_tables(source: PageText, grids: list[TableGrid]) -> list[PlacedTable]:
    """Cell texts from pdfium's characters, by pdfplumber's own rules
    (``Table.extract``): a character whose centre lies in a row's box, then in a
    cell's box (left and top edges included, right and bottom excluded) is
    part of that cell; the cell's characters make its text (``extract_text``).
    A page-text line belongs to a table when most of its visible characters
    lie in the table's box."""
    chars = source.chars
    if source.is_scanned:  # OCR reads a table's rules as "|": they are no text
        chars = tuple(char for char in chars if char.text not in RULE_GLYPHS)
    visible = [char for char in chars if not char.text.isspace()]
    line_sizes = Counter(source.line_at(char.offset) for char in visible)
    placed = []
    for grid in sorted(grids, key=lambda grid: (grid.bbox[1], grid.bbox[0])):
        inside = [char for char in chars if _inside(grid.bbox, char)]
        votes = Counter(source.line_at(char.offset) for char in inside if not char.text.isspace())
        lines = frozenset(
            number for number, count in votes.items() if count * 2 > line_sizes[number]
        )
        rows = align_columns(
            [place_row(source, row_box, cell_boxes, inside) for row_box, cell_boxes in grid.rows]
        )
        placed.append(PlacedTable(grid.bbox, lines, rows))
    return placed


def _inside(box: Box, char: PdfChar) -> bool:
    x0, top, x1, bottom = box
    return x0 <= char.x <= x1 and top <= char.y <= bottom


def align_columns(rows: list[PlacedRow]) -> tuple[PlacedRow, ...]:
    """The table's own columns, when its rows do not share their cell edges:
    pdfplumber's grid holds every edge of every row, so a table whose rows
    are sized each on its own (LibreOffice) comes back with more grid columns
    than it has, a row's cell spanning several. The rows with the most cells
    give the columns (their median edges); every row's cells go to the
    column they overlap most. A table whose rows share their edges keeps its
    grid (a spanning cell already sits in its first column)."""
    counts = [sum(1 for cell in row.cells if cell.box) for row in rows]
    width = max(counts, default=0)
    if not rows or width == 0 or width == len(rows[0].cells):
        return tuple(rows)
    reference = [row for row, count in zip(rows, counts, strict=True) if count == width]
    edges = [
        (
            statistics.median(real_cells(row)[i].box[0] for row in reference),  # type: ignore[index]
            statistics.median(real_cells(row)[i].box[2] for row in reference),  # type: ignore[index]
        )
        for i in range(width)
    ]
    aligned = []
    for row in rows:
        cells = [PlacedCell("", ()) for _ in range(width)]
        for cell in real_cells(row):
            x0, _, x1, _ = cell.box  # type: ignore[misc]
            overlaps = [min(x1, right) - max(x0, left) for left, right in edges]
            column = overlaps.index(max(overlaps))
            cells[column] = merge_cells(cells[column], cell)
        aligned.append(PlacedRow(row.first, tuple(cells)))
    return tuple(aligned)


def merge_cells(first: PlacedCell, second: PlacedCell) -> PlacedCell:
    """Two grid cells of one column: one cell, nothing of either lost."""
    if first.box is None:
        return second
    x0, top, x1, bottom = first.box
    box = second.box or first.box
    return PlacedCell(
        " ".join(text for text in (first.text, second.text) if text),
        first.offsets + second.offsets,
        first.wraps + second.wraps,
        (min(x0, box[0]), min(top, box[1]), max(x1, box[2]), max(bottom, box[3])),
        first.breaks + second.breaks,
        first.glued + second.glued,
    )


def real_cells(row: PlacedRow) -> list[PlacedCell]:
    return [cell for cell in row.cells if cell.box]


def place_row(
    source: PageText, row_box: Box, cell_boxes: tuple[Box | None, ...], chars: list[PdfChar]
) -> PlacedRow:
    _, top, _, bottom = row_box
    row_chars = [char for char in chars if top <= char.y < bottom]
    cells = tuple(place_cell(box, row_chars, source.text) for box in cell_boxes)
    offsets = [offset for cell in cells for offset in cell.offsets]
    return PlacedRow(min(offsets) if offsets else None, cells)


def place_cell(box: Box | None, row_chars: list[PdfChar], text: str) -> PlacedCell:
    if box is None:
        return PlacedCell("", ())
    x0, top, x1, bottom = box
    chars = [char for char in row_chars if x0 <= char.x < x1 and top <= char.y < bottom]
    visible = sorted((char for char in chars if not char.text.isspace()), key=_offset)
    read = text_of_chars(visible, text, box)
    offsets = tuple(char.offset for char in visible)
    return PlacedCell(read.text, offsets, read.wraps, box, read.breaks, read.glued)


def _offset(char: PdfChar) -> int:
    return char.offset


class CellText(NamedTuple):
    text: str
    wraps: tuple[int, ...]
    """The page-text line ends that only wrap."""
    breaks: tuple[int, ...]
    """The offsets of the characters that start a new line."""
    glued: tuple[int, ...]
    """The offsets of the characters that go on with a word cut at the line above."""


def text_of_chars(chars: list[PdfChar], text: str, box: Box | None = None) -> CellText:
    """The text of a cell's visible characters (in page-text order), words and
    lines rebuilt from their positions, whether or not the producer drew
    space glyphs: on one line, a space where the page text has a space
    (drawn or generated by pdfium) between two characters, or where their gap
    exceeds ``SPACE_GAP`` of the character height when other text stands
    between them in the page text (pdfplumber's ``x_tolerance``, relative to
    the font size), ``WIDE_GAP`` when the page text puts them side by side or
    parts them by a line end only (pdfium breaks the text of some glyphs drawn
    one by one after each: "D / u / r / é / e");
    a line below the last either wraps the same text or starts a new one
    (``\n``): it wraps when it goes on in lower case or a number goes on
    ("155 / 000 €"), or when its first word had no room left on the line
    above within the cell's ``box`` ("29 430 € / Département et …": the
    producer had to wrap). A line of one word that leaves no room for one
    more character before the rule, and goes on with a short piece of word,
    goes on without a space: the word was wider than the cell, and the
    producer cut it ("accompagneme / nt"); a whole word that happens to fill
    the line ("département / accessible") is followed by a longer one."""
    if not chars:
        return CellText("", (), (), ())
    parts = [chars[0].text]
    wraps: list[int] = []
    breaks: list[int] = []
    glued_at: list[int] = []
    right = usable_right(chars, box)
    one_word = True  # the line read so far is one word
    for i, (previous, char) in enumerate(zip(chars, chars[1:], strict=False), start=1):
        between = text[previous.offset + 1 : char.offset]
        size = max(previous.box[3] - previous.box[1], char.box[3] - char.box[1]) or 1.0
        below = char.y - previous.y > LINE_RISE * size
        if below:
            wrapped = continues(previous.text, char.text) or (
                right is not None and not has_room(previous, chars, i, right, size)
            )
            cut = (  # a word wider than the cell, broken where the rule stopped it
                wrapped
                and one_word
                and right is not None
                and previous.box[2] + (char.box[2] - char.box[0]) > right  # no room for one more
                and char.text.islower()
                and len(first_word(chars, i, size)) <= CUT_TAIL
            )
            glued = previous.text in HYPHENS or cut
            if cut:
                glued_at.append(char.offset)
            separator = ("" if glued else " ") if wrapped else "\n"
            one_word = True
            if not wrapped:
                breaks.append(char.offset)
            if wrapped and between.strip() == "":
                wraps += [previous.offset + 1 + k for k, c in enumerate(between) if c == "\n"]
        else:
            gap = char.box[0] - previous.box[2]
            if between == "":  # adjacent in the page text: a space only on a clear gap
                spaced = gap > WIDE_GAP * size
            elif " " in between:  # a space between them (drawn or generated)
                spaced = True
            elif between.strip() == "":  # a line end pdfium put inside a line: the gap decides
                spaced = gap > WIDE_GAP * size
            else:  # another cell's characters in between: the gap decides
                spaced = gap > SPACE_GAP * size
            separator = " " if spaced else ""
            one_word = one_word and not spaced
        parts.append(separator + char.text)
    return CellText("".join(parts), tuple(wraps), tuple(breaks), tuple(glued_at))


def has_room(
    previous: PdfChar, chars: list[PdfChar], start: int, right: float, size: float
) -> bool:
    """Whether the word starting at ``chars[start]`` would have fitted, after a
    space, on the line ending with ``previous``: if it would, the producer
    broke the line on purpose."""
    word = chars[word_end(chars, start, size)].box[2] - chars[start].box[0]
    return previous.box[2] + WORD_SPACE * size + word <= right


def first_word(chars: list[PdfChar], start: int, size: float) -> str:
    """The word starting at ``chars[start]``."""
    word = "".join(char.text for char in chars[start : word_end(chars, start, size) + 1])
    return word.rstrip(".,;:)")


def word_end(chars: list[PdfChar], start: int, size: float) -> int:
    """The index of the last character of the word starting at ``chars[start]``:
    up to a gap or the line's end."""
    end = start
    for a, b in zip(chars[start:], chars[start + 1 :], strict=False):
        if abs(b.y - a.y) > LINE_RISE * size or b.box[0] - a.box[2] > SPACE_GAP * size:
            break
        end += 1
    return end


def usable_right(chars: list[PdfChar], box: Box | None) -> float | None:
    """The right edge text may reach in a cell: its rule, less the padding
    its text keeps on the left (a cell is padded alike on both sides), at
    most one character height."""
    if box is None:
        return None
    size = max(char.box[3] - char.box[1] for char in chars) or 1.0
    padding = min(max(min(char.box[0] for char in chars) - box[0], 0.0), size)
    return box[2] - padding


def continues(last: str, first: str) -> bool:
    """Whether a line starting with ``first`` goes on with the text of a line
    ending with ``last`` (a wrap), rather than starting a new item."""
    if first.islower() or first in ",.;:)»%€":
        return True
    return last.isdigit() and (first.isdigit() or first == "€")


# --- building the page's blocks ---------------------------------------------


def build_page(source: PageText, grids: list[TableGrid]) -> Page:
    """The page's blocks, over its text with soft wraps joined: a paragraph's
    lines (and a cell's wrapped lines) are one line of the page text, as in
    a text export, so that a sentence wrapped by the layout reads as one."""
    placed = place_tables(source, grids) if grids else []
    owner = {number: i for i, table in enumerate(placed) for number in table.lines}
    body_height = _body_height(source, owner)
    body_weight = _body_weight(source, owner)
    leading = _leading(source, owner)
    layout: list[list[TextLine] | PlacedTable] = []
    group: list[TextLine] = []
    emitted: set[int] = set()

    def close_group() -> None:
        if group:
            layout.append(list(group))
            group.clear()

    for line in source.lines:
        table = owner.get(line.number)
        if table is not None:
            close_group()
            if table not in emitted:
                layout.append(placed[table])
                emitted.add(table)
        elif line.top is None:
            close_group()
        else:
            if group and breaks_paragraph(group[-1], line, leading):
                close_group()
            group.append(line)
    close_group()
    layout += [table for i, table in enumerate(placed) if i not in emitted]

    blanks = {i for i, char in enumerate(source.text) if char in RULE_GLYPHS}
    joined = JoinedText.of(source.text, wraps_of(layout), blanks if source.is_scanned else set())
    number = source.index + 1
    blocks = [
        text_block(item, number, body_height, body_weight, joined)
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


def _body_height(source: PageText, owner: dict[int, int]) -> float:
    heights = [
        line.height for line in source.lines if line.top is not None and line.number not in owner
    ]
    return statistics.median(heights) if heights else 0.0


def _body_weight(source: PageText, owner: dict[int, int]) -> int:
    weights = [
        line.weight for line in source.lines if line.top is not None and line.number not in owner
    ]
    return int(statistics.median(weights)) if weights else 400


def _leading(source: PageText, owner: dict[int, int]) -> float | None:
    """The page's line pitch within a paragraph, in line heights, measured on
    the lines that surely wrap (the next one goes on in lower case, in the
    same font size): producers space lines and paragraphs each their own
    way, and their font boxes are not the line's pitch. None when no line
    surely wraps."""
    lines = [line for line in source.lines if line.top is not None and line.number not in owner]
    pitches = [
        ((line.top or 0.0) - (previous.top or 0.0)) / previous.height
        for previous, line in zip(lines, lines[1:], strict=False)
        if line.number == previous.number + 1
        and line.text[:1].islower()
        and abs(line.height - previous.height) <= FONT_CHANGE * previous.height
        and previous.height > 0
        and 0 < (line.top or 0.0) - (previous.top or 0.0) < 3 * previous.height
    ]
    return statistics.median(pitches) if pitches else None


def breaks_paragraph(previous: TextLine, line: TextLine, leading: float | None = None) -> bool:
    """A new paragraph: further below than the page's leading allows (or, not
    knowing it, a gap over ``PARAGRAPH_GAP`` line heights), back up the page,
    or another font size or weight."""
    height = previous.height
    if leading is not None:
        apart = (line.top or 0.0) - (previous.top or 0.0) > LEADING_SLACK * leading * height
    else:
        apart = (line.top or 0.0) - (previous.bottom or 0.0) > PARAGRAPH_GAP * height
    goes_up = (line.top or 0.0) < (previous.top or 0.0) - height / 2
    font_change = abs(line.height - height) > FONT_CHANGE * height
    weight_change = (line.weight >= BOLD) != (previous.weight >= BOLD)
    return apart or goes_up or font_change or weight_change


def text_block(
    group: list[TextLine], page: int, body_height: float, body_weight: int, joined: JoinedText
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
    heading = is_heading(text, first, len(group), body_height, body_weight)
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


def is_heading(
    text: str, first: TextLine, n_lines: int, body_height: float, body_weight: int
) -> bool:
    """Short, and set larger than the body text, or bold where the body is not,
    or in capitals, or numbered like "ARTICLE 2"."""
    if len(text) > HEADING_MAX_CHARS or n_lines > HEADING_MAX_LINES:
        return False
    letters = [char for char in text if char.isalpha()]
    capitals = len(letters) >= 3 and text == text.upper()
    larger = body_height > 0 and first.height >= HEADING_SCALE * body_height
    bold = first.weight >= BOLD > body_weight
    return capitals or larger or bold or bool(_NUMBERED_HEADING.match(text))


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
