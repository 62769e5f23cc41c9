"""Dated events of a document's life: deliberation, signature, transmission…

Every full date stated is kept. Its kind comes from the nearest cue word
before it, in the same line or cell ("Transmis le 30 Septembre 2020", "Vu la
délibération du 21 juin 2019", "l'instruction n° … du 4 février 2019"). A date
that follows another in a list ("signés les 29 septembre 2020, 1er février 2021
et …") takes its kind. A date that opens one of a document's first lines
("18/06/2019 | Dans le 64, …") is its stamp: ``publication``. Dates in
narrative ("annoncée le 13 septembre 2018"), situation dates ("Au 31/12/18")
and deadlines ("au plus tard le 31 mars 2020") have no such cue: ``other``.

Forms: "29 SEP. 2022", "1er février 2021", "Mercredi 26 juin 2019",
"04/12/2019", "06 /08 /2020", "31/12/18", "31.12.19", "31-12- 2020", a range
of days whose end gives the year ("du 1er /09/ au 31/12/2018"), and
"13 décembre" whose year comes from the same sentence (a deliberation number
"CD2018/059", "… pour l'année 2020") or else the document's own date (see
``own_year``), flagged ``year_inferred``; when a weekday is stated ("ce lundi
17 juin"), the inferred year is the nearest one where that day is that
weekday, and without one the date is left out. Dates are read day first
(``parse_french_date``: the months in words of ``MONTHS``; the tests hold it
to dateparser, the library it replaced at a hundredth of its cost). A blank
date ("Fait à Strasbourg, le"), a recurring one ("le 31 décembre de chaque
année") and struck-through text yield nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from calpae.extract.lexicon import DATED_YEAR, MONTHS, WEEKDAYS, cues, matcher
from calpae.extract.text import MEMO_SIZE, fold_chars, sentence_ends
from calpae.schemas.ir import TextSpan

DAY = r"(?:1\s*(?:er|<sup>er</sup>|\^\{er\})|[0-3]?\d)"
WRITTEN = re.compile(
    rf"(?:(?<![a-zà-ÿ])(?P<weekday>{'|'.join(WEEKDAYS)})\s+)?"
    rf"(?<![\d/])(?P<day>{DAY})\s+(?P<month>{MONTHS})(?![a-zà-ÿ])(?:\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)
NUMERIC = re.compile(
    r"(?<![\d/])(?P<day>[0-3]?\d)\s*/\s*(?P<month>[01]?\d)\s*/\s*(?P<year>\d{4}|\d{2})(?![\d/])"
)
DOTTED = re.compile(  # "31.12.19", "31-12-2020", "31- 12-  2020": two-digit day and month
    r"(?<![\d./-])(?P<day>[0-3]\d)\s?[.-]\s*(?P<month>[01]\d)\s?[.-]\s*(?P<year>\d{4}|\d{2})"
    r"(?![\d]|[./-]\d)"
)
DAY_MONTH = r"(?P<{}>{})\s*/\s*(?P<{}>[01]?\d)"
NUMERIC_RANGE = re.compile(  # "(du 1er /09/ au 31/12)", "du 04/09 au 18/12/2020"
    rf"(?<![\d/]){DAY_MONTH.format('day', DAY, 'month')}\s*/?\s+au\s+"
    rf"{DAY_MONTH.format('day2', DAY, 'month2')}(?:\s*/\s*(?P<year>\d{{4}}|\d{{2}}))?(?![\d/])",
    re.IGNORECASE,
)
RECURRING = re.compile(  # "le 31 décembre de chaque année": no one date
    r"^\s*(?:de\s+chaque\s+(?:annee|exercice)|de\s+l'(?:exercice|annee)\s+(?:suivant|suivante|n\+1))",
)
STRUCK = re.compile(r"~~.+?~~", re.DOTALL)  # struck-through text states nothing
YEAR_TOKEN = re.compile(rf"(?<!\d)({DATED_YEAR})(?!\d)")

CUES = cues("date_kind")
STAMP_LINES = 8  # a date opening one of the document's first lines is its stamp
YEAR_SEARCH = (0, -1, 1)  # an inferred year, then the years around it, for a weekday
CUE_WINDOW = 130
LIST_GAP = re.compile(r"^\s*(?:,|et|,\s*et|ou)\s*$", re.IGNORECASE)
DEADLINE = matcher("deadline")
MONTH_WORD = re.compile(rf"(?<![a-zà-ÿ])(?:{MONTHS})(?![a-zà-ÿ])", re.IGNORECASE)


OWN_DATE_KINDS = frozenset(
    {"publication", "deliberation", "convocation", "transmission", "affichage", "signature"}
)


@dataclass(frozen=True)
class DateText:
    """A date as written: where it stands and its parts ("1er", "févr.", None)."""

    start: int
    end: int
    day: str
    month: str
    year: str | None
    weekday: str | None = None

    @property
    def numeric(self) -> bool:
        return self.month.isdigit()


@dataclass(frozen=True)
class FoundDate:
    kind: str
    date: date
    evidence: str
    page: int
    line: int
    char_start: int
    year_inferred: bool


def find_dates(
    span: TextSpan, default_year: int | None, lead: str = "", follow: str = ""
) -> list[FoundDate]:
    """The dated events stated in one line or cell. ``lead`` is the line before
    in the same heading or paragraph, where the cue may stand ("REUNION DU
    CONSEIL DEPARTEMENTAL" / "DU 25 SEPTEMBRE 2020"); ``follow`` the line
    after, where a date's sentence goes on ("… le 31 décembre" / "de chaque
    année")."""
    found: list[FoundDate] = []
    previous_end, previous_kind = 0, None
    for written in date_texts(span.raw):
        kind, cue_start = cue_before(span.raw, written.start, previous_end, lead)
        if (
            kind is None
            and previous_kind
            and LIST_GAP.match(span.raw[previous_end : written.start])
        ):
            kind, cue_start = previous_kind, written.start
        if kind is None or DEADLINE.search(fold_chars(span.raw[: written.start])):
            kind, cue_start = stamp_or_other(span, written.start), written.start
        previous_end = written.end
        previous_kind = kind if kind != "other" else None
        parsed = parse_written(
            written, f"{span.raw}\n{follow}" if follow else span.raw, default_year
        )
        if parsed is None:
            continue
        day, inferred = parsed
        line, char_start, _ = span.place(cue_start, written.end)
        found.append(
            FoundDate(
                kind=kind,
                date=day,
                evidence=span.raw[cue_start : written.end].strip("* "),
                page=span.page,
                line=line,
                char_start=char_start,
                year_inferred=inferred,
            )
        )
    return found


def own_year(spans: list[tuple[TextSpan, str, str]]) -> int | None:
    """The year a date written without one ("ce lundi 17 juin") most likely
    has: that of the text's own latest dated event (its publication, session,
    signature…) written in full, else the year it names most often (the
    latest of equals). National texts it cites do not count."""
    dated = [
        found.date.year
        for span, lead, _ in spans
        for found in find_dates(span, default_year=None, lead=lead)
        if found.kind in OWN_DATE_KINDS and not found.year_inferred
    ]
    if dated:
        return max(dated)
    named = Counter(int(year) for span, _, _ in spans for year in YEAR_TOKEN.findall(span.raw))
    return max(named, key=lambda year: (named[year], year)) if named else None


def stamp_or_other(span: TextSpan, date_start: int) -> str:
    """``publication`` for a date that opens one of the document's first lines
    (a news page's stamp), else ``other``."""
    opens_line = not span.raw[:date_start].strip(" *#_>|")
    return "publication" if opens_line and span.page == 1 and span.line <= STAMP_LINES else "other"


def cue_before(raw: str, date_start: int, previous_end: int, lead: str) -> tuple[str | None, int]:
    """The kind of the nearest cue before a date, and where the evidence starts
    (the cue, or the line's start when the cue stands in ``lead``).

    A month name between the cue and the date means the cue belongs to an
    earlier, partial date ("publiée mi-novembre 2020 pour … le 08/02/2021")."""
    window_start = max(previous_end, date_start - CUE_WINDOW)
    text = raw[window_start:date_start]
    if window_start == 0 and lead:
        text = f"{lead}\n{text}"
    kind, at = nearest_cue(text)
    if kind is None or MONTH_WORD.search(text[at:]):
        return None, 0
    return kind, max(window_start, window_start + at - (len(text) - (date_start - window_start)))


def date_texts(raw: str) -> list[DateText]:
    """Every date written in ``raw``, in order, outside struck-through text; a
    day and month without a year stand only as the start or end of a range."""
    return list(_date_texts(raw))


@lru_cache(maxsize=MEMO_SIZE)
def _date_texts(raw: str) -> tuple[DateText, ...]:
    """``date_texts``, remembered: several extractors read the same line."""
    struck = [(m.start(), m.end()) for m in STRUCK.finditer(raw)]
    found = [from_match(m) for pattern in (WRITTEN, NUMERIC, DOTTED) for m in pattern.finditer(raw)]
    for match in NUMERIC_RANGE.finditer(raw):
        found.append(
            DateText(
                match.start("day"),
                match.end("month"),
                *match.group("day", "month"),
                match.group("year"),
            )
        )
        found.append(
            DateText(
                match.start("day2"),
                match.end(),
                *match.group("day2", "month2"),
                match.group("year"),
            )
        )
    kept: list[DateText] = []
    for written in sorted(found, key=lambda w: (w.start, -w.end)):
        if kept and written.start < kept[-1].end:
            continue
        if not any(start <= written.start < end for start, end in struck):
            kept.append(written)
    return tuple(kept)


def from_match(match: re.Match[str]) -> DateText:
    parts = match.groupdict()
    return DateText(
        match.start(),
        match.end(),
        parts["day"],
        parts["month"],
        parts["year"],
        parts.get("weekday"),
    )


def nearest_cue(window: str) -> tuple[str | None, int]:
    """The kind of the cue closest to the end of ``window``, and where it starts."""
    folded = fold_chars(window)
    best: tuple[int, str] | None = None
    for kind, cue in CUES:
        for hit in re.finditer(cue, folded):
            if best is None or hit.start() > best[0]:
                best = (hit.start(), kind)
    return (best[1], best[0]) if best else (None, 0)


def parse_written(
    written: DateText, raw: str, default_year: int | None
) -> tuple[date, bool] | None:
    """The date a text states, and whether its year was inferred; None for a
    recurring date ("le 31 décembre de chaque année") or a year not found."""
    year = written.year
    inferred = False
    if year is None:
        if RECURRING.match(fold_chars(raw[written.end :])):
            return None
        before, after = sentence_around(raw, written.start, written.end)
        year_in_sentence = YEAR_TOKEN.findall(before)[-1:] or YEAR_TOKEN.findall(after)[:1]
        if year_in_sentence:
            year = year_in_sentence[0]
        elif default_year is not None and (fit := weekday_year(written, default_year)):
            year = str(fit)
        else:
            return None
        inferred = True
    separator = "/" if written.numeric else " "
    parsed = parse_french_date(separator.join((clean_day(written), written.month, year)))
    return (parsed, inferred) if parsed else None


def sentence_around(raw: str, start: int, end: int) -> tuple[str, str]:
    """The text of the sentence holding ``raw[start:end]``, before and after it."""
    breaks = sentence_ends(raw)
    sentence_start = max((at for at in breaks if at <= start), default=0)
    sentence_end = min((at for at in breaks if at > end), default=len(raw))
    return raw[sentence_start:start], raw[end:sentence_end]


def weekday_year(written: DateText, year: int) -> int | None:
    """The year nearest ``year`` in which the match's day falls on its stated
    weekday ("ce lundi 17 juin"); ``year`` itself without a weekday; None when
    no year near it fits (a year would be invented)."""
    if not written.weekday:
        return year
    for candidate in (year + step for step in YEAR_SEARCH):
        day = parse_french_date(f"{clean_day(written)} {written.month} {candidate}")
        if day and WEEKDAYS[day.weekday()] == written.weekday.lower():
            return candidate
    return None


def clean_day(written: DateText) -> str:
    return re.sub(r"<sup>|</sup>|\^\{|\}|\s", "", written.day)


MONTH_NUMBERS = {
    "jan": 1,
    "fev": 2,
    "mar": 3,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juil": 7,
    "aou": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
"""A month written in words (``MONTHS``: "janvier", "févr.", "sept"…) by its
first letters, folded (four for "juin" and "juil")."""
TWO_DIGIT_PIVOT = 69
"""A year of two digits below it is of the 2000s, else of the 1900s ("19":
2019, "99": 1999), as ``strptime``'s ``%y`` reads it."""


@cache
def parse_french_date(text: str) -> date | None:
    """The date of "day month year" (the month in words, ``MONTHS``) or
    "day/month/year", read day first as French writes it ("1er" is 1; a year
    of two digits by ``TWO_DIGIT_PIVOT``); None for a day that does not exist
    ("31 avril", "12/13/2020": a thirteenth month is no date)."""
    parts = text.replace(".", "").replace("/", " ").split()
    if len(parts) != 3:
        return None
    if parts[0].lower() == "1er":
        parts[0] = "1"
    if not (parts[0].isdigit() and parts[2].isdigit()):
        return None
    day, month, year = int(parts[0]), month_number(parts[1]), int(parts[2])
    if len(parts[2]) == 2:
        year += 2000 if year < TWO_DIGIT_PIVOT else 1900
    if month is None or len(parts[2]) not in (2, 4):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_number(word: str) -> int | None:
    """1-12 for a month written in digits or in words (``MONTH_NUMBERS``)."""
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    folded = fold_chars(word)
    return MONTH_NUMBERS.get(folded[:4]) or MONTH_NUMBERS.get(folded[:3])
