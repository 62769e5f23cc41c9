"""Who pays, for which year (or span of years), what kind of money, and
whether it is this programme's money at all: the one place that decides, as
ordered rules that each record why (``Reason``: the field, the rule, the words
it read). The first rule that decides a field wins; when none does, the
field takes its default and the reason says so (``default``), which the
data-quality checks list as uncertain.

For a figure in a sentence, the rules read its clause (the words between the
figure before it and the figure after it, ``before`` and ``after``) and its
sentence:

- **funder**: a party named right after the figure ("240 000 € pour l'État",
  "… € de l'État", "… € que l'État consacre", "supportés par le
  Département"; two parties: their ``total``); the owner of credits
  ("crédits 2019 de l'État"); the party that gives, as the subject of a
  giving verb or the complement of a giving noun in the clause ("l'État
  apporte un financement de …", "l'apport de l'État s'élève à …"); the
  party nearest before the figure, unless it is a partner ("avec l'État")
  or the receiver ("au Département"); money that a département, a territory
  or the départements receive ("200 000 € pour Mayenne", "dévolue à la
  Gironde", "attribués aux départements") and national money (the
  contractualisation's credits, a national plan, strategy or fund, programme
  304, a finance bill) are the State's; a figure of both parties together
  ("à parts égales", "au total" with both named) is their ``total``;
  otherwise ``total`` (a report of credits: the State's), flagged.
- **year**: none for a full-year rate; a span of years for a figure "par an"
  over a span, or one that a span or a cumulative phrase covers ("sur trois
  ans", "au total", "depuis 2019"): no single year, the span kept; in a
  range over a span ("passés de 78 à 178 millions" "sur 2019-2021") the first
  figure is the span's first year, the second its last; else the year right
  after the figure ("… € en 2020", "dès 2019", "proposés en PLF 2023"), the
  year nearest before it in its clause, the first after it, the sentence's
  only year, the context's year.
- **nature**: a cue of the clause, of the sentence, else the context's; bare
  "dépenses" in a planning document is planned unless its year is past; a
  unit price or money of another scheme is ``other``.
- **scope**: money that is not this programme's for a département's year —
  an income or a threshold, a cap, a unit cost, an allocation key, a
  département's other budgets, a national envelope — is ``other`` with its
  reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from calpae.extract.amounts.terms import (
    FUNDER_CUES,
    YEAR,
    funder_without_cue,
    is_bare_spending,
    is_other_scheme,
    is_unit_price,
    nature_of,
    without_included_reports,
)
from calpae.extract.lexicon import YEAR as YEAR_ATOM
from calpae.extract.lexicon import cues, matcher, named
from calpae.extract.metadata.departments import single_department
from calpae.extract.syntax import parsed_party
from calpae.extract.text import fold

PARTY_CUES = cues("party")
GIVING = matcher("giving_verb")
NATIONAL = matcher("national")
NATIONAL_ENVELOPE = re.compile(named("national", "envelope"))
JOINT = matcher("joint")
ANAPHORA = matcher("anaphora")
JOINT_CLAUSE = re.compile(JOINT.pattern + r"|\bsoit\b")
SPAN_CUES = cues("span")
NOT_PROGRAMME = cues("not_programme")

AFTER_CUE = re.compile(
    r"^\s*\)?\s*(?:par an\s+|par annee\s+)?"
    r"(?:(?:(?:seront |sont |est )?(?:supportes?|finances?|pris en charge|verses?|apportes?) par"
    r"|pour|de|du|au titre de|part|que|qu')\b|\()?\s*(?:de l'|du |de |l'|le |la |les )?"
)
YEAR_SPAN = re.compile(
    rf"(?:de|entre)\s+({YEAR_ATOM})\s+(?:a|à|et)\s+({YEAR_ATOM})"
    rf"|({YEAR_ATOM})\s*[-–/]\s*({YEAR_ATOM})"
)
YEAR_AFTER = re.compile(  # "… € pour 2021", "… € en 2020", "dès 2019", "proposés en PLF 2023"
    rf"^\W*(?:(?:pour|en|des|au titre de)\s+(?:l'annee\s+|l'exercice\s+)?"
    rf"|(?:\w+\s+){{0,2}}(?:en|au|du|dans le)\s+(?:plf|lfi|pfl)\s+)({YEAR_ATOM})\b"
    rf"(?!\s*[-–/]\s*{YEAR_ATOM})"
)
FINANCE_BILL = re.compile(rf"\b(?:plf|lfi|loi de finances (?:initiale )?pour)\s+({YEAR_ATOM})\b")
RECEIVING_YEAR = re.compile(
    rf"\b(?:reportee?s?|reports?|reconduite?s?) (?:\w+ ){{0,3}}?sur (?:l'exercice |l'annee )?"
    rf"({YEAR_ATOM})\b|\bsur l'exercice ({YEAR_ATOM})\b"
)
REPORT_YEAR = re.compile(rf"\breports? (?:des |de )?(?:credits )?(?:de l'annee )?({YEAR_ATOM})\b")
OWNER = re.compile(rf"\bcredits? (?:{YEAR_ATOM} )?(?:de l'|du )(etat|departement)\b")
PARTNER = re.compile(r"\bavec (?:l'|le |la |les )?$")
RECIPIENT = re.compile(r"\b(?:au|aux|a la|a l') ?$")
FULL_YEAR = re.compile(r"\b(?:par|en) annee pleine\b")
PAYERS = ("etat", "departement")
INITIATIVE = re.compile(r"\binitiatives? (?:du |de la |de l')$")
"""« à l'initiative du Département »: a section of the convention, not a payer."""
PAIR = re.compile(
    r"\b(?:l')?etat et (?:le |la )?(?:departement|conseil departemental|cd)\b[^.;]{0,12}$"
    r"|\b(?:le |la )?(?:departement|conseil departemental|cd) et (?:l')?etat\b[^.;]{0,12}$"
)
"""Both payers side by side just before a figure ("Etat et Département : 37 M€")."""


