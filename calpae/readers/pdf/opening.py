"""Opening a PDF: its envelope checked, then pdfium's document.

A file that is not a PDF, encrypted, truncated or corrupt is
``UnreadableDocument`` with the reason. pdfium repairs some truncated files,
so a file must end with ``%%EOF`` (``check_envelope``).
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from calpae.readers.errors import UnreadableDocument

HEADER_BYTES = 1024
"""The first bytes, where a PDF's ``%PDF-`` header is looked for."""
TRAILER_BYTES = 2048
"""The last bytes, where a PDF's ``%%EOF`` trailer is looked for."""


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
