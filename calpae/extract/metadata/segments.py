"""The parts of a document that matter, and whose they are.

Two splits, applied in turn to the document's blocks:

1. **Acts.** A *recueil des actes* holds unrelated acts. An act starts at the
   title just before its "DÉCIDE :" (or "ARRÊTE", "Après en avoir délibéré").
   An act is in scope when it speaks of the poverty convention (pauvreté,
   convention d'appui, CALPAE); the others are recorded as out-of-scope
   segments and produce no convention facts. What comes before the first act
   (cover, summary) is in scope.
2. **Département parts.** A joint document (several départements named as
   parties) has one part per département, each opened by a short heading that
   names that département alone ("Rapport d'exécution du Bas-Rhin", "… Etat/
   Haut-Rhin"). A short all-capitals heading naming none ("CONCLUSION",
   "ANNEXES BUDGETAIRES") closes the current part: what follows is joint.

A segment of a joint part carries no département (``None``); in a document
about one département every segment carries that one, out-of-scope acts too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calpae.extract.lexicon import matcher
from calpae.extract.metadata.departments import single_department
from calpae.extract.text import fold
from calpae.schemas.ir import Block

ACT_OPENING = re.compile(r"^(?:d[ée]cide|arr[êe]te|apr[èe]s en avoir d[ée]lib[ée]r[ée])\b", re.I)
IN_SCOPE = re.compile(r"pauvrete|convention d'appui|calpae")
HEADING_MAX_WORDS = 15
PART_SECTION = matcher("part_section")


@dataclass(frozen=True)
class Segment:
    number: int
    label: str
    department_code: str | None
    in_scope: bool
    reason: str
    page_from: int
    line_from: int
    page_to: int
    line_to: int


def segment_document(
    blocks: list[Block], doc_type: str, parties: list[str]
) -> list[tuple[Segment, list[Block]]]:
    """The document's segments, each with its blocks, in reading order."""
    if not blocks:
        return []
    pieces: list[tuple[str, str | None, bool, str, list[Block]]] = []
    acts = split_acts(blocks) if doc_type == "recueil_actes" else [(None, blocks)]
    for title, act_blocks in acts:
        in_scope = title is None or mentions_convention(act_blocks)
        label = title or act_blocks[0].text.split("\n")[0]
        if not in_scope:
            pieces.append((label, None, False, "act about something else", act_blocks))
            continue
        for code, part_label, part_blocks in split_parts(act_blocks, parties):
            reason = f"part of {code}" if code else "in scope"
            pieces.append((part_label or label, code, True, reason, part_blocks))

    only = parties[0] if len(parties) == 1 else None
    segments = []
    for number, (label, code, in_scope, reason, part_blocks) in enumerate(pieces, start=1):
        first, last = part_blocks[0], part_blocks[-1]
        segment = Segment(
            number=number,
            label=label[:200],
            department_code=code or only,
            in_scope=in_scope,
            reason=reason,
            page_from=first.page,
            line_from=first.line_start,
            page_to=last.page,
            line_to=last.line_end,
        )
        segments.append((segment, part_blocks))
    return segments


def split_acts(blocks: list[Block]) -> list[tuple[str | None, list[Block]]]:
    """(act title, blocks) pairs; the first pair (title None) is what precedes
    the first act, when anything does."""
    starts = [
        i
        for i in range(len(blocks) - 1)
        if blocks[i].kind != "table" and ACT_OPENING.match(blocks[i + 1].text.strip())
    ]
    if not starts:
        return [(None, blocks)]
    acts: list[tuple[str | None, list[Block]]] = []
    if starts[0] > 0:
        acts.append((None, blocks[: starts[0]]))
    for start, end in zip(starts, [*starts[1:], len(blocks)], strict=True):
        acts.append((blocks[start].text.replace("\n", " "), blocks[start:end]))
    return acts


def mentions_convention(blocks: list[Block]) -> bool:
    return any(IN_SCOPE.search(fold(block.text)) for block in blocks)


def split_parts(
    blocks: list[Block], parties: list[str]
) -> list[tuple[str | None, str | None, list[Block]]]:
    """(département code or None, heading, blocks) of each part; one part with
    no code when the document is about fewer than two départements."""
    if len(parties) < 2:
        return [(None, None, blocks)]
    parts: list[tuple[str | None, str | None, list[Block]]] = [(None, None, [])]
    for block in blocks:
        heading = short_heading(block)
        code = single_department(heading) if heading else None
        if code in parties and code != parts[-1][0]:
            parts.append((code, heading, [block]))
        elif heading and closes_part(heading) and parts[-1][0] is not None:
            parts.append((None, heading, [block]))
        else:
            parts[-1][2].append(block)
    return [part for part in parts if part[2]]


def short_heading(block: Block) -> str | None:
    """The text of a one-line heading-like block, else None."""
    if block.kind == "table" or len(block.lines) != 1:
        return None
    text = block.text.strip()
    if not text or len(text.split()) > HEADING_MAX_WORDS or text.endswith((".", ";", ",", ":")):
        return None
    if "€" in text or "euro" in text.lower():  # "Part CD 68 : 36 400 €" is a figure
        return None
    return text


def closes_part(heading: str) -> bool:
    """An all-capitals heading without figures ("CONCLUSION", "ANNEXES"),
    unless it names what a part is made of ("ACTIONS DU SOCLE", "AXE 2",
    "INDICATEURS"): a section of the part, not the end of it."""
    letters = [c for c in heading if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and not any(c.isdigit() for c in heading)
        and not PART_SECTION.search(fold(heading))
    )