@dataclass(frozen=True)
class Reason:
    field: str
    rule: str
    words: str


@dataclass
class Attribution:
    """The decided fields of one figure, and why."""

    funder: str = "total"
    nature: str = "prevu"
    year: int | None = None
    year_start: int | None = None
    year_end: int | None = None
    scope: str | None = None
    named_funder: bool = True
    """False when no rule named the funder (its value is a default)."""
    reasons: list[Reason] = field(default_factory=list)

    def decide(self, name: str, value: object, rule: str, words: str = "") -> None:
        setattr(self, name, value)
        self.reasons = [r for r in self.reasons if r.field != name]
        self.reasons.append(Reason(name, rule, " ".join(words.split())[:80]))

    def scope_reason(self) -> tuple[str, str] | None:
        """The scope and the rule that decided it, when one did."""
        rule = next((r.rule for r in self.reasons if r.field == "scope"), None)
        return (self.scope, rule) if self.scope and rule else None

    def reason_tuples(self) -> tuple[tuple[str, str, str], ...]:
        return tuple((r.field, r.rule, r.words) for r in self.reasons)


@dataclass(frozen=True)
class Clause:
    """A figure in its sentence: the folded words of its clause before and
    after it, and of its sentence."""

    before: str
    after: str
    sentence: str
    raw_before: str = ""
    """The same words as written (a place's name is told by its capitals)."""
    raw_after: str = ""
    raw_sentence: str = ""
    """The sentence as written, and where the figure starts in it (for the
    dependency parse)."""
    figure_at: int = 0
    range_start: bool = False
    """The figure opens a range ("de 78 à 178 millions")."""
    range_end: bool = False
    """The figure ends a range."""
    previous_funder: str | None = None
    """The funder a rule named for the figure before (in this sentence or a
    sentence before)."""
    same_sentence: bool = False
    """The figure before stands in the same sentence."""
    previous_scope: tuple[str, str] | None = None
    """The scope of the figure before and its reason, when it is no programme
    money of the département ("other", "national_envelope")."""


