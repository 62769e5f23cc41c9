"""Amounts written in sentences (paragraph lines, and text cells of tables).

Each amount is attributed from its own clause, the text between the amount
before it and the amount after it, within the sentence:

- funder: a cue right after the amount ("240 000 € par an pour l'Etat"),
  else the cue nearest before it in its clause ("Part État : 111 663,80 €");
  none: ``total``, the State for a report (or the column's, for a sentence
  in a money column);
- nature: a cue in the clause, else in the sentence; none: the document's;
- year: a year in the clause, else the sentence's only year, else the
  document's year;
- a unit price ("600 €/mois/jeune") is nature ``other`` without a year;
- a report of credits has the year the credits come from ("report des
  crédits 2019 … sur l'exercice 2020": 2019);
- "par an" with a span of years ("de 2019 à 2021") gives one fact per year:
  "240 000 € par an pour l'Etat et 240 000 € pour le Département, de 2019 à
  2021" is six facts.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from calpae.extract.amounts.money import FoundAmount, find_money
from calpae.extract.amounts.terms import (
    FUNDER_CUES,
    YEAR,
    YEAR_AFTER,
    funder_without_cue,
    is_bare_spending,
    is_other_scheme,
    is_unit_price,
    nature_of,
    states_whole,
    without_included_reports,
)
from calpae.extract.lexicon import YEAR as YEAR_ATOM
from calpae.extract.text import fold_chars
from calpae.schemas.ir import TextSpan

SENTENCE_END = re.compile(
    r"(?<=[.;!?])\s+(?=[A-ZÀ-Ý«\"(-])|\n|</?p>|<br\s*/?>|</?li>|<ul[^>]*>|[▪↳•]", re.IGNORECASE
)
AFTER_CUE = re.compile(
    r"^\s*[),]?\s*(?:par an\s+|par annee\s+)?"
    r"(?:(?:(?:seront |sont |est )?(?:supportes?|finances?|pris en charge|verses?) par"
    r"|pour|de|du|au titre de|part|que|qu')\b|\()?\s*(?:de l'|du |de |l'|le |la |les )?"
)
YEAR_SPAN = re.compile(
    rf"(?:de|entre)\s+({YEAR_ATOM})\s+(?:a|à|et)\s+({YEAR_ATOM})|({YEAR_ATOM})\s*[-–]\s*({YEAR_ATOM})"
)
LABEL_MAX = 120
PER_YEAR = re.compile(r"\bpar an\b|\bpar annee\b|\bannuel")
ANY_SPAN = re.compile(
    rf"(?<!\d){YEAR_ATOM}\s*[-–/]\s*{YEAR_ATOM}(?!\d)|\bde {YEAR_ATOM} a {YEAR_ATOM}\b"
)
REPORT_YEAR = re.compile(rf"\breports? (?:des |de )?(?:credits )?(?:de l'annee )?({YEAR_ATOM})\b")
OWNER = re.compile(rf"\bcredits? (?:{YEAR_ATOM} )?(?:de l'|du )(etat|departement)\b")
PARTNER = re.compile(r"\bavec (?:l'|le |la )?$")
RECIPIENT = re.compile(r"\b(?:au|aux|a la|a l') ?$")
FULL_YEAR = re.compile(r"\b(?:par|en) annee pleine\b")


def prose_amounts(
    span: TextSpan,
    default_nature: str,
    default_year: int | None,
    default_funder: str | None = None,
) -> list[FoundAmount]:
    raw = span.raw
    folded = fold_chars(raw)
    found: list[FoundAmount] = []
    every_money = find_money(raw)  # once, and found per sentence by bisection: linear
    starts = [money.start for money in every_money]
    for sentence_start, sentence_end in sentences(raw):
        sentence = folded[sentence_start:sentence_end]
        first, last = bisect_left(starts, sentence_start), bisect_left(starts, sentence_end)
        moneys = every_money[first:last]
        if not moneys:
            continue
        whole = states_whole(sentence)
        for i, money in enumerate(moneys):
            clause_start = moneys[i - 1].end if i else sentence_start
            clause_end = moneys[i + 1].start if i + 1 < len(moneys) else sentence_end
            before = folded[clause_start : money.start]
            after = folded[money.end : clause_end]
            nature = nature_of(before + " " + after) or nature_of(sentence) or default_nature
            named = nearest_funder(before, after) or default_funder
            funder = named or funder_without_cue(nature)
            years = years_for(before, after, sentence, default_year)
            if nature == "execute" and default_nature == "prevu" and is_bare_spending(sentence):
                past = all(y and default_year and y < default_year for y in years)
                nature = "execute" if past else "prevu"
            if nature == "report" and (origin := REPORT_YEAR.search(sentence)):
                years = [int(origin.group(1))]  # "report des crédits 2019": the credits' year
            if is_unit_price(before, after):
                nature, years = "other", [None]
            elif is_other_scheme(sentence):
                nature = "other"  # an emergency plan's money is not the convention's
            label = " ".join(raw[sentence_start:sentence_end].split())[:LABEL_MAX]
            for year in years:
                found.append(
                    FoundAmount.read(
                        money,
                        span,
                        funder=funder,
                        nature=nature,
                        year=year,
                        label=label,
                        source="prose",
                        funder_ambiguous=named is None and funder != "total",
                        is_total=whole,
                        scope="convention" if whole else None,
                    )
                )
    return found


def sentences(raw: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in SENTENCE_END.finditer(raw):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(raw)))
    return [(a, b) for a, b in bounds if b > a]


def nearest_funder(before: str, after: str) -> str | None:
    """The funder an amount's own words give: a cue right after it ("240 000 €
    pour l'Etat", "supportés par le Département", "1,4 M€ que l'État consacre",
    "67 939,12 € Conseil départemental") first, else the cue nearest before it ("Part État :
    111 663,80 €"), else none; money named as someone's credits ("report des
    crédits 2019 de l'Etat … pour un montant de") is theirs; a party named
    as a partner ("avec l'Etat") or a recipient ("au Département") is not
    the payer, and a money word after one party and its partner is their
    joint total ("le Département a contractualisé avec l'Etat … pour un
    montant de"). A money word ("dépense", "montant total")
    nearest before it names the one funder its clause names ("Le Département
    participe … soit une dépense de 52 600 €"), or the total when the clause
    names none or several."""
    if lead := AFTER_CUE.match(after):
        rest = after[lead.end() :]
        for funder, cue in FUNDER_CUES:
            hit = re.match(cue, rest)
            # "Part Etat : 67 900 €" after an amount is the label of the next amount
            if hit and not rest[hit.end() :].lstrip().startswith(":"):
                return funder

    if owners := OWNER.findall(before):  # "report des crédits 2019 de l'Etat": the State's
        return owners[-1]
    all_hits = sorted(
        (hit.start(), funder, bool(PARTNER.search(before[: hit.start()])))
        for funder, cue in FUNDER_CUES
        for hit in re.finditer(cue, before)
        if not RECIPIENT.search(before[: hit.start()])  # "… € au Département": who receives
    )
    hits = [(start, funder) for start, funder, partner in all_hits if not partner]
    partners = {funder for _, funder, partner in all_hits if partner}
    if not hits:
        return None
    named = {funder for _, funder in hits if funder != "total"}
    if hits[-1][1] == "total" and len(named) == 1:
        if partners - named:  # "le Département a contractualisé avec l'Etat pour un montant"
            return "total"
        return named.pop()  # "Le Département … soit une dépense de 52 600 €"
    return hits[-1][1]


def years_for(before: str, after: str, sentence: str, default_year: int | None) -> list[int | None]:
    """The years of an amount: each year of a span for a yearly amount ("par
    an … de 2019 à 2021"); none for a full-year rate ("par année pleine");
    else the year right after it ("… € en 2020"), the year nearest before it
    in its clause, the first after it, the
    sentence's only year, the document's year. An amount after a span of
    years ("pour 2019/2021 :") covers the span: no one year."""
    if FULL_YEAR.search(before + " " + after):
        return [None]
    if PER_YEAR.search(sentence) and (span := YEAR_SPAN.search(sentence)):
        first, last = (int(y) for y in span.groups() if y)
        if first <= last <= first + 10:
            return list(range(first, last + 1))
    if ANY_SPAN.search(before):  # "pour 2019/2021 : 58 860 €": the span, not one year
        return [None]
    if year_after := YEAR_AFTER.match(after):  # "4,4 millions en 2020": its own year
        return [int(year_after.group(1))]
    if years_before := YEAR.findall(without_included_reports(before)):
        return [int(years_before[-1])]
    if years_after := YEAR.findall(without_included_reports(after)):
        return [int(years_after[0])]
    sentence_years = set(YEAR.findall(without_included_reports(sentence)))
    if len(sentence_years) == 1:
        return [int(sentence_years.pop())]
    return [default_year]
