"""Who pays and what kind of money: the vocabulary of column headers, row
labels and sentences.

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

from calpae.extractors.text_norm import fold

FUNDER_CUES: tuple[tuple[str, str], ...] = (
    ("etat", r"\bpart (?:de l')?etat\b|\bcredits? (?:de l')?etat\b|\betat\b|\bdiplp\b|\bfapi\b"),
    (
        "departement",
        r"\bpart (?:du )?(?:cd|departement)\b|\bcd ?\d{0,3}\b|\bdepartement\b|"
        r"\bconseil departemental\b|\bfinancements? cd\b|\bcollectivite\b",
    ),
    (
        "other",
        r"\bcaf\b|\bars\b|\bfse\b|\bregion\b|\bpole emploi\b|\bcnsa\b|\bautres?\b|\bcommunes?\b",
    ),
    (
        "total",
        r"\btotal\b|\btotaux\b|\bbudget\b|\bmontants?\b|\bcout\b|\bdepenses?\b|\benveloppe\b",
    ),
)
EXECUTION = r"execut|realis|consomm|\bverse"
SPENDING = r"\bdepenses?\b"
NATURE_CUES: tuple[tuple[str, str], ...] = (  # in order: the first that matches wins
    ("report", r"\breports?\b|\breporte"),
    ("execute", EXECUTION),
    (
        "prevu",
        r"previsionnel|\bprevu(?:e|s|es)?\b|\bengag|\bdemande|\bnotifi|\battribu|\balloue"
        r"|\bprogrammation\b",
    ),
    ("execute", SPENDING),
    ("prevu", r"\bconvention\b|\bbudget"),
)
TOTAL_LABEL = re.compile(r"^\s*(?:sous[- ]?)?tota(?:l|ux)\b|^\s*total general\b|^\s*ensemble\b")
YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
YEAR_AFTER = re.compile(  # "… € pour 2021", "… € en 2020": the year that follows a figure
    r"^\W*(?:pour|en|au titre de)\s+(?:l'annee\s+|l'exercice\s+)?(20\d\d)\b(?!\s*[-–/]\s*20\d\d)"
)


NOT_A_UNIT = r"(?:an|annee|annees|le|la|les|l'|un|une|des?|du|rapport|convention)\b"
NOT_A_PRICED_UNIT = (  # "€ le Département" names who pays, "€ la première année" when
    r"(?:departement|conseil|etat|region|reste|solde|total|montant|budget|cout"
    r"|premiere?|1ere?|deuxieme|seconde?|troisieme|derniere?|meme"
    r"|annee|exercice|mois|semestre|trimestre|periode)\b"
)
UNIT_AFTER = re.compile(
    rf"^\s*(?:/\s*(?!{NOT_A_UNIT})[a-z]|par (?!{NOT_A_UNIT})[a-z]"
    rf"|(?:le |la |l')(?!{NOT_A_PRICED_UNIT})[a-z]+\b(?!\s*(?:,|:|est|sont|a|ont)\b))"
)
UNIT_BEFORE = re.compile(r"(?:forfaitaire|unitaire|\bcout par \w+)\s*(?:de|:)?\s*$")
OTHER_SCHEME = re.compile(
    r"\b(?:plans?|fonds)\b[^.;]{0,40}\bd'urgence\b|\bplan marshall\b|\bplan de relance\b"
)
UNIT_HEADER = re.compile(r"\bcout (?:unitaire|par)\b|\bunitaire\b|\bforfait|\bprix\b")


WHOLE_SENTENCE = re.compile(
    r"\b(?:montant|budget|cout|enveloppe)\s+(?:global|total|globale|totale)?\s*"
    r"(?:de la|du|de l')\s*(?:strategie|convention|contractualisation|plan)\b"
    r"|\b(?:strategie|convention|contractualisation|contractualise)\b[^.;]{0,80}"
    r"\b(?:s'eleve|s'est elevee|s'elevait|montant (?:total|global|initial))"
    r"|\bsoutien financier de l'etat\b|\breports? des credits\b"
)


INCLUDED_REPORT = re.compile(
    r"(?:y compris (?:les )?)?reports? (?:\d{4} )?(?:integres?|inclus)"
    r"|credits \d{4} (?:reconduits|reportes)"
)


def without_included_reports(folded: str) -> str:
    """ "Total … reports 2019 intégrés" is a total that includes carried-over
    credits, not a report: the phrase names neither nature nor year."""
    return INCLUDED_REPORT.sub(" ", folded)


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


def nature_of(text: str, weak: bool = True) -> str | None:
    """The nature a text names; ``weak=False`` ignores the weak words
    ("budget", "convention") that name no nature on their own."""
    folded = without_included_reports(fold(text))
    for nature, cue in NATURE_CUES if weak else NATURE_CUES[:-1]:
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