@dataclass(frozen=True)
class Context:
    """What the text around the sentence says: the nature of the lines above
    or of the document, the year of the act or the document, the funder of
    the column a sentence stands in."""

    nature: str
    year: int | None = None
    funder: str | None = None


def to_json(reasons: tuple[tuple[str, str, str], ...]) -> str | None:
    """The reasons as the warehouse keeps them: per field, its rule and words."""
    if not reasons:
        return None
    decided = {name: {"rule": rule, "words": words} for name, rule, words in reasons}
    return json.dumps(decided, ensure_ascii=False, sort_keys=True)


# --- a figure in a sentence -------------------------------------------------------


def attribute_clause(clause: Clause, context: Context) -> Attribution:
    """Funder, year, nature and scope of one figure in a sentence."""
    found = Attribution()
    decide_nature(found, clause, context)
    decide_funder(found, clause, context)
    decide_year(found, clause, context)
    decide_special_natures(found, clause, context)
    decide_scope(found, clause)
    return found


def decide_nature(found: Attribution, clause: Clause, context: Context) -> None:
    if nature := nature_of(clause.before + " " + clause.after):
        found.decide("nature", nature, "clause_cue", clause.before[-40:] + clause.after[:40])
    elif nature := nature_of(clause.sentence):
        found.decide("nature", nature, "sentence_cue", clause.sentence)
    else:
        found.decide("nature", context.nature, "context_default")


def decide_funder(found: Attribution, clause: Clause, context: Context) -> None:
    for rule in FUNDER_RULES:
        if decided := rule(clause):
            funder, name, words = decided
            found.decide("funder", funder, name, words)
            return
    if context.funder:
        found.decide("funder", context.funder, "column_default")
        return
    found.named_funder = False
    found.decide("funder", funder_without_cue(found.nature), "default")


def party_of(text: str) -> str | None:
    """The party a text names first (the State before the département before
    another body), by the stems of its words."""
    for party, cue in PARTY_CUES:
        if re.search(cue, text):
            return party
    return None


def parties_in(text: str) -> list[tuple[int, str]]:
    """(position, party) of every party a text names, in order."""
    return sorted(
        (hit.start(), party) for party, cue in PARTY_CUES for hit in re.finditer(cue, text)
    )


def named_after(clause: Clause) -> tuple[str, str, str] | None:
    """A party right after the figure: "… € pour l'État", "… € de l'État",
    "… € que l'État consacre", "supportés par le Département"; both payers
    ("apportés par l'État et le Département"): their total."""
    lead = AFTER_CUE.match(clause.after)
    if not lead:
        return None
    rest = clause.after[lead.end() :]
    if noun := MONEY_NOUN_OF.match(rest):  # "… € de crédits d'État"
        rest = rest[noun.end() :]
    for funder, cue in FUNDER_CUES:
        hit = re.match(cue, rest)
        # "Part Etat : 67 900 €" after an amount is the label of the next amount
        plural = funder == "departement" and PLURAL.match(rest)  # the départements receive
        label_after = rest[hit.end() :].lstrip().startswith(":") if hit else False
        if hit and funder != "total" and not plural and not label_after:
            if funder in PAYERS and re.match(r"\s*et (?:l'|le |la )?", rest[hit.end() :]):
                other = party_of(rest[hit.end() : hit.end() + 30])
                if other in PAYERS and other != funder:
                    return "total", "both_parties_after", clause.after[:60]
            return funder, "party_after", rest[: hit.end()]
    return None


PLURAL = re.compile(r"(?:\d+ |cent )?departements\b")
MONEY_NOUN_OF = re.compile(
    r"(?:credits?|financements?|participation|contribution|apport|part|subventions?|dotation)"
    r"(?: \d{4})? (?:de l'|d'|du |de la |des |de )?"
)


