"""Text from documents, made safe for where it goes: a terminal or a page
title (control and bidi characters shown as escapes), a spreadsheet (text
written as text, never a formula) and a CSV file (OWASP's rule against formula
injection). Documents are hostile input: a title may hold ESC sequences, a
right-to-left override, or a cell starting with ``=``."""

from __future__ import annotations

import re

CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
"""C0 and C1 control characters but tab, line feed and carriage return."""
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Marks, embeddings, overrides and isolates that reorder the text around them."""
UNSAFE = re.compile(f"[{CONTROL}{BIDI}\r]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet takes a cell starting with one of these for a formula."""
UNSAFE_IN_SPREADSHEETS = re.compile(f"[{CONTROL}]")


def visible(text: str) -> str:
    """``text`` with every control and bidi character shown as its escape
    (``\\x1b``, ``\\u202e``): nothing reaches a terminal or a title that
    moves the cursor, changes a window's title, or reverses the text. Text
    Python calls printable has none of them (they are Unicode's "Other"
    characters) and is returned as it is, without a search."""
    if text.isprintable():
        return text
    return UNSAFE.sub(lambda m: ascii(m.group())[1:-1], text)


CELL_LENGTH = 32_767
"""Characters a workbook's cell holds (Excel's limit: longer, the file needs repairing)."""


def spreadsheet_text(text: str) -> str:
    """``text`` without the control characters a workbook cannot hold."""
    return UNSAFE_IN_SPREADSHEETS.sub("", text)


def workbook_text(text: str) -> str:
    """A workbook's text cell: ``spreadsheet_text`` within ``CELL_LENGTH``
    characters, a cut one ending with an ellipsis."""
    text = spreadsheet_text(text)
    return text if len(text) <= CELL_LENGTH else text[: CELL_LENGTH - 1] + "…"


def csv_text(text: str) -> str:
    """A CSV cell by OWASP's rule: control characters removed, and a cell
    starting with ``= + - @``, a tab or a carriage return prefixed with a
    single quote so that no spreadsheet runs it."""
    text = spreadsheet_text(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text_sql(column: str) -> str:
    """``csv_text`` as a DuckDB expression over a text column (for ``COPY``)."""
    cleaned = f"regexp_replace({column}, '[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]', '', 'g')"
    formula = f"regexp_matches({cleaned}, '^[=+\\-@\\t\\r]')"
    return f"CASE WHEN {formula} THEN '''' || {cleaned} ELSE {cleaned} END"
