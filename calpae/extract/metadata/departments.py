"""Which départements a text names, and which a document is about.

A mention is one of:

- ``party``: the name after "département", "conseil départemental", "préfet"
  and a particle ("du Bas-Rhin", "de Saône-et-Loire", "de la Gironde"); each
  name of a list after "les départements" ("les départements du Calvados, de
  l'Eure, de la Manche, de l'Orne et de la Seine-Maritime");
- ``cd_code``: "CD67", "CD 2A";
- ``place``: the name after "en", "dans le", "dans la" ("se décline en
  Gironde");
- ``name``: the name alone, capitalised ("Etat/ Bas-Rhin");
- ``demonym``: the adjective ("bas-rhinois", "lot-et-garonnaises");
- ``prefecture``: its préfecture's town after "à", capitalised ("signée à Pau").

A document is about the départements it names as a party (or by CD code)
twice, the one it names most, and each it enumerates as parties; a mention in
passing ("comme le Département du Nord") is not enough. A text that
names no party (a press article) is about the département it names most, by
place, name, demonym or préfecture, when it does so ``FALLBACK_MENTIONS``
times. Each gets a confidence: ``high`` (named as a party twice, or enumerated
as a signatory), ``medium`` (the party named most, once), ``low`` (no party:
places, names and adjectives). Names and demonyms also serve short headings
(parts of a joint report).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Literal

from calpae.extract.lexicon import matcher
from calpae.extract.text import fold
from calpae.schemas.reference import departments

MentionKind = Literal["party", "cd_code", "place", "name", "demonym", "prefecture"]
Confidence = Literal["high", "medium", "low"]
STRONG_KINDS = ("party", "cd_code")
PROPER_KINDS = ("place", "name", "prefecture")  # capitalised in the text, or not counted
KIND_RANK: tuple[MentionKind, ...] = ("party", "cd_code", "place", "demonym", "name", "prefecture")
FALLBACK_MENTIONS = 3
PARTICLE = r"(?:du|de la|de l'|des|de|d')\s*"
SIGNING = matcher("signing")


@dataclass(frozen=True)
class Mention:
    code: str
    kind: MentionKind
    listed: bool = False
    """Named in an enumeration of those who sign or commit ("L'État et les
    départements du Calvados, de l'Eure… s'engagent … en signant")."""
    start: int = 0
    end: int = 0
    """Where the mention stands in the text searched."""


@dataclass(frozen=True)
class DepartmentFound:
    """A département a document is about, and how surely."""

    code: str
    confidence: Confidence


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
    by_prefecture = {_norm(d.prefecture): d.code for d in departments()}
    codes = {d.code.lower(): d.code for d in departments()}
    names = _alternation(list(by_name))
    return {
        "party": (
            re.compile(
                rf"(?:departements?|conseils? departementa(?:l|ux)|prefete?)\s+{PARTICLE}"
                rf"((?:{names})(?:\s*(?:,|,?\s*et)\s*{PARTICLE}(?:{names}))*)(?!\w)"
            ),
            by_name,
        ),
        "cd_code": (re.compile(r"(?<!\w)cd\s?(\d{2,3}|2a|2b)(?!\w)"), codes),
        "place": (re.compile(rf"(?<!\w)(?:en|dans le|dans la|dans l')\s*({names})(?!\w)"), by_name),
        "name": (re.compile(rf"(?<!\w)({names})(?!\w)"), by_name),
        "demonym": (
            re.compile(rf"(?<!\w)({_alternation(list(by_demonym))})(?:e|s|es)?(?!\w)"),
            by_demonym,
        ),
        "prefecture": (
            re.compile(rf"(?<!\w)a\s+({_alternation(list(by_prefecture))})(?!\w)"),
            by_prefecture,
        ),
    }


def find_mentions(text: str) -> list[Mention]:
    """Every mention of a département in ``text``, by kind.

    A name alone, after "en", or a préfecture counts only when capitalised in
    the text, so that "un lot de", "le nord de" or an address
    ("…-se-decline-en-gironde") are not départements.
    """
    folded = _norm(text)
    mentions: list[Mention] = []
    for kind, (pattern, spellings) in _patterns().items():
        for match in pattern.finditer(folded):
            if kind in PROPER_KINDS and not _capitalised(text, folded, match.start(1)):
                continue
            names = listed(match.group(1), spellings)
            signing = len(names) > 1 and bool(SIGNING.search(sentence_at(folded, match.start())))
            at = match.start(1)
            for name in names:
                at = folded.index(name, at)
                mentions.append(Mention(spellings[name], kind, signing, at, at + len(name)))
    return mentions


def sentence_at(text: str, offset: int) -> str:
    start = max(text.rfind(".", 0, offset), text.rfind("\n", 0, offset)) + 1
    ends = [i for i in (text.find(".", offset), text.find("\n", offset)) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def listed(group: str, spellings: dict[str, str]) -> list[str]:
    """The names a match holds: one, or each of a list ("calvados, de l'eure
    ... et de la seine maritime")."""
    if group in spellings:
        return [group]
    parts = re.split(rf"\s*(?:,|,?\s*\bet\b)\s*{PARTICLE}", group)
    return [part.strip() for part in parts if part.strip() in spellings]


def _capitalised(text: str, folded: str, start: int) -> bool:
    # fold() keeps positions when the text has no runs of spaces or decomposed
    # characters; fall back to accepting the mention when they differ.
    if len(text) != len(folded):
        return True
    return text[start].isupper()


def parties(text: str) -> list[str]:
    """Codes of the départements the text is about, most named first."""
    return [found.code for found in departments_of(text)]


def departments_of(text: str) -> list[DepartmentFound]:
    """The départements the text is about, most named first, each with how
    surely: named as a party (or by CD code) at least twice or enumerated as
    a signatory (high), the most named party (medium), else the place the
    text names most, if it does so often (low)."""
    mentions = find_mentions(text)
    counts = Counter(m.code for m in mentions if m.kind in STRONG_KINDS)
    if not counts:  # no party named: the place the text is about, if it says it often
        places = Counter(m.code for m in mentions).most_common(2)
        clear = places and (len(places) == 1 or places[0][1] > places[1][1])
        if clear and places[0][1] >= FALLBACK_MENTIONS:
            return [DepartmentFound(places[0][0], "low")]
        return []
    enumerated = {m.code for m in mentions if m.listed}
    found = []
    for i, (code, n) in enumerate(counts.most_common()):
        if n >= 2 or code in enumerated:
            found.append(DepartmentFound(code, "high"))
        elif i == 0:
            found.append(DepartmentFound(code, "medium"))
    return found


def first_mention(code: str, lines: list[str]) -> tuple[int, int, int] | None:
    """Where ``code`` is first named in its surest way (as a party, by CD
    code, a place, an adjective, a name, a préfecture): the line's index and
    the mention's span in it (the whole line where folding moved offsets)."""
    best: tuple[int, int, Mention] | None = None
    for index, line in enumerate(lines):
        for mention in find_mentions(line):
            rank = KIND_RANK.index(mention.kind)
            if mention.code == code and (best is None or rank < best[0]):
                best = (rank, index, mention)
        if best and best[0] == 0:
            break
    if best is None:
        return None
    _, index, mention = best
    if len(_norm(lines[index])) != len(lines[index]):
        return index, 0, len(lines[index])
    return index, mention.start, mention.end


def single_department(text: str) -> str | None:
    """The one département a short text (a heading) names, if exactly one."""
    codes = {m.code for m in find_mentions(text)}
    return codes.pop() if len(codes) == 1 else None
