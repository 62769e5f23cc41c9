"""What kind of document this is, from its own opening words.

First version (foundation): among the first lines of the document, the cue
that appears first wins ("Délibération N° 203" before "CONVENTION …" makes a
deliberation). The line holding the cue is the document's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calpae.extractors.text_norm import fold
from calpae.schemas.ir import Block, Line

OPENING_LINES = 40

CUES: tuple[tuple[str, str], ...] = (
    ("recueil_actes", r"recueil des actes"),
    ("rapport_execution", r"rapport d'execution"),
    ("deliberation", r"\bdeliberation\b|\breunion du conseil\b|\bseance du\b"),
    ("avenant", r"\bavenant\b"),
    ("fiche_action", r"\bfiche action\b|\bfiche-action\b"),
    ("convention", r"\bconvention\b"),
)


@dataclass(frozen=True)
class DocTypeGuess:
    doc_type: str
    title: str | None
    line: int | None


def opening_lines(blocks: list[Block], limit: int = OPENING_LINES) -> list[Line]:
    lines: list[Line] = []
    for block in blocks:
        if block.kind == "table":
            continue
        lines.extend(block.lines)
        if len(lines) >= limit:
            break
    return lines[:limit]


def guess_doc_type(blocks: list[Block]) -> DocTypeGuess:
    for line in opening_lines(blocks):
        folded = fold(line.text)
        hits = [(m.start(), kind) for kind, cue in CUES if (m := re.search(cue, folded))]
        if hits:
            _, kind = min(hits)
            return DocTypeGuess(kind, line.text.replace("\n", " "), line.number)
    return DocTypeGuess("other", None, None)


def period_of(title: str | None) -> tuple[int | None, int | None]:
    """Years of a title: "2019-2021" → (2019, 2021); "ANNEE 2022" → (2022, 2022)."""
    if not title:
        return None, None
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", title)]
    if not years:
        return None, None
    return min(years), max(years)
