"""What kind of document this is, and its title, from its own opening words.

- **doc_type**: among the document's first lines, the cue that comes first
  wins: "Délibération N° 203" before "CONVENTION …" makes a deliberation; a
  "Recueil des actes administratifs" cover makes a recueil, whatever it holds.
- **title**: the first opening block that names the document's subject (a
  convention, avenant, report, fiche or recueil) or, when none does, the block
  holding the doc-type cue: a heading whole, or the paragraph line that names
  the subject.

The file name is never looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calpae.extract.lexicon import cues
from calpae.extract.text import fold
from calpae.schemas.ir import Block

OPENING_LINES = 40

CUES = cues("doc_type")
SUBJECT_TYPES = ("recueil_actes", "rapport_execution", "avenant", "fiche_action", "convention")


@dataclass(frozen=True)
class DocTypeGuess:
    doc_type: str
    title: str | None
    title_block: Block | None


def opening_blocks(blocks: list[Block], limit: int = OPENING_LINES) -> list[Block]:
    """The heading and paragraph blocks of the document's first ``limit`` lines."""
    opening: list[Block] = []
    seen = 0
    for block in blocks:
        if block.kind == "table":
            continue
        opening.append(block)
        seen += len(block.lines)
        if seen >= limit:
            break
    return opening


def first_cue(text: str, kinds: tuple[str, ...] | None = None) -> tuple[int, str] | None:
    """(position, doc type) of the earliest cue in ``text``."""
    folded = fold(text)
    hits = [
        (match.start(), kind)
        for kind, cue in CUES
        if (kinds is None or kind in kinds) and (match := re.search(cue, folded))
    ]
    return min(hits) if hits else None


def guess_doc_type(blocks: list[Block]) -> DocTypeGuess:
    opening = opening_blocks(blocks)
    doc_type, cue_block = "other", None
    for block in opening:
        if found := _first_cue_in_lines(block):
            doc_type, cue_block = found, block
            break
    title_block = next(
        (block for block in opening if _first_cue_in_lines(block, SUBJECT_TYPES)), cue_block
    )
    return DocTypeGuess(doc_type, title_of(title_block, doc_type), title_block)


def _first_cue_in_lines(block: Block, kinds: tuple[str, ...] | None = None) -> str | None:
    for line in block.lines:
        if found := first_cue(line.text, kinds):
            return found[1]
    return None


def title_of(block: Block | None, doc_type: str) -> str | None:
    """A heading's lines joined (a title wrapped over two lines); in a
    paragraph, the line that names the subject (its next lines are subtitles)."""
    if block is None:
        return None
    if block.kind == "heading":
        text = block.text
    else:
        text = next(
            (line.text for line in block.lines if first_cue(line.text, SUBJECT_TYPES)),
            block.lines[0].text,
        )
    return " ".join(text.split())[:300] or None
