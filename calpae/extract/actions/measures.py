"""Tie an action to the national socle measure it serves.

The reference (``schemas/reference/national_measures.csv``) lists each
measure's code, official label (a variant too) and the variants départements write
("sorties sèches de l'ASE", "jeunes majeurs", "PAAJM", "SPI", "garantie
d'activité", "accompagnement global"…). An action's title (with the heading
of its group, when there is one) is normalised (accents, case, "BrSa" / "BRSA"
/ "bénéficiaires du RSA") and compared with every variant:

- a variant found whole in the title scores 1.0 when it is specific (two
  words or more, or a distinctive acronym), 0.8 otherwise;
- else a variant whose stems (Snowball's French stemmer: no model to load)
  stand in the title's stems scores 0.95 ("Les maraudes mixtes" for "maraudes mixtes"), 0.8 for
  a one-word variant ("Mobilités" for "mobilité");
- else the best fuzzy partial match (rapidfuzz) scores its ratio × 0.9.

The longest matching variant wins (a title that speaks of "premier accueil
social inconditionnel" and of "travail social" is premier accueil). Below
``THRESHOLD`` the action gets no measure, and the caller lists it for review.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz

from calpae.extract.nlp import stems
from calpae.extract.text import fold

THRESHOLD = 0.75
STEM_SCORE = 0.95
ONE_WORD_SCORE = 0.8
"""A one-word variant ("orientation", "mobilité") found alone; two measures
found so, each by one word ("Orientation professionnelle des jeunes de
l'ASE"), are as likely as each other: the action gets none, for review."""
FUZZY_MIN = 88
ACRONYMS = frozenset({"paajm", "spi", "spie"})
SYNONYMS = (
    (
        re.compile(r"\bbrsa\b|\bbeneficiaires? du rsa\b|\ballocataires? du rsa\b"),
        "beneficiaires du rsa",
    ),
    (re.compile(r"\baide sociale a l'enfance\b"), "ase"),
)


@dataclass(frozen=True)
class MeasureMatch:
    code: str | None
    confidence: float
    variant: str | None


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    variants: tuple[str, ...]


@cache
def measures() -> tuple[Measure, ...]:
    path = resources.files("calpae.schemas") / "reference" / "national_measures.csv"
    with path.open(encoding="utf-8") as handle:
        return tuple(
            Measure(
                row["code"],
                row["label"],
                tuple(normalise(v) for v in [row["label"], *row["variants"].split("|")]),
            )
            for row in csv.DictReader(handle)
        )


def normalise(text: str) -> str:
    folded = fold(text).replace("-", " ")
    for pattern, replacement in SYNONYMS:
        folded = pattern.sub(replacement, folded)
    return " ".join(folded.split())


@lru_cache(maxsize=4096)  # a row label is matched once per cell of its row
def match_measure(title: str, context: str = "") -> MeasureMatch:
    """The measure an action title serves, with a confidence in [0, 1]."""
    text = normalise(f"{title} {context}")
    best = MeasureMatch(None, 0.0, None)
    by_measure: dict[str, float] = {}
    for measure in measures():
        for variant in measure.variants:
            score = _score(variant, text)
            by_measure[measure.code] = max(by_measure.get(measure.code, 0.0), score)
            better = score > best.confidence or (
                score == best.confidence and score > 0 and len(variant) > len(best.variant or "")
            )
            if better:
                best = MeasureMatch(measure.code, score, variant)
    rivals = [c for c, s in by_measure.items() if c != best.code and s >= best.confidence]
    if best.confidence < THRESHOLD or (best.confidence <= ONE_WORD_SCORE and rivals):
        return MeasureMatch(None, best.confidence, best.variant)  # none, or two as likely
    return best


def _score(variant: str, text: str) -> float:
    if re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", text):
        specific = " " in variant or variant in ACRONYMS
        return 1.0 if specific else ONE_WORD_SCORE
    if _contains(stems(text), stems(variant)):  # the same words, inflected otherwise
        return STEM_SCORE if " " in variant else ONE_WORD_SCORE  # "maraudes mixtes", "mobilités"
    if " " in variant and len(variant) >= 10 and len(text) >= len(variant):
        ratio = fuzz.partial_ratio(variant, text)  # the variant, misspelt, inside the title
        if ratio >= FUZZY_MIN:
            return round(ratio / 100 * 0.9, 3)
    return 0.0


def _contains(text: str, words: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text))
