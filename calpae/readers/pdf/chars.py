"""The page's text and its characters, as pypdfium2 gives them.

Every page: pypdfium2 gives the page text (``\\r\\n`` made ``\\n``, and the
line-end hyphen it reports as U+FFFE made ``-``, ``normalise_text``) and, per
line, the font box of its first visible characters (``TextLine``: for
paragraph breaks and headings). On the pages that need them (ruling, rules in
an image, rows of figures), every character drawn, with its font box in the
frame of the page's text (``PdfChar``): cells' words and lines are rebuilt
from them (``cells``), and the lines they stand on (``visual_lines``).
``page_text_of`` reads a page into a ``PageText``.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import islice
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from calpae.readers.errors import UnreadableDocument
from calpae.readers.pdf.drawings import PaintedPath, page_paths, survey
from calpae.readers.pdf.frame import Box, Frame, text_turn
from calpae.readers.pdf.settings import PdfSettings

CR_BEFORE_LF = re.compile("\r(?=\n)")
"""The first half of a ``\\r\\n`` line end, dropped."""
LINE_END_HYPHEN = "\ufffe"
"""What pdfium reports for the hyphen that ends a line."""
RULE_GLYPHS = frozenset("|¦")
"""What OCR reads from a table's rules: no text of the document."""
GENERATED = frozenset(" \t\r\n")
"""What pdfium inserts between the characters it reads (word spaces, line
ends): a character of another kind was drawn, and ``FPDFText_IsGenerated``
need not be asked of it."""
HYPHENS = frozenset("-‐")
"""A line wrapped after a hyphen goes on without a space ("médico-sociaux")."""


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


class PdfChar(NamedTuple):
    """A character drawn on the page (not one pdfium inserted), at an offset of
    the page text, with its font box. A named tuple: a table page holds
    thousands, and a tuple is made several times faster than a frozen
    dataclass."""

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
    """What pypdfium2 gives for a page: its text and lines, whether it draws
    ruling, its characters (where needed) and how much of it an image covers."""

    index: int
    text: str
    lines: tuple[TextLine, ...]
    has_ruling: bool
    chars: tuple[PdfChar, ...] = ()
    """Filled on the pages that may hold a table (ruling, rules in an image,
    rows of figures): their cells need every character placed."""
    image_cover: float = 0.0
    """The share of the page its largest image covers (not looked for, 0, on a
    page with ruling and text: neither ``is_scan`` nor ``is_scanned`` then)."""
    frame: Frame = field(default_factory=lambda: Frame())
    """The frame its boxes are given in (its text's own)."""
    paths: list[PaintedPath] | None = None
    """On a page with ruling read ``with_paths``: its painted paths for the table
    finder (``drawings.page_paths``; ``None`` also where pdfminer must read it)."""

    @cached_property
    def visible_chars(self) -> int:
        return visible_count(self.text)

    def is_scan(self, settings: PdfSettings) -> bool:
        """An image and next to no text: a scanned page, to OCR."""
        return self.image_cover > 0 and self.visible_chars < settings.min_page_chars

    def is_scanned(self, settings: PdfSettings) -> bool:
        """A page that is an image (OCR'd or not): its rules are pixels."""
        return self.image_cover >= settings.scan_cover and not self.has_ruling

    @cached_property
    def line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def line_at(self, offset: int) -> int:
        """The 1-based number of the line holding ``offset``."""
        return bisect_right(self.line_starts, offset)


def page_text_of(
    document: pdfium.PdfDocument,
    index: int,
    settings: PdfSettings,
    with_chars: bool = False,
    wants_chars: Callable[[PageText, Callable[[int], Box | None]], bool] | None = None,
    with_paths: bool = False,
) -> PageText:
    """The page read once: its text and lines, what its objects tell (ruling,
    image cover: ``drawings.survey``), its characters on a page with ruling,
    on ``with_chars`` and where ``wants_chars`` says the page needs them
    (asked of the page read without them, and of the box of a character at
    an offset of its text), and, ``with_paths``, the painted
    paths of a page with ruling for the table finder (``drawings.page_paths``)."""
    try:
        page = document[index]
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(f"corrupt page {index + 1}: {error}") from error
    try:
        textpage = page.get_textpage()
        try:
            frame = Frame(text_turn(textpage, settings), page.get_rotation(), page.get_mediabox())
            text, boxes = _text_and_boxes(textpage, frame)
            # the image cover matters on a page with ruling only if it has next
            # to no text (``is_scan``); elsewhere the pass goes through every object
            few_chars = visible_count(text) < settings.min_page_chars
            objects = survey(page, settings, images=few_chars)
            ruling = objects.has_ruling
            # a page that needs every character has them all read at once, its
            # lines placed by the same boxes; another, a few per line
            every = ruling or with_chars
            box_of = boxes.every_box() if every else boxes.box_of
            lines = text_lines(text, box_of, settings, boxes.weight_of)
            cover = image_cover(page, objects.largest_image)
            read = PageText(index, text, lines, ruling, (), cover, frame)
            if every or (wants_chars is not None and wants_chars(read, box_of)):
                read = replace(read, chars=chars_of(text, boxes.every_box()))
            if with_paths and ruling:
                read = replace(read, paths=page_paths(page))
            return read
        finally:
            textpage.close()
    finally:
        page.close()


@dataclass(frozen=True)
class _Boxes:
    """Where the page's characters stand: ``box_of`` an offset of the page
    text (``None`` for a character pdfium inserted), ``weight_of`` its font
    weight, ``every_box`` all the boxes at once (a function of the offset)."""

    box_of: Callable[[int], Box | None]
    weight_of: Callable[[int], int]
    every_box: Callable[[], Callable[[int], Box | None]]


