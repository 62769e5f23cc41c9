"""Which départements a document is about.

First version (foundation): a département counts when the text names it as a
party, that is after "département", "conseil départemental" or "préfet" and a
French particle ("du Bas-Rhin", "de Saône-et-Loire", "de la Gironde").
Mentions in passing ("comme en Gironde") do not count.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from calpae.extractors.text_norm import fold
from calpae.schemas.reference import Department, departments


@cache
def _party_pattern() -> re.Pattern[str]:
    names = sorted((fold(d.name) for d in departments()), key=len, reverse=True)
    alternation = "|".join(re.escape(name) for name in names)
    return re.compile(
        r"(?:departement|conseil departemental|prefet|prefete)\s+"
        r"(?:du|de la|de l'|des|de|d')\s*"
        rf"({alternation})(?![\w-])"
    )


def departments_named(text: str) -> list[tuple[Department, int]]:
    """Départements named as a party, with their mention counts, most named first."""
    by_name = {fold(d.name): d for d in departments()}
    counts = Counter(match.group(1) for match in _party_pattern().finditer(fold(text)))
    return [(by_name[name], count) for name, count in counts.most_common()]
