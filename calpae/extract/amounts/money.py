"""Euro amounts written with a unit, in every spelling the documents use.

``155 000 €``, ``349 654,40 €``, ``425 104,58 euros``, ``110k€``, ``80 K€``,
``1 137 K€``, ``40 K Euros``, ``100 KE``, ``1 M€``, ``3 millions d'euros``,
thousands separated by spaces, non-breaking or thin spaces. Millions and
billions take decimals after a comma or a point (``1,125 M€``, ``2.8M€``,
``8,5 Mds €``, ``1,2 milliard d'euros``) and their count may be a word
(``un million d'euros``); in a range the first figure shares the unit of the
second (``de 78 à 178 millions d'euros``: 78 000 000 and 178 000 000, the
first with the whole range as its evidence). The unit carries over to
figures that go on after it: a yearly series (``2,2 millions d'euros en
2019, 4,4 en 2020 et 6,6 en 2021``) and, in a sentence that stated millions
of euros, a later ``9,6 millions`` that counts nothing else (not ``8,8
millions de personnes``). ``> 300 000 €`` is
a lower bound; ``-60 000 €`` is negative; ``- €`` is zero; OCR that split the
cents (``1 176 658,6 6€``) reads as ``1 176 658,66`` and is marked ``damaged``.

A figure without a unit is not money here (counts, years, codes); tables whose
column says € are read by the table logic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from calpae.extract.lexicon import YEAR
from calpae.extract.numbers import NUMBER, damaged_cents, to_decimal
from calpae.extract.text import MEMO_SIZE, sentence_ends
from calpae.schemas.ir import TextSpan
from calpae.schemas.reference import number_words

LARGE_UNIT = (
    r"m\s?€|mds?\s?€|mrds?\s?€|"
    r"millions?\s+(?:d['’]\s?euros\b|€|euros\b)|milliards?\s+(?:d['’]\s?euros\b|€|euros\b)"
)
UNIT = rf"k\s?€|k\s?euros?\b|ke\b|{LARGE_UNIT}|€|euros?\b|eur\b"
MONEY = re.compile(
    rf"(?P<bound>[>≥]\s*)?(?P<sign>(?<![\w.,/-])[-−](?=\d))?(?<![\d,.])(?P<number>{NUMBER})"
    rf"\s*(?P<unit>{UNIT})",
    re.IGNORECASE,
)
LARGE_MONEY = re.compile(  # decimals before millions and billions: "1,125 M€", "2.8M€"
    rf"(?P<bound>[>≥]\s*)?(?P<sign>(?<![\w.,/-])[-−](?=\d))?"
    rf"(?<![\d,.])(?P<number>\d{{1,3}}[.,]\d{{1,3}})\s*(?P<unit>{LARGE_UNIT})",
    re.IGNORECASE,
)
WORD_MONEY = re.compile(
    rf"\b(?P<word>{'|'.join(number_words())})\s+(?P<unit>{LARGE_UNIT})", re.IGNORECASE
)
RANGE = re.compile(
    rf"\b(?:de|entre)\s+(?P<number>{NUMBER})\s+(?:à|a|et)\s+(?:{NUMBER})\s*(?P<unit>{UNIT})",
    re.IGNORECASE,
)
SERIES_YEAR = re.compile(rf"\s+(?:en|pour)\s+{YEAR}\b")
SERIES_ITEM = re.compile(  # ", 4,4 en 2020" / " et 6,6 en 2021" after a figure's year
    rf"(?:\s*[,;]\s*(?:et\s+|puis\s+)?|\s+(?:et|puis)\s+)(?P<number>{NUMBER})(?:\s+en\s+millions?)?"
    rf"(?={SERIES_YEAR.pattern})",
    re.IGNORECASE,
)
BARE_LARGE = re.compile(  # "9,6 millions" whose euros a previous figure stated
    r"(?<![\d,.])(?P<number>\d{1,3}(?:[.,]\d{1,3})?)\s*(?P<unit>millions?|milliards?)\b"
    r"(?!\s*(?:€|euros?\b|de\b|d['’]|d\s))",
    re.IGNORECASE,
)
ZERO = re.compile(r"(?<![\w\d])-\s*€")
MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "millio": 1_000_000, "milli": 1_000_000_000}


@dataclass(frozen=True)
class Money:
    value: Decimal
    start: int
    end: int
    text: str
    lower_bound: bool = False
    damaged: bool = False
    unit: int = 1
    """What one of its written figures counts: 1 (euros), 1 000 (K€), 1 000 000 (M€)…"""


def find_money(raw: str) -> list[Money]:
    """Every amount in ``raw`` with its exact span."""
    return list(_find_money(raw))


@lru_cache(maxsize=MEMO_SIZE)
def _find_money(raw: str) -> tuple[Money, ...]:
    """``find_money``, remembered: several extractors read the same line."""
    found = [_money_of(match) for match in LARGE_MONEY.finditer(raw)]
    found += [_money_of(match) for match in MONEY.finditer(raw)]
    found += [_word_money(match) for match in WORD_MONEY.finditer(raw)]
    found += [Money(Decimal("0.00"), m.start(), m.end(), m.group(0)) for m in ZERO.finditer(raw)]
    ranges = [_range_start(match) for match in RANGE.finditer(raw)]
    found = _without_overlaps(found)
    carried = _series(raw, found) + _implied_euros(raw, found)
    return tuple(sorted(_without_overlaps(found + carried) + ranges, key=lambda money: money.start))


def _series(raw: str, found: list[Money]) -> list[Money]:
    """Figures that go on a yearly series in the unit of its first amount."""
    carried: list[Money] = []
    for money in found:
        year = SERIES_YEAR.match(raw, money.end)
        while year and (item := SERIES_ITEM.match(raw, year.end())):
            carried.append(_scaled(item, money.unit))
            year = SERIES_YEAR.match(raw, item.end())
    return carried


def _implied_euros(raw: str, found: list[Money]) -> list[Money]:
    """Bare millions or billions after an amount in millions of euros, in the
    same sentence: they count euros too."""
    carried: list[Money] = []
    ends = sentence_ends(raw)
    for match in BARE_LARGE.finditer(raw):
        sentence_start = max((at for at in ends if at <= match.start()), default=0)
        if any(
            sentence_start <= money.start < match.start() and money.unit >= MULTIPLIERS["m"]
            for money in found
        ):
            carried.append(_scaled(match, _multiplier(match.group("unit"))))
    return carried


def _scaled(match: re.Match[str], multiplier: int) -> Money:
    value = to_decimal(match.group("number")) * multiplier
    text = match.string[match.start("number") : match.end()]
    return Money(value.quantize(Decimal("0.01")), match.start("number"), match.end(), text)


def _without_overlaps(found: list[Money]) -> list[Money]:
    """One reading per figure: where readings overlap, the one starting first,
    then the longest, wins ("2.8M€" over its "8M€")."""
    kept: list[Money] = []
    for money in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and money.start < kept[-1].end:
            continue
        kept.append(money)
    return kept


def _word_money(match: re.Match[str]) -> Money:
    count = number_words()[match.group("word").lower()]
    unit = _multiplier(match.group("unit"))
    value = Decimal(count) * unit
    return Money(
        value.quantize(Decimal("0.01")), match.start(), match.end(), match.group(0), unit=unit
    )


def _range_start(match: re.Match[str]) -> Money:
    """The first figure of a range, in the unit the range ends with."""
    unit = _multiplier(match.group("unit"))
    value = to_decimal(match.group("number")) * unit
    start = match.start("number")
    text = match.string[start : match.end()]
    return Money(value.quantize(Decimal("0.01")), start, match.end(), text, unit=unit)


def _money_of(match: re.Match[str]) -> Money:
    damaged = damaged_cents(match.group("number"))
    unit = _multiplier(match.group("unit"))
    value = to_decimal(match.group("number")) * unit
    if match.group("sign"):
        value = -value  # "-60 000 €": a reduction aimed at, kept as written
    return Money(
        value=value.quantize(Decimal("0.01")),
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        lower_bound=match.group("bound") is not None,
        damaged=damaged,
        unit=unit,
    )


def _multiplier(unit: str) -> int:
    unit = unit.lower()
    if unit.startswith(("milliard", "md", "mrd")):
        return MULTIPLIERS["milli"]
    if unit.startswith("million") or unit.startswith("m"):
        return MULTIPLIERS["m"]
    if unit.startswith("k"):
        return MULTIPLIERS["k"]
    return 1


@dataclass(frozen=True)
class FoundAmount:
    """An amount attributed to who pays, what kind of money and which year,
    with its evidence (an exact span of the source)."""

    value: Decimal
    funder: str
    nature: str
    year: int | None
    label: str
    evidence: str
    page: int
    line: int
    char_start: int
    char_end: int
    source: str
    """How it was read: ``table`` (by its column), ``prose`` (by its clause)
    or ``statement`` (a fixed phrase: the State's announced support)."""
    is_total: bool = False
    lower_bound: bool = False
    damaged: bool = False
    column: int | None = None
    table_start: tuple[int, int] | None = None
    """The page and line of the first row of the table it was read from; None
    for a sentence."""
    funder_ambiguous: bool = False
    """The document does not say who pays: the funder is a default (a report
    of credits is taken as the State's; a figure stated for two funders goes
    to the first column)."""
    scope: str | None = None
    """``convention`` when its words state the whole convention's money (see
    ``amounts.scope``); else decided from the document's structure."""
    nature_ambiguous: bool = False
    """The document does not say whether planned or spent: the nature is the
    document's own (a share column of an execution report beside a planned
    column)."""
    row_line: int | None = None
    """The first line of its table row. In a PDF the cells of one row stand on
    different lines (a label wrapped over two, a figure centred in its cell);
    None for a sentence."""
    year_start: int | None = None
    year_end: int | None = None
    """The span of years a figure covers when it names no single year
    ("par an de 2019 à 2021", "sur trois ans"): ``year`` is then None."""
    reasons: tuple[tuple[str, str, str], ...] = ()
    """Why it has its funder, year, nature and scope: (field, rule, words) per
    decision (``extract.attribution``)."""

    @classmethod
    def read(
        cls,
        money: Money,
        span: TextSpan,
        *,
        funder: str,
        nature: str,
        year: int | None,
        label: str,
        source: str,
        **more: object,
    ) -> FoundAmount:
        """The amount ``money`` states in ``span``, attributed: its value,
        bounds and evidence from the figure, its place from the span."""
        line, char_start, char_end = span.place(money.start, money.end)
        return cls(
            value=money.value,
            funder=funder,
            nature=nature,
            year=year,
            label=label,
            evidence=money.text,
            page=span.page,
            line=line,
            char_start=char_start,
            char_end=char_end,
            source=source,
            lower_bound=money.lower_bound,
            damaged=money.damaged,
            **more,  # type: ignore[arg-type]
        )

    @property
    def row(self) -> tuple[int, int]:
        """The page and line that identify its table row (its own line in a
        sentence): amounts of one row share it, whatever line each stands on."""
        return (self.page, self.line if self.row_line is None else self.row_line)
