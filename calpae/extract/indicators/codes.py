"""Tie an indicator row to the national indicator it reports.

The national set is the 2022 matrix (``schemas/reference/national_indicators.csv``:
code, measure, label); reports use close variants ("Demande de l'Etat : Nombre
de nouveaux entrants", "Nombre de 1ers contrats d'engagement …"). A label is
normalised (accents, case, the "Demande de l'Etat :" / "Seul indicateur
ETAT :" prefixes, what follows "->" or a parenthesis) and compared with every
national label by rapidfuzz's ``token_sort_ratio``, which, unlike a subset
match, does not take "Nombre de nouveaux entrants" for "Nombre de nouveaux
entrants orientés en 1 mois et moins". The best score above ``THRESHOLD``
gives the code and its confidence; below it the row keeps no code and is
listed for review.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

from calpae.extract.text import fold
from calpae.schemas.reference import number_words

THRESHOLD = 0.8
PREFIX = re.compile(  # a short lead naming who asks for it: "Demande de l'Etat :",
    # "Seul indicateur ETAT", "Indicateur national :", "Indicateur demandé par la DIPLP :"
    r"^(?:[\w'’ ]{0,40}\b(?:etat|national|nationale|diplp|dgcs|ministere|strategie)\b"
    r"[\w'’ ]{0,20}:\s*|(?:seul )?indicateurs? etat\s*)"
)
TAIL = re.compile(r"\s*(?:->|\().*$")


@dataclass(frozen=True)
class IndicatorMatch:
    code: str | None
    confidence: float


@cache
def national_indicators() -> tuple[tuple[str, str], ...]:
    """(code, normalised label) of every national indicator."""
    path = resources.files("calpae.schemas") / "reference" / "national_indicators.csv"
    with path.open(encoding="utf-8") as handle:
        return tuple((row["code"], normalise(row["label"])) for row in csv.DictReader(handle))


def normalise(label: str) -> str:
    text = fold(label)
    text = PREFIX.sub("", text)
    text = TAIL.sub("", text)
    text = text.replace("1ers", "premiers").replace("1er ", "premier ")
    for word, figure in number_words().items():
        text = re.sub(rf"\b{word} (mois|semaines?|jours?)\b", rf"{figure} \1", text)
    return " ".join(re.sub(r"[^\w' ]", " ", text).split())


def match_indicator(label: str) -> IndicatorMatch:
    text = normalise(label)
    if not text:
        return IndicatorMatch(None, 0.0)
    best_code, best = None, 0.0
    for code, national in national_indicators():
        score = fuzz.token_sort_ratio(text, national) / 100
        if score > best:
            best_code, best = code, score
    return IndicatorMatch(best_code if best >= THRESHOLD else None, round(best, 3))
