"""Normalisation for matching (never for evidence): accents, case, apostrophes;
and where sentences end.

``fold_chars`` maps every character to exactly one character, so offsets in
the folded text are offsets in the source; ``fold`` also collapses spaces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MEMO_SIZE = 16_384
"""Texts each pure reading function remembers (the last ones read): the
extractors read each line several times over (a line is folded ten times on
average, its amounts and dates looked for four or five), so that a document
is scanned once per function, not once per use."""
_APOSTROPHES = {"’": "'", "‘": "'", "`": "'"}
_SPACES = re.compile(r" +")
SENTENCE_END = re.compile(r"[.!?](?:\s+|$)")
ABBREVIATIONS = frozenset({"m", "mm", "mme", "mmes", "mlle", "dr", "me", "st", "ste", "cf", "art"})


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in _APOSTROPHES:
            folded = _APOSTROPHES[ch]
        elif ch.isspace():
            folded = " "
        else:
            base = [c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)]
            folded = (base[0] if base else ch).lower()[0]
        self[code] = folded
        return folded


_TABLE = _FoldTable()


@lru_cache(maxsize=MEMO_SIZE)
def fold_chars(text: str) -> str:
    """Lower case, no accents, straight apostrophes, every space a plain space;
    one character for one.

    >>> fold_chars("Préfète\u00a0d’Île")
    "prefete d'ile"
    """
    return text.translate(_TABLE)


@lru_cache(maxsize=MEMO_SIZE)
def fold(text: str) -> str:
    """``fold_chars`` with runs of spaces made one and the ends stripped.

    >>> fold("Département  de Saône-et-Loire’s")
    "departement de saone-et-loire's"
    """
    return _SPACES.sub(" ", fold_chars(text)).strip()


def sentence_ends(raw: str) -> list[int]:
    """Where sentences end: a full stop, "!" or "?" and a space, unless the word
    before it is an abbreviation ("M. Bruno Faure")."""
    ends = []
    for stop in SENTENCE_END.finditer(raw):
        word_before = raw[: stop.start()].rsplit(maxsplit=1)[-1:]
        if word_before and word_before[0].lower() not in ABBREVIATIONS:
            ends.append(stop.end())
    return ends