def owner(clause: Clause) -> tuple[str, str, str] | None:
    """Money named as someone's credits: "report des crédits 2019 de l'Etat"."""
    if owners := OWNER.findall(clause.before):
        return owners[-1], "credits_owner", clause.before[-50:]
    return None


def giver(clause: Clause) -> tuple[str, str, str] | None:
    """The party that gives in the clause: the subject of a giving verb or
    the complement of a giving noun before the figure, with no other party
    between ("l'État apporte un financement de …", "l'apport de l'État
    s'élève à …", "le Département investit …", "la Région cofinance …"); both
    payers together ("l'État et le Département consacreront …"): their
    total."""
    before = clause.before
    gifts = list(GIVING.finditer(before))
    if not gifts:
        return None
    if (pair := PAIR_GIVES.search(before)) and any(g.start() > pair.start() for g in gifts):
        return "total", "both_parties_give", pair.group(0)
    parties = [
        (at, party)
        for at, party in parties_in(before)
        if not RECIPIENT.search(before[:at])
        and not PARTNER.search(before[:at])
        and not INITIATIVE.search(before[:at])
    ]
    for gift in reversed(gifts):
        near = [(at, party) for at, party in parties if abs(at - gift.start()) <= GIVER_SPAN]
        if len({party for _, party in near}) == 1:
            at, party = near[-1]
            start = min(at, gift.start())
            return party, "giver", before[start : max(at, gift.end()) + 15]
    return None


GIVER_SPAN = 40  # characters between a party and its giving word
PAIR_GIVES = re.compile(
    r"\b(?:l')?etat et (?:le |la )?(?:departement|conseil departemental|cd|collectivite)\b"
    r"|\b(?:le |la )?(?:departement|conseil departemental|cd|collectivite)\w*"
    r" (?:[\w'-]+ ){0,4}?et (?:l')?etat\b"
)


def nearest_before(clause: Clause) -> tuple[str, str, str] | None:
    """The cue nearest before the figure ("Part État : 111 663,80 €"), a
    partner ("avec l'Etat") and a receiver ("au Département") left out; a
    money word after one party and its partner is their joint total ("le
    Département a contractualisé avec l'Etat … pour un montant de"); a money
    word nearest before the figure names the one funder its clause names
    ("Le Département participe … soit une dépense de 52 600 €")."""
    before = clause.before
    all_hits = sorted(
        (hit.start(), funder, bool(PARTNER.search(before[: hit.start()])))
        for funder, cue in FUNDER_CUES
        for hit in re.finditer(cue, before)
        if not RECIPIENT.search(before[: hit.start()])
        and not INITIATIVE.search(before[: hit.start()])
    )
    if pair := PAIR.search(before[-60:]):
        return "total", "both_parties_before", pair.group(0)
    hits = [(start, funder) for start, funder, partner in all_hits if not partner]
    partners = {funder for _, funder, partner in all_hits if partner}
    if not hits:
        return None
    words = before[hits[-1][0] : hits[-1][0] + 40]
    named = {funder for _, funder in hits if funder != "total"}
    if hits[-1][1] == "total" and len(named) == 1:
        if partners - named:
            return "total", "party_and_partner", words
        return named.pop(), "money_word_of_party", words
    if hits[-1][1] == "total" and len(named) > 1 and JOINT.search(clause.sentence):
        return "total", "joint", words
    return hits[-1][1], "cue_before", words


DONT = re.compile(r"\bdont (?:un montant de |une somme de |une part de )?$")
SERIES = re.compile(rf"^[\s,;]*(?:(?:en|pour|et|a|puis|de)\s+|{YEAR_ATOM}\s*)*[\s,;]*$")
NATIONAL_AGENT = re.compile(
    r"\b(?:soutenu|financ|pris en charge|cofinanc|accompagn|credit)\w* (?:par|au titre de) "
    r"(?:la |le |les |l')?(?:contractualisation|strategie|plan national|fonds|etat)\b"
)


