"""The State's announced support: "Au titre de l'année 2022, le soutien
financier de l'Etat s'élève à un montant de 527 294 €".

Each statement is one planned State amount (funder ``etat``, nature
``prevu``) for the year the sentence names, after the amount ("… s'élève à
300 000 € pour 2021") or before the cue ("au titre de l'année 2022"), else
the document's year when it covers a single one, else no year. It is the
State's whole envelope, the total of the actions' State parts: it is flagged
``is_total`` so that it is never added to them.
"""

from __future__ import annotations

import re

from calpae.extract.amounts.money import FoundAmount, find_money
from calpae.extract.amounts.terms import YEAR_AFTER
from calpae.extract.lexicon import YEAR
from calpae.extract.text import fold_chars
from calpae.schemas.ir import TextSpan

SUPPORT = re.compile(
    r"soutien (?:financier )?(?:de l'etat )?s'eleve a (?:un montant )?(?:previsionnel )?(?:de )?"
)
FOR_YEAR = re.compile(rf"au titre de l'annee ({YEAR})")
MAX_GAP = 12  # characters between the cue and the amount ("**", "environ")


def find_state_support(span: TextSpan, document_year: int | None) -> list[FoundAmount]:
    if "soutien" not in span.raw.lower():
        return []
    folded = fold_chars(span.raw)
    found = []
    every_money = find_money(span.raw)
    for cue in SUPPORT.finditer(folded):
        amounts = [m for m in every_money if 0 <= m.start - cue.end() <= MAX_GAP]
        if not amounts:
            continue
        money = amounts[0]
        years = FOR_YEAR.findall(folded[: cue.start()])
        after = YEAR_AFTER.match(folded[money.end :])
        year = int(after.group(1)) if after else int(years[-1]) if years else document_year
        found.append(
            FoundAmount.read(
                money,
                span,
                funder="etat",
                nature="prevu",
                year=year,
                label="Soutien financier de l'État",
                source="statement",
                is_total=True,
                scope="convention",
            )
        )
    return found
