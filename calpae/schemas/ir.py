"""The intermediate representation (IR) shared by every source format.

A document is a list of pages; a page is a list of blocks; a block is a heading,
a paragraph or a table. Every block and every line or cell inside it carries
where it came from, so that any fact extracted later can cite its evidence:

- ``line``: 1-based line number in the source text file (text exports) or in
  the page's extracted text (PDF inputs);
- ``char_start`` / ``char_end``: offsets of the exact source substring, in the
  whole file (text exports) or in the page's extracted text (PDF inputs);
- ``raw``: that exact substring; ``text``: the same content made plain
  (HTML tags and markdown emphasis removed, entities decoded).

Extractors read only this module's types, never a file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table"]
SourceFormat = Literal["text", "pdf", "pdf_ocr"]


@dataclass(frozen=True)
class Line:
    """One source line of a heading or paragraph."""

    number: int
    char_start: int
    char_end: int
    raw: str
    text: str


Piece = tuple[int, int, int, int]
"""A run of a cell's text in the page text: where it starts in the cell's
``raw``, and its char_start, char_end and line in the page text."""


@dataclass(frozen=True)
class Cell:
    """One table cell: an empty cell keeps its column position with text ''."""

    text: str
    raw: str
    line: int
    char_start: int
    char_end: int
    pieces: tuple[Piece, ...] = ()
    """Set when the cell's text stands in several runs of the page text (a PDF
    producer that writes a row line by line across its cells): the runs, in
    order; also when the producer cut a word too wide for the cell over two
    lines. ``raw`` is then the runs joined by the line break or space that
    parts them in the cell (nothing within a cut word); ``char_start`` is the
    first run's start, ``char_end`` the last run's end."""

    def span(self, page: int) -> TextSpan:
        return TextSpan(self.raw, self.text, page, self.line, self.char_start, self.pieces)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    line: int
    page: int

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass(frozen=True)
class TextSpan:
    """A piece of source text that extractors scan: one line of a heading or
    paragraph, or one table cell. ``raw`` is the exact source text."""

    raw: str
    text: str
    page: int
    line: int
    char_start: int
    pieces: tuple[Piece, ...] = ()
    """The runs ``raw`` is made of, when it is not one run of the source (see
    ``Cell.pieces``)."""

    def place(self, start: int, end: int) -> tuple[int, int, int]:
        """The line and source offsets of ``raw[start:end]``: within its run
        (a span that overlaps two runs is cut at the end of the first)."""
        if not self.pieces:
            return self.line, self.char_start + start, self.char_start + end
        at, piece_start, piece_end, line = next(
            (p for p in reversed(self.pieces) if p[0] <= start), self.pieces[0]
        )
        length = piece_end - piece_start
        return line, piece_start + min(start - at, length), piece_start + min(end - at, length)


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    page: int
    line_start: int
    line_end: int
    char_start: int
    char_end: int
    lines: tuple[Line, ...] = ()
    rows: tuple[Row, ...] = ()
    level: int = 0
    """Heading level (1 for ``#``); 0 for paragraphs and tables."""

    @property
    def text(self) -> str:
        """Plain text of the block: lines joined by newlines, rows by TABs."""
        if self.kind == "table":
            return "\n".join("\t".join(row.texts) for row in self.rows)
        return "\n".join(line.text for line in self.lines)

    def spans(self) -> list[TextSpan]:
        """Every line (headings, paragraphs) or non-empty cell (tables)."""
        return list(self._spans)

    @cached_property
    def _spans(self) -> tuple[TextSpan, ...]:
        """``spans``, made once: every extractor walks them."""
        if self.kind == "table":
            return tuple(
                cell.span(row.page) for row in self.rows for cell in row.cells if cell.text
            )
        return tuple(
            TextSpan(line.raw, line.text, self.page, line.number, line.char_start)
            for line in self.lines
        )

    @property
    def n_columns(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)


@dataclass(frozen=True)
class Page:
    number: int
    blocks: tuple[Block, ...]
    text: str = ""
    """The page's extracted text (PDF inputs); '' for text exports, whose
    offsets refer to the whole file instead."""


@dataclass
class Document:
    """A read document, or the record of why it could not be read."""

    source_file: str
    sha256: str
    source_format: SourceFormat
    pages: list[Page] = field(default_factory=list)
    status: Literal["ok", "needs_ocr", "failed"] = "ok"
    error: str | None = None
    ocr_confidence: dict[int, float] = field(default_factory=dict)
    """Pages read by OCR (1-based): Tesseract's mean word confidence, 0-100."""
    replaced_bytes: int = 0
    """Bytes of a text export that could not be decoded, replaced by U+FFFD."""

    @property
    def blocks(self) -> list[Block]:
        return [block for page in self.pages for block in page.blocks]

    @property
    def tables(self) -> list[Block]:
        return [block for block in self.blocks if block.kind == "table"]