def joint_clause(clause: Clause) -> tuple[str, str, str] | None:
    """A figure whose own clause names both payers and adds them up ("au
    total", "soit", "ensemble", "à parts égales": "… à la même hauteur que le
    CD34, soit donc au total sur 3 ans : 8,4 M€"): their total."""
    named = {party for _, party in parties_in(clause.before)} & set(PAYERS)
    if len(named) == 2 and (hit := JOINT_CLAUSE.search(clause.before)):
        return "total", "joint_clause", clause.before[max(0, hit.start() - 30) : hit.end() + 10]
    if (hit := MATCHED.search(clause.before)) and SUMMING.search(clause.before[hit.end() :]):
        return "total", "matched_sum", clause.before[hit.start() :]
    return None


MATCHED = re.compile(r"\b(?:la )?meme (?:somme|montant|hauteur)\b|\ba parite\b|\bautant\b")
"""One party matches the other's figure ("qui engage la même somme")."""
SUMMING = re.compile(r"\bsoit\b|\bdonc\b|\bau total\b|\ben tout\b")


def series(clause: Clause) -> tuple[str, str, str] | None:
    """A figure that goes on a series of the figure before it, with nothing
    but years and little words between ("passant de 134,30 M€ en 2019 à
    175,30 M€ en 2020", "2,2 M€ en 2019, 4,4 en 2020 et 6,6 en 2021"): the
    first figure's funder."""
    if clause.previous_funder and clause.before.strip() and SERIES.match(clause.before):
        return clause.previous_funder, "series", clause.before
    return None


def part_of_total(clause: Clause) -> tuple[str, str, str] | None:
    """A part of the figure before it ("480 k€ …, dont 120 k€ réservés à …"):
    its funder, when the part names none of its own."""
    if clause.previous_funder and DONT.search(clause.before):
        return clause.previous_funder, "part_of_total", clause.before[-20:]
    return None


def carried_over(clause: Clause) -> tuple[str, str, str] | None:
    """A figure of the same sentence as the figure before it, with no party
    named in between ("les départements ont reçu de l'État 135 M€ en 2019 ;
    ils en recevront 175 millions en 2020"): that figure's funder."""
    if clause.previous_funder and clause.same_sentence and not parties_in(clause.before):
        return clause.previous_funder, "same_sentence", clause.before[-40:]
    return None


def parsed_giver(clause: Clause) -> tuple[str, str, str] | None:
    """The giver the dependency parse finds (``extract.syntax``): the
    subject or passive agent of the word the figure depends on. Asked only
    where the words alone are ambiguous: the clause before the figure names
    two parties or more, and no cheaper rule decided."""
    before = clause.before
    named = {
        party
        for at, party in parties_in(before)
        if not PARTNER.search(before[:at]) and not RECIPIENT.search(before[:at])
    }
    if not clause.raw_sentence or len(named) < 2 or PAIR_GIVES.search(before):
        return None  # one party, or both together ("signée par l'État et le Département")
    if found := parsed_party(clause.raw_sentence, clause.figure_at, lambda w: party_of(fold(w))):
        party, words = found
        return party, "parsed_giver", words
    return None


def national_agent(clause: Clause) -> tuple[str, str, str] | None:
    """Money given by the contractualisation, the strategy or the State as
    an agent ("initiatives soutenues par la contractualisation … créditées de
    1,5 M€"): the State's."""
    if hit := NATIONAL_AGENT.search(clause.before):
        return "etat", "national_agent", hit.group(0)
    return None


def anaphora(clause: Clause) -> tuple[str, str, str] | None:
    """A money noun pointing back to the money before ("Ce fonds pourra
    s'élever jusqu'à 210 M€", after "135 M€ seront attribués aux
    départements"): that money's funder."""
    if clause.previous_funder and (hit := ANAPHORA.search(clause.before)):
        return clause.previous_funder, "anaphora", hit.group(0)
    return None


