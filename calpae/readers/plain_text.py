"""Turn the markup found in text exports into plain text.

Cells and lines of the exports may hold HTML (``<p>``, ``<ul>``, ``<li>``,
``<b>``, ``<sup>``), markdown emphasis (``**bold**``) and TeX-like superscripts
(``1^{er}``). Extractors want the words only; list items and paragraphs stay
separate lines.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

_BREAK_TAG = re.compile(r"<\s*(?:br|/?p|/?li|/?ul|/?ol|/?div|/?tr|/?h[1-6])\b[^<>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_SUPERSCRIPT = re.compile(r"\^\{([^{}]*)\}")
_EMPHASIS = re.compile(r"\*\*")
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2009]+")
_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+")


@lru_cache(maxsize=16_384)  # the extractors read each line several times over
def to_plain(raw: str) -> str:
    """Plain text of a cell or line: tags dropped, block tags become newlines.

    >>> to_plain("<p>Part État : 1 000 €</p> <p>Dépenses</p>")
    'Part État : 1 000 €\\nDépenses'
    >>> to_plain("1<sup>er</sup> semestre, 2^{ème} trimestre")
    '1er semestre, 2ème trimestre'
    """
    text = _BREAK_TAG.sub("\n", raw)
    text = _ANY_TAG.sub("", text)
    text = _SUPERSCRIPT.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = html.unescape(text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def heading_level(raw_line: str) -> int:
    """Markdown heading level of a line (``## Title`` is 2), 0 when not one."""
    match = _HEADING_MARK.match(raw_line)
    return match.group(0).count("#") if match else 0


def strip_heading_mark(raw_line: str) -> str:
    return _HEADING_MARK.sub("", raw_line, count=1)


def is_bold_only(raw: str) -> bool:
    """True when the whole (possibly multi-line) text is one ``**bold**`` span."""
    stripped = raw.strip()
    return (
        len(stripped) > 4
        and stripped.startswith("**")
        and stripped.endswith("**")
        and stripped.count("**") == 2
    )
