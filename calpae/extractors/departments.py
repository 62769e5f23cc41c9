"""Which départements a text names, and which a document is about.

A mention is one of:

- ``party``: the name after "département", "conseil départemental", "préfet"
  and a particle ("du Bas-Rhin", "de Saône-et-Loire", "de la Gironde");
- ``cd_code``: "CD67", "CD 2A";
- ``name``: the name alone, capitalised ("Etat/ Bas-Rhin");
- ``demonym``: the adjective ("bas-rhinois", "lot-et-garonnaises").

A document is about the départements it names as a party (or by CD code); a
mention in passing ("comme en Gironde") is not enough. Names and demonyms only
serve short headings (parts of a joint report) and support.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Literal

from calpae.extractors.text_norm import fold
from calpae.schemas.reference import departments

MentionKind = Literal["party", "cd_code", "name", "demonym"]
STRONG_KINDS = ("party", "cd_code")


@dataclass(frozen=True)
class Mention:
    code: str
    kind: MentionKind


def _norm(text: str) -> str:
    """Folded, with hyphens as spaces: "Saône et Loire" is "Saône-et-Loire"."""
    return fold(text).replace("-", " ")


def _alternation(spellings: list[str]) -> str:
    return "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))


@cache
def _patterns() -> dict[MentionKind, tuple[re.Pattern[str], dict[str, str]]]:
    """Each kind's pattern over folded text, and its spelling → code map."""
    by_name = {_norm(d.name): d.code for d in departments()}
    by_demonym = {_norm(d.demonym): d.code for d in departments() if d.demonym}
    codes = {d.code.lower(): d.code for d in departments()}
    names = _alternation(list(by_name))
    return {
        "party": (
            re.compile(
                r"(?:departement|conseil departemental|prefet|prefete)\s+"
                rf"(?:du|de la|de l'|des|de|d')\s*({names})(?!\w)"
            ),
            by_name,
        ),
        "cd_code": (re.compile(r"(?<!\w)cd\s?(\d{2,3}|2a|2b)(?!\w)"), codes),
        "name": (re.compile(rf"(?<!\w)({names})(?!\w)"), by_name),
        "demonym": (
            re.compile(rf"(?<!\w)({_alternation(list(by_demonym))})(?:e|s|es)?(?!\w)"),
            by_demonym,
        ),
    }


def find_mentions(text: str) -> list[Mention]:
    """Every mention of a département in ``text``, by kind.

    A bare name counts only when capitalised in the text, so that "un lot de"
    or "le nord de" are not départements.
    """
    folded = _norm(text)
    mentions: list[Mention] = []
    for kind, (pattern, spellings) in _patterns().items():
        for match in pattern.finditer(folded):
            code = spellings.get(match.group(1))
            if code is None:
                continue
            if kind == "name" and not _capitalised(text, folded, match.start(1)):
                continue
            mentions.append(Mention(code, kind))
    return mentions


def _capitalised(text: str, folded: str, start: int) -> bool:
    # fold() keeps positions when the text has no runs of spaces or decomposed
    # characters; fall back to accepting the mention when they differ.
    if len(text) != len(folded):
        return True
    return text[start].isupper()


def parties(text: str) -> list[str]:
    """Codes of the départements the text is about, most named first.

    A département is kept when it is named as a party (or by CD code) at least
    twice, or when it is the most named one.
    """
    counts = Counter(m.code for m in find_mentions(text) if m.kind in STRONG_KINDS)
    ranked = counts.most_common()
    return [code for i, (code, n) in enumerate(ranked) if n >= 2 or i == 0]


def single_department(text: str) -> str | None:
    """The one département a short text (a heading) names, if exactly one."""
    codes = {m.code for m in find_mentions(text)}
    return codes.pop() if len(codes) == 1 else None