def received_after(clause: Clause) -> tuple[str, str, str] | None:
    """Money a département, a territory or another body receives, named right
    after the figure: in this programme, the State's ("200 000 € pour
    Mayenne", "(9,6 millions) est donc dévolue à la Gironde", "… attribués aux
    départements", "… dès 2019 au département"), unless another party is
    named giving it ("La Région apporte 20 000 € au Département")."""
    named_giver = giver(clause)
    if named_giver is not None and named_giver[0] not in ("etat", "departement"):
        return None
    if (hit := RECEIVER_AFTER.match(clause.after)) and COST.search(clause.before):
        party = party_of(clause.after[: hit.end("target")])  # "a coûté 18 000 € au Département"
        return (party, "cost_to", clause.after[: hit.end("target")]) if party else None
    if (hit := RECEIVER_AFTER.match(clause.after)) and receives(
        clause.raw_after[hit.start("target") : hit.end("target")]
    ):
        return "etat", "received", clause.after[: hit.end("target")]
    return None


def received_before(clause: Clause) -> tuple[str, str, str] | None:
    """A département or territory that benefits from the figure ("Le Nord
    bénéficiera d'un soutien de …"): the State's money."""
    before = clause.before
    if (hit := GIVEN_TO.search(before)) and receives(clause.raw_before[hit.start("target") :]):
        return "etat", "received", before[hit.start() :]
    if (hit := BENEFITS.search(before)) and (
        party_of(before[: hit.start()][-40:]) == "departement"
        or last_place(clause.raw_before[: hit.start()])
    ):
        return "etat", "received", before[max(0, hit.start() - 40) :]
    return None


COST = re.compile(r"\bco[uû]t(?:e|ent|era|eront|ait|aient|e)?s?\b[^.;]{0,30}$")
"""A cost verb before the figure: the party after it pays ("coûté … au Département")."""
RECEIVER_AFTER = re.compile(
    r"^\W*(?:[\w'()]+\W*\s+){0,6}?"
    r"(?:pour|au|aux|entre|(?:devolue?s?|attribuee?s?|versee?s?|allouee?s?|accordee?s?"
    r"|destinee?s?|reservee?s?|delegue(?:e|s|es)?|notifiee?s?|repartie?s?) (?:a|aux|au|entre))"
    r"\s+(?P<target>(?:les |le |la |l')?[\w'-]+(?: [\w'-]+)?)"
)
GIVEN_TO = re.compile(
    r"\b(?:devolue?|attribue|alloue|accorde|delegue|notifie|verse|reserve|destine)(?:e|s|es)?"
    r" (?:a|aux|au|a la|a l') ?(?P<target>[\w'-]+(?: [\w'-]+){0,3})[^.;]{0,60}$"
)
BENEFITS = re.compile(
    r"\b(?:beneficie\w*|recevr?\w*|recoi\w*|percevr?\w*|percoi\w*|sera dote\w*)\b[^.;]{0,40}$"
)


def receives(target: str) -> bool:
    """Whether words (as written) after "pour", "au", "dévolue à" name who
    receives programme money: a département (its name or the word), the
    départements, a territory or another local body."""
    return party_of(fold(target)) in ("departement", "other") or starts_with_place(target)


def starts_with_place(text: str) -> bool:
    """Whether a text (as written) opens with a département's name
    ("Mayenne", "la Gironde")."""
    words = text.strip().split()
    return bool(words) and single_department(" ".join(words[:3])) is not None


def last_place(text: str) -> bool:
    """Whether the last words of a clause (as written) name a département
    ("Le Nord bénéficiera")."""
    words = text.strip().split()
    return bool(words) and single_department(" ".join(words[-3:])) is not None


