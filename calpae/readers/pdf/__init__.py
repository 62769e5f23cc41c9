"""The PDF reader: text layer, words from character positions, layout,
rulings and tables, OCR of scans.

- ``document``: check the file, read every page, OCR the scans, find the
  tables, build the pages (``read_pdf_document``, ``read_pdf``);
- ``settings``: ``PdfSettings``, every tuning constant of the reader;
- ``opening``: open a PDF with pdfium, its envelope checked (unreadable files);
- ``frame``: boxes, and the frame of a page's text (turned pages);
- ``chars``: a page's text, its characters and their boxes, its text lines;
- ``drawings``: a page's painted paths read by pdfium (ruling), for pdfplumber;
- ``tables``: finding tables (pdfplumber's finder on drawings or on an image's
  rules, tables without rules);
- ``cells``: placing a table's cells on the page text, a cell's text from its
  characters;
- ``layout``: paragraphs and headings (the page's leading, body text);
- ``page``: the IR page and its blocks, over the page text;
- ``unruled``: tables drawn without rules, from the alignment of their text;
- ``raster``: the rules of a scanned page, found in its image;
- ``ocr``: OCR of scanned pages with ocrmypdf and Tesseract.
"""


from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from calpae.readers.pdf.document import PdfReading, read_pdf, read_pdf_document
    from calpae.readers.pdf.settings import PdfSettings

__all__ = ["PdfReading", "PdfSettings", "read_pdf", "read_pdf_document"]


def __getattr__(name: str) -> object:
    """The reader's names, imported when first asked for: the settings alone
    load no PDF library (a text export's run never pays for them)."""
    if name == "PdfSettings":
        from calpae.readers.pdf.settings import PdfSettings

        return PdfSettings
    if name in __all__:
        from calpae.readers.pdf import document

        return getattr(document, name)
    raise AttributeError(name)
