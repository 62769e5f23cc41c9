"""People named in a document, with their role.

Patterns find where a person is named in a role; a name is 2 to 4 capitalised
words ("Jean-Luc MARX", "André Accary", "Deschamps Amelle"). spaCy's French
model confirms the names whose shape alone is not convincing (no surname in
capitals).

Where names stand:
- parties: "représenté par [Monsieur] NAME, Préfet du …" (role from the words
  after the name);
- labels: "**Président** : M. NAME", "Secrétaire de séance : NAME";
- signature blocks: role lines ("Le Président du / Conseil Départemental /
  du Bas-Rhin") then name lines; several roles then several names (two
  columns flattened) pair up in order;
- a role and a name in one cell: "La Présidente du Conseil Départemental
  Sophie BORDERIE".

Roles: president_cd, prefet, secretaire_seance, signataire (other signatories:
a minister, the interministerial delegate), other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calpae.extract.nlp import person_entities
from calpae.extract.text import fold
from calpae.readers.plain_text import to_plain
from calpae.schemas.ir import Block, TextSpan

WORD = r"[A-ZÀ-Ý][A-Za-zÀ-ÿ'’]*(?:-[A-ZÀ-Ý][A-Za-zÀ-ÿ'’]*)*"
NAME = rf"{WORD}(?: {WORD}){{1,3}}"
TITLE = r"(?:(?:M\.|Mme|Monsieur|Madame)\s+)?"
REPRESENTED = re.compile(
    rf"représentée? par\s+{TITLE}(?P<name>{NAME})\s*,\s*(?P<role>[^,]{{0,80}})"
)
LABELLED = re.compile(
    rf"^(?P<role>Présidente?|Secrétaire de séance)\s*:\s*{TITLE}(?P<name>{NAME})\s*$"
)
ROLE_THEN_NAME = re.compile(
    r"^(?P<role>(?:Le|La) (?:Président|Présidente|Préfet|Préfète)\b.*?)"
    rf"\s+(?P<name>{WORD} [A-ZÀ-Ý-]{{2,}})$"
)
ROLE_LINE = re.compile(
    r"^(?:Le|La)\s+(?:Président|Présidente|Préfet|Préfète|Secrétaire d'État|Secrétaire d’État|"
    r"Délégué|Déléguée|Ministre)\b"
)
NAME_LINE = re.compile(rf"^{TITLE}(?P<name>{NAME})$")
LONG_PARAGRAPH_WORDS = 15


@dataclass(frozen=True)
class FoundPerson:
    name: str
    role: str
    evidence: str
    page: int
    line: int


def role_of(text: str) -> str:
    folded = fold(text)
    if "secretaire de seance" in folded:
        return "secretaire_seance"
    if re.search(r"\bprefete?\b", folded):
        return "prefet"
    if re.search(r"\bpresidente?\b", folded):
        return "president_cd"
    if re.search(r"secretaire d'etat|delegue|ministre", folded):
        return "signataire"
    return "other"


def find_people(blocks: list[Block]) -> list[FoundPerson]:
    found: list[FoundPerson] = []
    pending: list[str] = []  # roles of a signature block waiting for their names
    for block in blocks:
        spans = block.spans()
        for index, span in enumerate(spans):
            following = spans[index + 1].text if index + 1 < len(spans) else ""
            found += people_in_span(span, to_plain(span.raw), following)
            text = to_plain(span.raw).strip(" *,")
            if block.kind == "table":
                continue
            if ROLE_LINE.match(text) and len(text.split()) <= LONG_PARAGRAPH_WORDS:
                pending.append(role_phrase(spans[index:]))
            elif pending and (name := name_line(text)):
                found.append(
                    FoundPerson(
                        name, role_of(pending.pop(0)), span.raw.strip(), span.page, span.line
                    )
                )
            elif len(text.split()) > LONG_PARAGRAPH_WORDS:
                pending.clear()
    return found


def role_phrase(spans: list[TextSpan]) -> str:
    """A role line with the lines that continue it ("Le Président du" /
    "Conseil Départemental" / "du Bas-Rhin"), up to the next role or name."""
    words = [spans[0].text]
    for span in spans[1:3]:
        text = span.text.strip(" *,")
        if ROLE_LINE.match(text) or name_line(text):
            break
        words.append(text)
    return " ".join(words)


def people_in_span(span: TextSpan, text: str, following: str = "") -> list[FoundPerson]:
    """People named with their role inside one line or cell; a role cut by the
    end of the line ("représenté par M. X,") is read on the next line."""
    people = []
    for pattern in (REPRESENTED, LABELLED, ROLE_THEN_NAME):
        for match in pattern.finditer(text):
            role_text = match.group("role").strip() or following
            role = role_of(role_text)
            if role == "other":
                continue
            people.append(
                FoundPerson(match.group("name"), role, match.group(0), span.page, span.line)
            )
    return people


def name_line(text: str) -> str | None:
    """The name when the whole line is one person's name."""
    match = NAME_LINE.match(text)
    if not match:
        return None
    name = match.group("name")
    has_capital_surname = any(len(w) > 1 and w.isupper() for w in name.replace("-", " ").split())
    return name if has_capital_surname or is_person(name) else None


def is_person(text: str) -> bool:
    """spaCy's French model says the whole text is a person's name."""
    entities = person_entities(text)
    return entities == [(text, "PER")]
