"""Who pays and what kind of money: the vocabulary of column headers, row
labels and sentences (its words live in ``schemas/reference/lexicon.toml``,
vocabularies ``funder`` and ``nature``; the rules that use them are here).

- funder: *Part État*, *Etat*, *crédits État* → ``etat``; *Part CD*,
  *Département*, *Financements CD* → ``departement``; *Dépenses*, *Budget
  global*, *Total*, *Montants* → ``total``; other co-funders (CAF, ARS, FSE,
  Région, Pôle emploi…) → ``other``. A report names no funder: only the
  State's unspent credits are carried over ("report des crédits 2019"), so a
  report without a funder cue is the State's.
- nature: *prévisionnel*, *montant demandé*, *programmation*, *convention* → ``prevu``;
  *exécuté*, *réalisé*, *dépenses* → ``execute``; *report* → ``report``. The
  strong words win over the weak ones: "engagement des dépenses" is planned,
  "budget exécuté" is spent.

A unit price ("600 €/mois/jeune", "10 000 € par CAE", "1 000 € le permis",
"participation forfaitaire de 1 000 €", a "coût par BrSa" column) is nature ``other`` and
has no year: it prices one unit, it is not a year's budget. Money of another
programme (an emergency plan or fund, a recovery plan) is nature ``other``.

Matching is on folded text (no accents, lower case).
"""

from __future__ import annotations

import re
from functools import lru_cache

from calpae.extract.lexicon import YEAR as YEAR_ATOM
from calpae.extract.lexicon import cues, matcher, named
from calpae.extract.text import MEMO_SIZE, fold

FUNDER_CUES = cues("funder")
EXECUTION = named("nature", "execution")
SPENDING = named("nature", "spending")
NATURE_CUES = cues("nature")  # in order: the first that matches wins
STRONG_NATURE_CUES = cues("nature", strong_only=True)
TOTAL_LABEL = matcher("total_label")
YEAR = re.compile(rf"(?<!\d)({YEAR_ATOM})(?!\d)")
YEAR_AFTER = re.compile(  # "… € pour 2021", "… € en 2020": the year that follows a figure
    rf"^\W*(?:pour|en|au titre de)\s+(?:l'annee\s+|l'exercice\s+)?({YEAR_ATOM})\b"
    rf"(?!\s*[-–/]\s*{YEAR_ATOM})"
)


NOT_A_UNIT = r"(?:an|annee|annees|le|la|les|l'|un|une|des?|du|rapport|convention)\b"
NOT_A_PRICED_UNIT = (  # "€ le Département" names who pays, "€ la première année" when
    r"(?:departement|conseil|etat|region|reste|solde|total|montant|budget|cout"
    r"|premiere?|1ere?|deuxieme|seconde?|troisieme|derniere?|meme"
    r"|parcours|dispositif|projet|programme|plan|fonds|volet|axe|socle|reseau|service"
    r"|annee|exercice|mois|semestre|trimestre|periode)\b"
)
UNIT_AFTER = re.compile(
    rf"^\s*(?:/\s*(?!{NOT_A_UNIT})[a-z]|par (?!{NOT_A_UNIT})[a-z]"
    rf"|(?:le |la |l')(?!{NOT_A_PRICED_UNIT})[a-z]+\b(?!\s*(?:,|:|est|sont|a|ont)\b))"
)
UNIT_BEFORE = re.compile(r"(?:forfaitaire|unitaire|\bcout par \w+)\s*(?:de|:)?\s*$")
OTHER_SCHEME = matcher("other_scheme")
UNIT_HEADER = matcher("unit_price")


WHOLE_SENTENCE = matcher("whole_statement")


INCLUDED_REPORT = matcher("included_report")


def without_included_reports(folded: str) -> str:
    """ "Total … reports 2019 intégrés" is a total that includes carried-over
    credits, not a report: the phrase names neither nature nor year."""
    return INCLUDED_REPORT.sub(" ", folded)


@lru_cache(maxsize=MEMO_SIZE)
def funder_of(text: str) -> str | None:
    """The first funder named in ``text`` (État before Département before the
    other co-funders before a total), or None."""
    folded = fold(text)
    for funder, cue in FUNDER_CUES:
        if re.search(cue, folded):
            return funder
    return None


def funder_without_cue(nature: str) -> str:
    """The funder of money whose words name none: the State for a report of
    credits, else the whole of the money (``total``)."""
    return "etat" if nature == "report" else "total"


@lru_cache(maxsize=MEMO_SIZE)  # a cell or line is asked several times over
def nature_of(text: str, weak: bool = True) -> str | None:
    """The nature a text names; ``weak=False`` ignores the weak words
    ("budget", "convention") that name no nature on their own."""
    folded = without_included_reports(fold(text))
    for nature, cue in NATURE_CUES if weak else STRONG_NATURE_CUES:
        if re.search(cue, folded):
            return nature
    return None


def is_bare_spending(text: str) -> bool:
    """ "Dépenses" with no word of execution ("réalisé", "exécuté"…)."""
    folded = fold(text)
    return bool(re.search(SPENDING, folded)) and not re.search(EXECUTION, folded)


def year_of(text: str) -> int | None:
    years = YEAR.findall(without_included_reports(fold(text)))
    return int(years[-1]) if len(set(years)) == 1 else None


def is_other_scheme(sentence: str) -> bool:
    """Money of another programme than the convention: an emergency plan or
    fund ("Plan d'urgence d'une enveloppe de 200 millions d'euros", "un fonds
    alsacien d'urgence … doté de 2 millions d'euros"), a recovery plan."""
    return bool(OTHER_SCHEME.search(fold(sentence)))


def is_unit_price(before: str, after: str) -> bool:
    """Whether the folded words around an amount make it a unit price."""
    return bool(UNIT_AFTER.match(after) or UNIT_BEFORE.search(before))


def is_unit_header(text: str) -> bool:
    return bool(UNIT_HEADER.search(fold(text)))


def is_total_label(text: str) -> bool:
    return bool(TOTAL_LABEL.search(fold(text)))


def states_whole(sentence: str) -> bool:
    """Whether a sentence states the whole convention's money: "le montant
    de la Stratégie pauvreté pour 2020 s'élève à …", "La contractualisation
    s'est élevée pour 2019 à un montant total de …", "le soutien financier de
    l'Etat s'élève à …", "le report des crédits 2019 … pour un montant de …"."""
    return bool(WHOLE_SENTENCE.search(fold(sentence)))
