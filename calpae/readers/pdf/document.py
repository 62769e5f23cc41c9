"""Read a PDF into the intermediate representation: check the file, read every
page's text, OCR the scans, find the tables, build the pages.

Design
------
pdfplumber finds ruled tables well but reads a page slowly (a few pages/s):
pdfminer builds, and pdfplumber converts, an object per character. pypdfium2
extracts a page's text at over a hundred pages/s. So:

1. Fast path, every page: pypdfium2 gives the page text and, per line, the
   font box of its first visible character (``chars``).
2. Table pages: only a page that draws ruling (``drawings.survey``), or
   whose image holds rules (a scan, ``raster``), goes to pdfplumber's table
   finder, on its drawings only (``tables``); a page whose text holds rows of
   figures parted by wide gaps is measured for tables without rules
   (``unruled``). Each page is
   read once (``read_pages``): a page that may hold a table keeps every
   character and its box from that read, a page with ruling its painted
   paths (pdfium's, for the finder), and one pass over its objects tells
   ruling and image cover.
3. Cell texts are made from pypdfium2's characters by pdfplumber's own rules
   (``cells``); the page's other lines make paragraphs and headings
   (``layout``), and the IR page is built over its text (``page``).
4. A table that runs over a page break comes back as one piece per page; the
   pieces are joined (``join_continued_tables``).

Scans: a page that draws an image and holds next to no text is a scan. When
the OCR engine is installed (``ocr``), the document's scanned pages are OCR'd
first (ocrmypdf leaves the pages with text as they are) and the OCR'd text
layer is read like any other; each OCR'd page keeps Tesseract's mean word
confidence (``PdfReading.ocr_confidence``).

Errors: not a PDF, encrypted, truncated or corrupt: ``UnreadableDocument``
(``opening``); fewer than ``PdfSettings.min_text_chars`` visible characters
over all pages (OCR included when installed): ``NeedsOCR``, saying how to
install the engine.

Documents are read in parallel by the ingest (``calpae.ingest.run``), one
document per worker process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from calpae.readers.continuation import join_continued_tables
from calpae.readers.errors import NeedsOCR, UnreadableDocument
from calpae.readers.pdf.chars import PageText, page_text_of
from calpae.readers.pdf.frame import Box
from calpae.readers.pdf.ocr import INSTALL_HINT, ocr_available, ocr_pdf
from calpae.readers.pdf.opening import check_envelope, open_document
from calpae.readers.pdf.page import build_page
from calpae.readers.pdf.settings import PdfSettings
from calpae.readers.pdf.tables import (
    find_tables,
    has_figure_rows,
    in_frame,
    may_hold_unruled_table,
    scanned_rules,
    unruled_grids,
)
from calpae.schemas.ir import Page


@dataclass(frozen=True)
class PdfReading:
    pages: list[Page]
    ocr_confidence: dict[int, float]
    """Per page read by OCR (1-based), Tesseract's mean word confidence (0-100)."""


def read_pdf(data: bytes, settings: PdfSettings = PdfSettings()) -> list[Page]:
    """Pages of blocks of a PDF with a text layer."""
    return read_pdf_document(data, settings).pages


def read_pdf_document(data: bytes, settings: PdfSettings = PdfSettings()) -> PdfReading:
    """Pages of blocks of a PDF; pages that are scans (an image, no text) are
    OCR'd first when the engine is installed (``ocr``)."""
    check_envelope(data)
    texts = read_pages(data, settings)
    scanned = [page.index for page in texts if page.is_scan(settings)]
    confidence: dict[int, float] = {}
    if scanned and ocr_available():
        result = ocr_pdf(data, len(texts), settings)
        data = result.pdf
        confidence = {i + 1: c for i, c in result.confidence.items() if i in scanned}
        texts = read_pages(data, settings)
    rules = scanned_rules(
        data, [page.index for page in texts if page.is_scanned(settings)], settings
    )
    # measured for tables without rules: the pages whose characters were read
    # because their lines hold rows of figures (``may_need_chars``)
    unruled = [
        page.index for page in texts if page.chars and may_hold_unruled_table(page, rules, settings)
    ]
    visible = sum(page.visible_chars for page in texts)
    if visible < settings.min_text_chars:
        hint = "" if ocr_available() else f"; {INSTALL_HINT}"
        raise NeedsOCR(
            f"no text layer on {len(texts)} pages: {visible} visible characters in all{hint}"
        )
    table_pages = [page.index for page in texts if page.has_ruling or page.index in rules]
    drawings = {index: texts[index].paths for index in table_pages if index not in rules}
    tables = find_tables(data, table_pages, rules, drawings)
    for index, grids in tables.items():
        tables[index] = [in_frame(grid, texts[index].frame) for grid in grids]
    for index in unruled:
        tables[index] = unruled_grids(texts[index], settings)
    pages = [build_page(page, tables.get(page.index, []), settings) for page in texts]
    return PdfReading(join_continued_tables(pages), confidence)


def read_pages(data: bytes, settings: PdfSettings) -> list[PageText]:
    """Every page read once (``page_text_of``): its text and lines; its
    characters where a table may stand (``may_need_chars``); the painted paths
    of the pages with ruling, for the table finder."""
    document = open_document(data)
    try:
        if len(document) == 0:
            raise UnreadableDocument("PDF without any page")
        wants = partial(may_need_chars, settings=settings)
        return [
            page_text_of(document, index, settings, wants_chars=wants, with_paths=True)
            for index in range(len(document))
        ]
    finally:
        document.close()


def may_need_chars(
    page: PageText, box_of: Callable[[int], Box | None], settings: PdfSettings
) -> bool:
    """Whether a page read without its characters may need them: a scanned
    page (its rules may be in its image) or one whose text holds rows of
    figures parted by wide gaps (a table without rules: ``has_figure_rows``
    reads the boxes of its lines with a digit, ``box_of`` an offset of the
    page text). A page that turns out to need none keeps them unused: the IR
    is the same."""
    if page.is_scanned(settings):
        return True
    return may_hold_unruled_table(page, {}, settings) and has_figure_rows(page, box_of, settings)


def extract_page_texts(
    data: bytes, with_chars: set[int] = frozenset(), settings: PdfSettings = PdfSettings()
) -> list[PageText]:
    """Every page's text; the characters too on pages with ruling and on
    ``with_chars`` (scanned pages whose rules are in the image)."""
    document = open_document(data)
    try:
        if len(document) == 0:
            raise UnreadableDocument("PDF without any page")
        return [
            page_text_of(document, index, settings, index in with_chars)
            for index in range(len(document))
        ]
    finally:
        document.close()
