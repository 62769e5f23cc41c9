"""The years a document covers (``period_start``, ``period_end``).

In order, the first rule that finds years wins:

1. the title's years: "2019-2021" → 2019–2021, "ANNEE 2022" → 2022;
2. an execution report dated by its publication, a short line of its own
   ("1er trimestre 2021"), reports on the year before → 2020;
3. "au titre de l'année 2020" or a line "Année 2020" in the document's in-scope
   text → 2020 (an avenant, a recueil holding one);
4. the years of the title block's other lines ("STRATEGIE PAUVRETE 2019-2021").
"""

from __future__ import annotations

import re

from calpae.extract.lexicon import MONTHS
from calpae.extract.lexicon import YEAR as CONVENTION_YEAR
from calpae.extract.text import fold
from calpae.schemas.ir import Block

YEAR = rf"({CONVENTION_YEAR})"
YEAR_RANGE = re.compile(rf"\b{YEAR}\s*(?:-|–|à|a)\s*{YEAR}\b")
SINGLE_YEAR = re.compile(rf"\b{YEAR}\b")
FOR_YEAR = re.compile(rf"au titre de l'annee {YEAR}\b|^annee {YEAR}$")
PUBLICATION = re.compile(rf"\b(?:trimestre|semestre)\s+{YEAR}\b")
STAMP_WORDS = 6


NOT_A_PERIOD = re.compile(
    rf"\b(?:{MONTHS})\s+{YEAR}\b|\b(?:depuis|jusqu'en|jusqu'a|avant|apres|des)\s+{YEAR}\b"
)
"""A year that dates an event ("annoncée en septembre 2018") or bounds an
open span ("depuis 2019"): no period of the document."""


def years_in(text: str) -> tuple[int, int] | None:
    text = NOT_A_PERIOD.sub(" ", fold(text))
    if match := YEAR_RANGE.search(text):
        first, last = int(match.group(1)), int(match.group(2))
        if first <= last:
            return first, last
    years = [int(y) for y in SINGLE_YEAR.findall(text)]
    return (min(years), max(years)) if years else None


def publication_year(blocks: list[Block]) -> int | None:
    """The year of a publication stamp: a short line of its own naming a
    quarter or a half-year ("1er trimestre 2021"), not a sentence that
    happens to ("Au 1er trimestre 2020, la crise sanitaire a …")."""
    for block in blocks:
        if block.kind == "table":
            continue
        for line in block.lines:
            text = fold(line.text)
            if len(text.split()) <= STAMP_WORDS and (match := PUBLICATION.search(text)):
                return int(match.group(1))
    return None


def period_of(
    title: str | None,
    title_block: Block | None,
    doc_type: str,
    in_scope_blocks: list[Block],
) -> tuple[int | None, int | None]:
    if title and (found := years_in(title)):
        return found
    if doc_type == "rapport_execution" and (year := publication_year(in_scope_blocks[:20])):
        return year - 1, year - 1
    for block in in_scope_blocks:
        if block.kind == "table":
            continue
        for line in block.lines:
            if match := FOR_YEAR.search(fold(line.text)):
                year = int(match.group(1) or match.group(2))
                return year, year
    if title_block and (found := years_in(title_block.text)):
        return found
    return None, None
