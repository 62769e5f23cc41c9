"""Dated events of a document's life: deliberation, signature, transmission…

A date is kept only when a cue word before it, in the same line or cell, says
what happened on that day ("Transmis le 30 Septembre 2020", "Vu la délibération
du 21 juin 2019", "l'instruction n° … du 4 février 2019"). Dates in narrative
("annoncée le 13 septembre 2018") and situation dates ("Au 31/12/18") have no
such cue and are left out. A date that follows another in a list ("signés les
29 septembre 2020, 1er février 2021 et …") takes its kind.

Forms: "29 SEP. 2022", "1er février 2021", "04/12/2019", "06 /08 /2020",
"31/12/18", and "13 décembre" whose year comes from the same line (a
deliberation number "CD2018/059") or else the document's first year, flagged
``year_inferred``. Dates are parsed by dateparser with French settings.
A blank date ("Fait à Strasbourg, le") yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from calpae.extractors.text_norm import fold_chars
from calpae.schemas.ir import TextSpan

MONTHS = (
    r"janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|"
    r"ao[uû]t|septembre|sept?\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?"
)
DAY = r"(?:1\s*(?:er|<sup>er</sup>|\^\{er\})|[0-3]?\d)"
WRITTEN = re.compile(
    rf"(?<![\d/])(?P<day>{DAY})\s+(?P<month>{MONTHS})(?![a-zà-ÿ])(?:\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)
NUMERIC = re.compile(
    r"(?<![\d/])(?P<day>[0-3]?\d)\s*/\s*(?P<month>[01]?\d)\s*/\s*(?P<year>\d{4}|\d{2})(?![\d/])"
)
YEAR_TOKEN = re.compile(r"(?<!\d)(20[0-4]\d|19[89]\d)(?!\d)")

CUES: tuple[tuple[str, str], ...] = (
    ("convocation", r"convocation"),
    ("transmission", r"transmis|transmission|recu en prefecture|accuse de reception"),
    ("affichage", r"affich"),
    ("publication", r"publie|publication|notifie|\bmise? a jour\b"),
    ("signature", r"\bsign[eé]|\bfait a\b|\bla convention du\b|\bl'avenant (?:n° ?\d+ )?du\b"),
    (
        "deliberation",
        r"deliber|\breunion du\b|\bseance\b|\bsession\b|commission permanente",
    ),
    ("instruction", r"instruction|\bloi\b|\bdecret\b|\barrete\b|circulaire|ordonnance"),
)
CUE_WINDOW = 130
LIST_GAP = re.compile(r"^\s*(?:,|et|,\s*et|ou)\s*$", re.IGNORECASE)
DEADLINE = re.compile(r"(?:au plus tard|jusqu'au|jusqu’au|avant le)\s*(?:le\s*)?$", re.IGNORECASE)
MONTH_WORD = re.compile(rf"(?<![a-zà-ÿ])(?:{MONTHS})(?![a-zà-ÿ])", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    kind: str
    date: date
    evidence: str
    page: int
    line: int
    char_start: int
    year_inferred: bool


def find_dates(span: TextSpan, default_year: int | None, lead: str = "") -> list[FoundDate]:
    """The dated events stated in one line or cell. ``lead`` is the line before
    in the same heading or paragraph, where the cue may stand ("REUNION DU
    CONSEIL DEPARTEMENTAL" / "DU 25 SEPTEMBRE 2020")."""
    found: list[FoundDate] = []
    previous_end, previous_kind = 0, None
    for match in date_matches(span.raw):
        kind, cue_start = cue_before(span.raw, match.start(), previous_end, lead)
        if (
            kind is None
            and previous_kind
            and LIST_GAP.match(span.raw[previous_end : match.start()])
        ):
            kind, cue_start = previous_kind, match.start()
        previous_end, previous_kind = match.end(), None
        if kind is None or DEADLINE.search(span.raw[: match.start()]):
            continue  # narrative, or a deadline ("au plus tard le 31 mars")
        parsed = parse_match(match, span.raw, default_year)
        if parsed is None:
            continue
        day, inferred = parsed
        line, char_start, _ = span.place(cue_start, match.end())
        found.append(
            FoundDate(
                kind=kind,
                date=day,
                evidence=span.raw[cue_start : match.end()].strip("* "),
                page=span.page,
                line=line,
                char_start=char_start,
                year_inferred=inferred,
            )
        )
        previous_kind = kind
    return found


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


def date_matches(raw: str) -> list[re.Match[str]]:
    matches = list(WRITTEN.finditer(raw)) + list(NUMERIC.finditer(raw))
    matches.sort(key=lambda m: m.start())
    kept: list[re.Match[str]] = []
    for match in matches:
        if not kept or match.start() >= kept[-1].end():
            kept.append(match)
    return kept


def nearest_cue(window: str) -> tuple[str | None, int]:
    """The kind of the cue closest to the end of ``window``, and where it starts."""
    folded = fold_chars(window)
    best: tuple[int, str] | None = None
    for kind, cue in CUES:
        for hit in re.finditer(cue, folded):
            if best is None or hit.start() > best[0]:
                best = (hit.start(), kind)
    return (best[1], best[0]) if best else (None, 0)


def parse_match(
    match: re.Match[str], raw: str, default_year: int | None
) -> tuple[date, bool] | None:
    """The date of a match, and whether its year was inferred."""
    day = re.sub(r"<sup>|</sup>|\^\{|\}|\s", "", match.group("day"))
    month = match.group("month")
    year = match.group("year")
    inferred = False
    if year is None:
        year_in_line = YEAR_TOKEN.findall(raw[: match.start()]) or YEAR_TOKEN.findall(raw)
        if year_in_line:
            year = year_in_line[-1]
        elif default_year is not None:
            year = str(default_year)
        else:
            return None
        inferred = True
    if match.re is NUMERIC:
        text = f"{day}/{month}/{year}"
    else:
        text = f"{day} {month} {year}"
    parsed = parse_french_date(text)
    return (parsed, inferred) if parsed else None


@cache
def parse_french_date(text: str) -> date | None:
    import dateparser  # heavy import, only when a date is found

    settings = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]}
    cleaned = text.replace(".", "").replace("1er", "1")
    parsed = dateparser.parse(cleaned, languages=["fr"], settings=settings)
    return parsed.date() if parsed else None
