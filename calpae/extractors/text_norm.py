"""Normalisation for matching (never for evidence): accents, case, apostrophes."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "\u00a0": " ", "\u202f": " "})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces.

    >>> fold("Département  de Saône-et-Loire’s")
    "departement de saone-et-loire's"
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip().lower()


def fold_chars(text: str) -> str:
    """Like ``fold`` but character for character, so that offsets still hold:
    lower case, no accents, straight apostrophes, every space a plain space."""
    return "".join(_fold_char(ch) for ch in text.translate(_APOSTROPHES))


def _fold_char(ch: str) -> str:
    base = [c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)]
    folded = (base[0] if base else ch).lower()
    return " " if folded.isspace() else folded[0]
