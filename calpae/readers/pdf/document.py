"""Read a PDF into the intermediate representation: check the file, read every
page's text, OCR the scans, find the tables, build the pages.

Design
------
pdfplumber finds ruled tables well but reads a page slowly (a few pages/s):
pdfminer builds, and pdfplumber converts, an object per character. pypdfium2
extracts a page's text at over a hundred pages/s. So:

1. Fast path, every page: pypdfium2 gives the page text and, per line, the
   font box of its first visible character (``chars``).
2. Table pages: only a page that draws ruling (``drawings.has_ruling``), or
   whose image holds rules (a scan, ``raster``), goes to pdfplumber's table
   finder, on its drawings only (``tables``); a page whose text holds rows of
   figures is measured for tables without rules (``unruled``). Those pages are
   read again with every character and its box (``with_chars``).
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

from dataclasses import dataclass

from calpae.readers.continuation import join_continued_tables
from calpae.readers.errors import NeedsOCR, UnreadableDocument
from calpae.readers.pdf.chars import PageText, page_text_of
from calpae.readers.pdf.ocr import INSTALL_HINT, ocr_available, ocr_pdf
from calpae.readers.pdf.opening import check_envelope, open_document
from calpae.readers.pdf.page import build_page
from calpae.readers.pdf.settings import PdfSettings
from calpae.readers.pdf.tables import (
    find_tables,
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
    texts = extract_page_texts(data, settings=settings)
    scanned = [page.index for page in texts if page.is_scan(settings)]
    confidence: dict[int, float] = {}
    if scanned and ocr_available():
        result = ocr_pdf(data, len(texts), settings)
        data = result.pdf
        confidence = {i + 1: c for i, c in result.confidence.items() if i in scanned}
        texts = extract_page_texts(data, settings=settings)
    rules = scanned_rules(
        data, [page.index for page in texts if page.is_scanned(settings)], settings
    )
    unruled = [page.index for page in texts if may_hold_unruled_table(page, rules, settings)]
    texts = with_chars(data, texts, set(rules) | set(unruled), settings)
    visible = sum(page.visible_chars for page in texts)
    if visible < settings.min_text_chars:
        hint = "" if ocr_available() else f"; {INSTALL_HINT}"
        raise NeedsOCR(
            f"no text layer on {len(texts)} pages: {visible} visible characters in all{hint}"
        )
    table_pages = [page.index for page in texts if page.has_ruling or page.index in rules]
    tables = find_tables(data, table_pages, rules)
    for index, grids in tables.items():
        tables[index] = [in_frame(grid, texts[index].frame) for grid in grids]
    for index in unruled:
        tables[index] = unruled_grids(texts[index], settings)
    pages = [build_page(page, tables.get(page.index, []), settings) for page in texts]
    return PdfReading(join_continued_tables(pages), confidence)


def with_chars(
    data: bytes, texts: list[PageText], indexes: set[int], settings: PdfSettings
) -> list[PageText]:
    """The pages at ``indexes`` read again with their characters."""
    if not indexes:
        return texts
    document = open_document(data)
    try:
        return [
            page_text_of(document, page.index, settings, True) if page.index in indexes else page
            for page in texts
        ]
    finally:
        document.close()


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