def national(clause: Clause) -> tuple[str, str, str] | None:
    """National money of the programme: the State's."""
    for text, rule in ((clause.before[-80:] + " " + clause.after[:60], "national_clause"),):
        if hit := NATIONAL.search(text):
            return "etat", rule, text[max(0, hit.start() - 20) : hit.end() + 20]
    if (hit := NATIONAL.search(clause.sentence)) and not party_of(clause.sentence):
        return "etat", "national_sentence", clause.sentence[max(0, hit.start() - 20) : hit.end()]
    return None


def joint(clause: Clause) -> tuple[str, str, str] | None:
    """Both parties' money together: "financée à parts égales par le
    Département et l'État", "au total … l'État … le CD34"."""
    named = {party for _, party in parties_in(clause.sentence)} & set(PAYERS)
    if len(named) == 2 and (hit := JOINT.search(clause.sentence)):
        return "total", "joint", clause.sentence[max(0, hit.start() - 20) : hit.end() + 20]
    return None


FUNDER_RULES = (
    named_after,
    received_after,
    joint_clause,
    series,
    part_of_total,
    owner,
    national_agent,
    giver,
    received_before,
    parsed_giver,
    nearest_before,
    anaphora,
    national,
    joint,
    carried_over,
)


def decide_year(found: Attribution, clause: Clause, context: Context) -> None:
    before, after = clause.before, clause.after
    if FULL_YEAR.search(before + " " + after):
        found.decide("year", None, "full_year_rate", before[-30:] + after[:30])
        return
    if decide_span(found, clause):
        return
    for rule in YEAR_RULES:
        if decided := rule(clause):
            year, name, words = decided
            found.decide("year", year, name, words)
            return
    found.decide("year", context.year, "context_default")


def decide_span(found: Attribution, clause: Clause) -> bool:
    """A figure over several years: the first or last year of a range over a
    span; no single year for a yearly figure over a span, or one a span or a
    cumulative phrase covers (the span kept where the sentence gives it)."""
    before, after, sentence = clause.before, clause.after, clause.sentence
    span = YEAR_SPAN.search(sentence)
    years = sorted(int(y) for y in span.groups() if y) if span else []
    if years and not years[0] <= years[-1] <= years[0] + 10:
        years = []
    if span and years and (clause.range_start or clause.range_end):
        year = years[0] if clause.range_start else years[-1]
        found.decide("year", year, "range_over_span", span.group(0))
        return True
    for label, cue in SPAN_CUES:
        where = sentence if label == "per_year" else before + " " + after
        if not (hit := re.search(cue, where)):
            continue
        if label == "cumulative" and (own := own_year(clause)):
            found.decide("year", own, "year_after", after[:30])
        else:
            found.decide("year", None, label, where[max(0, hit.start() - 20) : hit.end() + 20])
            found.year_start, found.year_end = (years[0], years[-1]) if years else (None, None)
        return True
    spans = list(ANY_SPAN.finditer(before))
    years_before = list(YEAR.finditer(before))
    if spans and years_before[-1].end() <= spans[-1].end():  # "pour 2019/2021 : 58 860 €"
        found.decide("year", None, "span_before", before[-30:])
        found.year_start, found.year_end = (years[0], years[-1]) if years else (None, None)
        return True
    return False


ANY_SPAN = re.compile(
    rf"(?<!\d){YEAR_ATOM}\s*[-–/]\s*{YEAR_ATOM}(?!\d)|\bde {YEAR_ATOM} a {YEAR_ATOM}\b"
)


def own_year(clause: Clause) -> int | None:
    if match := YEAR_AFTER.match(clause.after):
        return int(match.group(1))
    return None


def year_after(clause: Clause) -> tuple[int, str, str] | None:
    if year := own_year(clause):
        return year, "year_after", clause.after[:30]
    return None


def finance_bill(clause: Clause) -> tuple[int, str, str] | None:
    """A finance bill's year next to the figure ("… en PLF 2023": 2023)."""
    near = clause.before[-40:] + " " + clause.after[:40]
    if hit := FINANCE_BILL.search(near):
        return int(hit.group(1)), "finance_bill", hit.group(0)
    return None


