"""The unit a table's bare figures are written in: euros, unless a caption
above the table or a header says thousands or millions ("(en milliers
d'euros)", "Part État (k€)", "En M€"). A figure that carries its own unit
("40 K€", "155 000 €") keeps it."""

from __future__ import annotations

import re

from calpae.extract.lexicon import cues
from calpae.extract.text import fold

UNIT_CUES = cues("money_unit")
CAPTION_WORDS = 15
"""A caption is a short line: a longer one is a sentence, whose figures say their unit."""


def unit_of(text: str) -> int | None:
    """The multiplier a caption or a header names (1 000, 1 000 000), or None."""
    folded = fold(text)
    for multiplier, cue in UNIT_CUES:
        if re.search(cue, folded):
            return int(multiplier)
    return None


def caption_unit(caption: str | None) -> int | None:
    """The unit a short caption line above a table names."""
    if not caption or len(caption.split()) > CAPTION_WORDS:
        return None
    return unit_of(caption)


def without_unit(folded: str) -> str:
    """A folded header without the words that name its unit ("montant etat
    (k€)" → "montant etat ")."""
    for _, cue in UNIT_CUES:
        folded = re.sub(cue, " ", folded)
    return folded
