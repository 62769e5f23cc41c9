"""Read one source file into a ``Document``: hash it, pick the reader by
content, and turn read errors into a recorded status instead of a crash.

``read_document`` never raises for a bad input file: an unreadable file comes
back with ``status='failed'`` and the reason, a scan with ``status='needs_ocr'``.
"""

from __future__ import annotations

from pathlib import Path

from calpae.pipeline.errors import NeedsOCR, UnreadableDocument
from calpae.pipeline.read_text import read_text_export
from calpae.pipeline.registry import sha256_of
from calpae.schemas.ir import Document, SourceFormat


def source_format_of(path: Path, data: bytes) -> SourceFormat:
    """A file is a PDF when it says so in its first bytes, whatever its name."""
    if data[:1024].lstrip().startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        return "pdf"
    return "text"


def decode_text(data: bytes) -> str:
    """Text exports are UTF-8; older ones may be Windows-1252."""
    if b"\x00" in data:
        raise UnreadableDocument("binary content (NUL bytes): not a text export")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise UnreadableDocument(f"undecodable text: {error}") from error


def read_document(path: Path, data: bytes | None = None) -> Document:
    """Read ``path`` (or its already-loaded ``data``) into the IR."""
    if data is None:
        data = path.read_bytes()
    document = Document(
        source_file=str(path),
        sha256=sha256_of(data),
        source_format=source_format_of(path, data),
    )
    try:
        if document.source_format == "pdf":
            from calpae.pipeline.read_pdf import read_pdf_document  # pdf libraries: when needed

            reading = read_pdf_document(data)
            document.pages = reading.pages
            if reading.ocr_confidence:
                document.source_format = "pdf_ocr"
                document.ocr_confidence = reading.ocr_confidence
        else:
            text = decode_text(data)
            if not text.strip():
                raise UnreadableDocument("empty file: no text at all")
            document.pages = read_text_export(text)
    except NeedsOCR as reason:
        document.status, document.error = "needs_ocr", str(reason)
    except UnreadableDocument as reason:
        document.status, document.error = "failed", str(reason)
    return document
