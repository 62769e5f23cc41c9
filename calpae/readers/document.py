"""Read one source file into a ``Document``: hash it, pick the reader by
content, and turn read errors into a recorded status instead of a crash.

``read_document`` never raises for a bad input file: an unreadable file comes
back with ``status='failed'`` and the reason, a scan with ``status='needs_ocr'``.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from calpae.readers.errors import NeedsOCR, UnreadableDocument
from calpae.readers.pdf.settings import PdfSettings
from calpae.readers.text import read_text_export
from calpae.schemas.ir import Document, SourceFormat


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


HASH_CHUNK = 2**20


def sha256_of_file(path: Path) -> str:
    """The SHA-256 of a file, read a chunk at a time (a file of any size costs
    one chunk of memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def source_format_of(path: Path, data: bytes) -> SourceFormat:
    """A file is a PDF when it says so in its first bytes, whatever its name."""
    if data[:1024].lstrip().startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        return "pdf"
    return "text"


def decode_text(data: bytes) -> tuple[str, int]:
    """The text of an export, and how many undecodable bytes were replaced.

    UTF-16 (with a byte-order mark, or without one when every other byte is
    NUL) and UTF-8 are read as such; a UTF-8 text with a few bad bytes keeps
    its text, each bad byte replaced by U+FFFD and counted (the extraction
    reports them); a text that is no UTF-8 at all is Windows-1252. Other NUL
    bytes mean a binary file."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data, "utf-16"), 0
    if utf16_order := _bomless_utf16(data):
        return _utf16(data, utf16_order), 0
    if b"\x00" in data:
        raise UnreadableDocument("binary content (NUL bytes): not a text export")
    try:
        return data.decode("utf-8-sig"), 0
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    utf8_letters = sum(1 for char in text if ord(char) > 127 and char != "\ufffd")
    if utf8_letters and replaced <= max(MAX_BAD_BYTES, len(data) * MAX_BAD_SHARE):
        return text.removeprefix("\ufeff"), replaced
    return data.decode("cp1252", errors="replace"), 0


MAX_BAD_BYTES = 20
MAX_BAD_SHARE = 0.001


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is NUL (a Latin
    text in UTF-16 without a byte-order mark)."""
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    if data[1::2].count(0) > 0.6 * half and data[0::2].count(0) < 0.1 * half:
        return "utf-16-le"
    if data[0::2].count(0) > 0.6 * half and data[1::2].count(0) < 0.1 * half:
        return "utf-16-be"
    return None


def _utf16(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableDocument(f"broken UTF-16 text: {error}") from error


def read_document(
    path: Path, data: bytes | None = None, pdf_settings: PdfSettings | None = None
) -> Document:
    """Read ``path`` (or its already-loaded ``data``) into the IR; a PDF with
    ``pdf_settings`` (its reader's knobs, the OCR limits among them)."""
    if data is None:
        data = path.read_bytes()
    document = Document(
        source_file=str(path),
        sha256=sha256_of(data),
        source_format=source_format_of(path, data),
    )
    try:
        if document.source_format == "pdf":
            from calpae.readers.pdf import read_pdf_document  # pdf libraries: when needed

            reading = read_pdf_document(data, pdf_settings or PdfSettings())
            document.pages = reading.pages
            if reading.ocr_confidence:
                document.source_format = "pdf_ocr"
                document.ocr_confidence = reading.ocr_confidence
        else:
            text, document.replaced_bytes = decode_text(data)
            if not text.strip():
                raise UnreadableDocument("empty file: no text at all")
            document.pages = read_text_export(text)
    except NeedsOCR as reason:
        document.status, document.error = "needs_ocr", str(reason)
    except UnreadableDocument as reason:
        document.status, document.error = "failed", str(reason)
    return document
