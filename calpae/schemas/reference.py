"""Reference data shipped in ``schemas/reference``: read once, cached."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from calpae.schemas.enums import LEXICON_LABELS


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    region: str
    demonym: str
    """Masculine singular adjective ("bas-rhinois"); '' where ambiguous
    (savoyard, charentais, viennois…) or rare."""
    prefecture: str
    """The town of its préfecture ("Pau" for the Pyrénées-Atlantiques)."""


@cache
def departments() -> tuple[Department, ...]:
    """The 101 départements with their INSEE codes."""
    path = resources.files("calpae.schemas") / "reference" / "departements.csv"
    with path.open(encoding="utf-8") as handle:
        return tuple(Department(**row) for row in csv.DictReader(handle))


def department_name(code: str) -> str:
    return next(d.name for d in departments() if d.code == code)


@cache
def number_words() -> dict[str, int]:
    """French number words and their value ("cinq" → 5), for counts and
    amounts written in words."""
    path = resources.files("calpae.schemas") / "reference" / "number_words.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["word"]: int(row["value"]) for row in csv.DictReader(handle)}


@dataclass(frozen=True)
class Cue:
    label: str
    pattern: str
    """A regular expression over folded text (see ``extract/text.py``)."""
    examples: tuple[str, ...]
    weak: bool = False
    """A word that names its label only when no strong cue does."""
    name: str = ""
    """A name for the one cue some rule uses alone ("spending")."""
    not_examples: tuple[str, ...] = ()
    """Words it must not match."""


@cache
def lexicon() -> dict[str, tuple[Cue, ...]]:
    """Every cue vocabulary of ``lexicon.toml``, by name, its cues in order;
    a vocabulary that names an enumeration's values (``enums.LEXICON_LABELS``)
    uses no other label."""
    vocabularies = read_lexicon()
    for name, enumeration in LEXICON_LABELS.items():
        unknown = {cue.label for cue in vocabularies[name]} - set(enumeration)
        if unknown:
            kind = enumeration.__name__
            raise ValueError(f"lexicon.toml [{name}]: labels {sorted(unknown)} are no {kind}")
    return vocabularies


def read_lexicon() -> dict[str, tuple[Cue, ...]]:
    """The vocabularies as the file states them."""
    import tomllib

    path = resources.files("calpae.schemas") / "reference" / "lexicon.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        name: tuple(
            Cue(
                c["label"],
                c["pattern"],
                tuple(c["examples"]),
                c.get("weak", False),
                c.get("name", ""),
                tuple(c.get("not_examples", ())),
            )
            for c in vocabulary["cue"]
        )
        for name, vocabulary in data.items()
    }
