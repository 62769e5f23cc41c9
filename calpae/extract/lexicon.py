"""The shared vocabulary of the extractors: the cue words, as data, from
``schemas/reference/lexicon.toml``, and the few atoms every reader spells the
same way (years, months, weekdays).

    >>> cues("funder")[0][0]
    'etat'
    >>> bool(matcher("total_label").search("sous-total"))
    True

Patterns match folded text (``extract.text.fold``): lower case, no accents. A
space in a pattern matches any run of spaces (a PDF's line may hold two).
"""

from __future__ import annotations

import re
from functools import cache

from calpae.schemas.reference import lexicon

YEAR = r"20[12]\d"
"""A year of the convention's era (2010–2029), that money is for: "2019"."""
DATED_YEAR = r"(?:19[89]\d|20[0-4]\d)"
"""A year a document dates something with (1980–2049): a header, a date."""
MONTHS = (
    r"janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|"
    r"ao[uû]t|septembre|sept?\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?"
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@cache
def cues(vocabulary: str, strong_only: bool = False) -> tuple[tuple[str, str], ...]:
    """(label, pattern) of each cue of a vocabulary, in the file's order;
    ``strong_only`` leaves out the weak ones."""
    return tuple(
        (cue.label, spaced(cue.pattern))
        for cue in lexicon()[vocabulary]
        if not (strong_only and cue.weak)
    )


@cache
def named(vocabulary: str, name: str) -> str:
    """The pattern of the one cue of a vocabulary that has this name."""
    return next(spaced(cue.pattern) for cue in lexicon()[vocabulary] if cue.name == name)


@cache
def matcher(vocabulary: str) -> re.Pattern[str]:
    """One pattern matching any cue of a vocabulary."""
    return re.compile("|".join(f"(?:{pattern})" for _, pattern in cues(vocabulary)))


def spaced(pattern: str) -> str:
    """The pattern with each literal space (outside a character class) made a
    run of spaces ("cd ?67" keeps its space optional)."""
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if char == " " and not in_class and not escaped:
            out.append(r"\s+")
        elif char in "?*" and out and out[-1] == r"\s+" and not escaped:
            out[-1] = r"\s*"
        else:
            out.append(char)
        if not escaped and char == "[":
            in_class = True
        elif not escaped and char == "]":
            in_class = False
        escaped = char == "\\" and not escaped
    return "".join(out)
