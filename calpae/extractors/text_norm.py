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
