"""The source text behind a fact: the lines around it, with its exact span marked.

The warehouse keeps each fact's evidence (page, source line, character span,
exact substring) but not the documents' text. The text is read again from the
source file when it is still where it was ingested and unchanged (same
SHA-256): a text export whole (offsets are in the file), a PDF page by page
(offsets are in the page's extracted text). Otherwise a fact's evidence is
shown alone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

CONTEXT_LINES = 3


class Document(Protocol):
    """What locates a document's file: a row of ``documents`` or the like."""

    source_file: str
    source_root: str | None
    source_format: str | None
    sha256: str | None


@dataclass(frozen=True)
class SourceText:
    """A document's text as its offsets count: the file's (``whole``) or its pages'."""

    whole: str | None = None
    pages: tuple[str, ...] = ()

    def base(self, page: int | None) -> str | None:
        """The text a fact's offsets and line number refer to."""
        if self.whole is not None:
            return self.whole
        if page is not None and 1 <= page <= len(self.pages):
            return self.pages[page - 1]
        return None

    @property
    def page_based(self) -> bool:
        return self.whole is None


@dataclass(frozen=True)
class SnippetLine:
    """One source line cut around the marked span: before, marked, after."""

    number: int
    before: str
    marked: str
    after: str

    @property
    def is_marked(self) -> bool:
        return bool(self.marked)


@dataclass(frozen=True)
class Snippet:
    """Source lines around a fact; ``exact`` when the marked text is the evidence."""

    lines: tuple[SnippetLine, ...]
    exact: bool


def source_path(document: Document) -> Path | None:
    """Where the document's file was ingested from."""
    if not document.source_file:
        return None
    path = Path(document.source_file)
    if not path.is_absolute() and document.source_root:
        path = Path(document.source_root) / path
    return path


def load_source(document: Document) -> SourceText | None:
    """The document's text, if its file is still there, unchanged and readable."""
    path = source_path(document)
    if path is None or not path.is_file():
        return None
    from calpae.readers.document import sha256_of_file

    try:  # hashed as it streams first: a file replaced by a huge one is never read whole
        if document.sha256 and sha256_of_file(path) != document.sha256:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if document.sha256 and hashlib.sha256(data).hexdigest() != document.sha256:
        return None  # changed between the two reads
    try:
        if (document.source_format or "text") == "text":
            from calpae.readers.document import decode_text

            return SourceText(whole=decode_text(data)[0])
        from calpae.readers.pdf.document import extract_page_texts

        return SourceText(pages=tuple(page.text for page in extract_page_texts(data)))
    except Exception:  # a file the report cannot read again: its evidence is shown alone
        return None


@lru_cache(maxsize=64)
def line_starts(text: str) -> tuple[int, ...]:
    """The offset where each line starts (lines split on ``\\n``); cached, as
    every fact of a document cuts lines from the same text."""
    return (0, *(match.end() for match in re.finditer("\n", text)))


def line_at(starts: tuple[int, ...], offset: int) -> int:
    """The 0-based index of the line holding ``offset``."""
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def line_text(text: str, starts: tuple[int, ...], index: int) -> str:
    """Line ``index`` (0-based) without its line break."""
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
    return text[starts[index] : end].removesuffix("\r")


def cut_lines(
    text: str, start: int, end: int, context: int = CONTEXT_LINES
) -> tuple[SnippetLine, ...]:
    """The lines around ``text[start:end]``, the span marked on the lines it covers."""
    starts = line_starts(text)
    first, last = line_at(starts, start), line_at(starts, max(start, end - 1))
    lines = []
    for index in range(max(0, first - context), min(len(starts), last + context + 1)):
        line = line_text(text, starts, index)
        offset = starts[index]
        left = min(max(start - offset, 0), len(line))
        right = min(max(end - offset, 0), len(line))
        lines.append(SnippetLine(index + 1, line[:left], line[left:right], line[right:]))
    return tuple(lines)


def span_snippet(
    source: SourceText | None,
    page: int | None,
    char_start: int | None,
    char_end: int | None,
    evidence: str | None,
) -> Snippet | None:
    """The lines around a fact whose offsets hold its evidence exactly."""
    text = source.base(page) if source else None
    if text is None or char_start is None or char_end is None or not evidence:
        return None
    if text[char_start:char_end] != evidence:
        return None
    return Snippet(cut_lines(text, char_start, char_end), exact=True)


def line_snippet(
    source: SourceText | None, page: int | None, source_line: int | None, needle: str | None
) -> Snippet | None:
    """The lines around ``source_line``, the first occurrence of ``needle`` on it
    marked (when it is there; the whole line when there is no needle)."""
    text = source.base(page) if source else None
    if text is None or source_line is None:
        return None
    starts = line_starts(text)
    if not 1 <= source_line <= len(starts):
        return None
    line = line_text(text, starts, source_line - 1)
    if needle is None:
        needle = line
    found = line.find(needle) if needle else -1
    if found < 0:
        start = starts[source_line - 1]
        return Snippet(cut_lines(text, start, start), exact=False)
    start = starts[source_line - 1] + found
    return Snippet(cut_lines(text, start, start + len(needle)), exact=True)


def fact_snippet(
    source: SourceText | None,
    page: int | None,
    source_line: int | None,
    char_start: int | None,
    char_end: int | None,
    evidence: str | None,
) -> Snippet:
    """The best view of a fact's evidence: its exact span in the source text,
    else the evidence found on its line, else its line unmarked (the page then
    shows the evidence apart), else nothing."""
    found = span_snippet(source, page, char_start, char_end, evidence)
    found = found or line_snippet(source, page, source_line, evidence)
    return found or Snippet((), exact=False)
