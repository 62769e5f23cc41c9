"""Is this a French document about the poverty convention at all?

A document that is not in French, or that never speaks of the convention or
of poverty policy, gets doc type ``other`` and a data-quality warning, and no
convention facts are extracted from it (nothing invented from an unrelated
text).
"""

from __future__ import annotations

import re

from calpae.extract.lexicon import matcher
from calpae.extract.text import fold

FRENCH_WORDS = frozenset(
    "le la les de des du et en un une pour par dans sur est sont au aux avec que qui".split()
)
ENGLISH_WORDS = frozenset("the and of to in is are for with that this by on from".split())
TOPIC = matcher("topic")
MIN_WORDS = 20


def relevance_problem(text: str) -> str | None:
    """Why the text cannot be a CALPAE document, or None when it can."""
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    if len(words) < MIN_WORDS:
        return f"too little text to read ({len(words)} words)"
    french = sum(w in FRENCH_WORDS for w in words)
    english = sum(w in ENGLISH_WORDS for w in words)
    if french < 2 * english or french < 0.05 * len(words):
        return "not a French document"
    if not TOPIC.search(fold(text)):
        return "does not speak of the poverty convention"
    return None