def year_before(clause: Clause) -> tuple[int, str, str] | None:
    if years := YEAR.findall(without_included_reports(clause.before)):
        return int(years[-1]), "year_before", clause.before[-30:]
    return None


def year_later(clause: Clause) -> tuple[int, str, str] | None:
    if years := YEAR.findall(without_included_reports(clause.after)):
        return int(years[0]), "year_later_in_clause", clause.after[:40]
    return None


def sentence_year(clause: Clause) -> tuple[int, str, str] | None:
    years = set(YEAR.findall(without_included_reports(clause.sentence)))
    if len(years) == 1:
        return int(years.pop()), "sentence_year", clause.sentence[:60]
    return None


YEAR_RULES = (year_after, finance_bill, year_before, year_later, sentence_year)


def decide_special_natures(found: Attribution, clause: Clause, context: Context) -> None:
    """Spending in a planning document, carried-over credits, unit prices and
    another scheme's money."""
    sentence = clause.sentence
    if found.nature == "execute" and context.nature == "prevu" and is_bare_spending(sentence):
        past = found.year and context.year and found.year < context.year
        if not past:
            found.decide("nature", "prevu", "spending_planned", sentence[:60])
    if found.nature == "report":
        decide_report_year(found, sentence)
    if is_unit_price(clause.before, clause.after):
        found.decide("nature", "other", "unit_price", clause.before[-20:] + clause.after[:20])
        found.decide("year", None, "unit_price")
    elif is_other_scheme(sentence):
        found.decide("nature", "other", "other_scheme", sentence[:60])


def decide_report_year(found: Attribution, text: str) -> None:
    """A carry-over counts in the year that receives it: the year it is
    carried to ("reporté sur 2021", "sur l'exercice 2020"), else the year
    after the one its credits come from ("report des crédits 2019": 2020)."""
    if receiving := RECEIVING_YEAR.search(text):
        year = next(int(y) for y in receiving.groups() if y)
        found.decide("year", year, "report_receiving_year", receiving.group(0))
    elif origin := REPORT_YEAR.search(text):
        found.decide("year", int(origin.group(1)) + 1, "report_after_origin", origin.group(0))


def report_year(text: str) -> int | None:
    """The year a carry-over named in a text (a row label) counts in."""
    found = Attribution()
    decide_report_year(found, text)
    return found.year


def decide_scope(found: Attribution, clause: Clause) -> None:
    """Money that is not this programme's for a département's year: an
    income, a cap, a unit cost, an allocation key, a département's other
    budgets (the département's), a national envelope (the State's)."""
    near = clause.before.split(";")[-1][-60:] + " " + clause.after.split(";")[0][:60]
    for reason, cue in NOT_PROGRAMME:
        if hit := re.search(cue, near):
            found.decide("scope", "other", reason, near[max(0, hit.start() - 20) : hit.end() + 20])
            if reason == "other_budget":
                found.decide("funder", "departement", "other_budget", hit.group(0))
            elif reason == "income":
                found.decide("funder", "total", "nobody_pays", hit.group(0))
            return
    if found.funder != "etat":
        return
    funder_rule = next((r.rule for r in found.reasons if r.field == "funder"), "")
    national_sentence = funder_rule.startswith("national") or funder_rule == "received"
    hit = NATIONAL_ENVELOPE.search(near) or (
        national_sentence and NATIONAL_ENVELOPE.search(clause.sentence)
    )
    if hit:
        found.decide("scope", "other", "national_envelope", hit.group(0))
    elif funder_rule in INHERITING and clause.previous_scope == ("other", "national_envelope"):
        found.decide("scope", "other", "national_envelope", "the figure before")


INHERITING = frozenset({"series", "same_sentence", "part_of_total", "anaphora"})
"""Rules by which a figure takes the funder of the figure before it: it is
also of the same kind (a national envelope's next year)."""