def _text_and_boxes(textpage: pdfium.PdfTextPage, frame: Frame) -> tuple[str, _Boxes]:
    """The page text, and functions giving the font box of the character at an
    offset of it (in the text's ``frame``; ``None`` for a character pdfium
    inserted: spaces, line ends) and its font weight.

    ``get_text_range`` may drop or insert characters compared to pdfium's char
    list, so an offset goes back to a text index (before line-end
    normalisation), then to a char index (``char_indexes``). ``box_of`` reads
    each box when asked (a page of text needs a few per line); ``every_box``
    reads the boxes of all the characters at once (``char_boxes``: a table
    page needs them all, and its lines reuse them): the same boxes.
    """
    raw_text = textpage.get_text_range()
    text, text_index = normalise_text(raw_text)
    handle = textpage.raw  # the raw handle: the wrapper costs a Python call per use
    char_of = char_indexes(handle, len(raw_text))
    chars = [char_of[i] for i in text_index]

    known: list[Callable[[int], Box | None]] = []

    def every_box() -> Callable[[int], Box | None]:
        if not known:
            known.append(char_boxes(handle, chars, frame, text).__getitem__)
        return known[0]

    rect = pdfium_raw.FS_RECTF()

    def box_of(offset: int) -> Box | None:
        return char_box(handle, chars[offset], frame, rect)

    def weight_of(offset: int) -> int:
        char = chars[offset]
        weight = pdfium_raw.FPDFText_GetFontWeight(handle, char) if char >= 0 else -1
        return weight if weight > 0 else 400

    return text, _Boxes(box_of, weight_of, every_box)


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
    handle: pdfium_raw.FPDF_TEXTPAGE, chars: list[int], frame: Frame, text: str
) -> list[Box | None]:
    """The box of each of the characters at pdfium's char indexes ``chars``
    (as ``char_box`` gives it), ``text`` being those characters, in one tight
    pass: one pdfium call per character (two for white space, the only
    characters pdfium inserts: ``GENERATED``), and an upright page's boxes
    made in place."""
    rect = pdfium_raw.FS_RECTF()
    is_generated, loose_box = pdfium_raw.FPDFText_IsGenerated, pdfium_raw.FPDFText_GetLooseCharBox
    upright = frame.turn == 0
    height = frame.mediabox[3] - frame.mediabox[1]
    boxes: list[Box | None] = []
    for char, shown in zip(chars, text, strict=True):
        if (
            char < 0
            or (shown in GENERATED and is_generated(handle, char))
            or not loose_box(handle, char, rect)
        ):
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


def visible_count(text: str) -> int:
    """How many of the text's characters are not white space (``str.split``
    parts on exactly the characters ``str.isspace`` tells)."""
    return len("".join(text.split()))


def normalise_text(raw_text: str) -> tuple[str, list[int]]:
    """pdfium's text with ``\\n`` line ends and the hyphen that ends a line
    (which pdfium reports as U+FFFE) made ``-``; and for each character of the
    result, the index of the same character in ``raw_text``."""
    kept: list[int] = []
    start = 0
    for dropped in (m.start() for m in CR_BEFORE_LF.finditer(raw_text)):
        kept += range(start, dropped)
        start = dropped + 1
    kept += range(start, len(raw_text))
    text = raw_text.replace("\r\n", "\n")
    return text.replace("\r", "\n").replace(LINE_END_HYPHEN, "-"), kept


def text_lines(
    text: str,
    box_of: Callable[[int], Box | None],
    settings: PdfSettings,
    weight_of: Callable[[int], int] = lambda offset: 400,
) -> tuple[TextLine, ...]:
    """The page text's lines, each placed by the median font box of its first
    ``line_sample`` visible characters: some producers' boxes follow each
    glyph ("p" reaches lower than "V"), so one character is no measure of a
    line."""
    lines = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        visible = list(islice(visible_at(raw), settings.line_sample))
        boxes = [box for i in visible if (box := box_of(start + i)) is not None]
        top = statistics.median(box[1] for box in boxes) if boxes else None
        bottom = statistics.median(box[3] for box in boxes) if boxes else None
        weight = weight_of(start + visible[0]) if boxes else 400
        lines.append(TextLine(number, start, raw, top, bottom, weight))
        start += len(raw) + 1
    return tuple(lines)


def visible_at(raw: str) -> Iterator[int]:
    """The indexes of the characters of ``raw`` that are not white space."""
    return (i for i, char in enumerate(raw) if not char.isspace())


def chars_of(text: str, box_of: Callable[[int], Box | None]) -> tuple[PdfChar, ...]:
    """Every drawn character of the page text, spaces included (they separate words)."""
    make = tuple.__new__  # PdfChar's own __new__, without its Python-level wrapper
    return tuple(
        make(PdfChar, (offset, char, box, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2))
        for offset, char in enumerate(text)
        if char != "\n" and (box := box_of(offset))
    )


def image_cover(page: pdfium.PdfPage, largest_image: float) -> float:
    """The share of the page its largest image (``largest_image``, an area) covers."""
    width, height = page.get_width(), page.get_height()
    return largest_image / (width * height) if width and height else 0.0


def visual_lines(chars: tuple[PdfChar, ...], settings: PdfSettings) -> list[list[PdfChar]]:
    """The visible characters grouped by the line they stand on, top to bottom."""
    lines: list[list[PdfChar]] = []
    for char in sorted((c for c in chars if not c.text.isspace()), key=lambda c: (c.y, c.x)):
        height = char.box[3] - char.box[1]
        if lines and abs(char.y - lines[-1][0].y) <= settings.line_rise * height:
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines
