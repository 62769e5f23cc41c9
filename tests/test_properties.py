"""Property tests: money, dates and départements over generated spellings.

Each test draws a fact (a value, a day, a département), writes it the way
some document could, inside a sentence of other words, and checks that the
reader gets the fact back, whatever the spelling."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from calpae.extract.amounts.money import find_money
from calpae.extract.lexicon import MONTHS as MONTH_PATTERN
from calpae.extract.metadata.dates import WEEKDAYS, find_dates, parse_french_date
from calpae.extract.metadata.departments import find_mentions
from calpae.schemas.ir import TextSpan
from calpae.schemas.reference import departments

SPACES = st.sampled_from([" ", "\u00a0", "\u202f", "\u2009"])
BEFORE = st.sampled_from(["", "Le Département verse ", "soit un montant de ", "Part Etat : "])
AFTER = st.sampled_from(["", " pour l'action 2.1", " en fonctionnement.", " (prévisionnel)"])
MONTHS = (
    ("janvier", "janv."),
    ("février", "févr."),
    ("mars", "mars"),
    ("avril", "avr."),
    ("mai", "mai"),
    ("juin", "juin"),
    ("juillet", "juil."),
    ("août", "août"),
    ("septembre", "sept."),
    ("octobre", "oct."),
    ("novembre", "nov."),
    ("décembre", "déc."),
)


def grouped(number: int, space: str) -> str:
    """1234567 → "1 234 567" with the given thousands space."""
    return f"{number:,}".replace(",", space)


@st.composite
def money_spellings(draw) -> tuple[str, Decimal]:
    """A euro amount and one of its spellings."""
    form = draw(st.sampled_from(["euros", "cents", "k", "millions", "m_decimal", "word_unit"]))
    space = draw(SPACES)
    if form in ("euros", "cents"):
        units = draw(st.integers(min_value=1, max_value=99_999_999))
        cents = draw(st.integers(min_value=0, max_value=99)) if form == "cents" else 0
        unit = draw(st.sampled_from(["€", " €", " euros", " EUR"]))
        text = grouped(units, space) + (f",{cents:02d}" if form == "cents" else "") + unit
        return text, Decimal(units) + Decimal(cents) / 100
    if form == "k":
        thousands = draw(st.integers(min_value=1, max_value=99_999))
        unit = draw(st.sampled_from(["K€", " K€", " k€", " KE", " K Euros"]))
        return grouped(thousands, space) + unit, Decimal(thousands * 1000)
    if form == "millions":
        millions = draw(st.integers(min_value=1, max_value=999))
        unit = draw(st.sampled_from([" M€", "M€", " millions d'euros", " millions d’euros"]))
        return f"{millions}{unit}", Decimal(millions * 1_000_000)
    if form == "m_decimal":  # "1,125 M€", "2.8M€"; a point and three digits group thousands
        whole = draw(st.integers(min_value=1, max_value=999))
        point = draw(st.sampled_from([",", "."]))
        digits = draw(st.integers(min_value=1, max_value=3 if point == "," else 2))
        decimals = f"{draw(st.integers(min_value=0, max_value=10**digits - 1)):0{digits}d}"
        unit = draw(st.sampled_from([" M€", "M€", " millions d'euros"]))
        figure = Decimal(f"{whole}.{decimals}")
        return f"{whole}{point}{decimals}{unit}", figure * 1_000_000
    billions = draw(st.integers(min_value=2, max_value=9))
    words = {2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit"}
    words[9] = "neuf"
    return f"{words[billions]} milliards d'euros", Decimal(billions * 1_000_000_000)


@settings(max_examples=300, deadline=None)
@given(money_spellings(), BEFORE, AFTER)
def test_every_spelling_of_an_amount_reads_as_its_value(spelled, before, after):
    text, value = spelled
    found = find_money(before + text + after)
    assert [money.value for money in found] == [value.quantize(Decimal("0.01"))], text
    assert found[0].text.strip() in text


@st.composite
def date_spellings(draw) -> tuple[str, date]:
    day = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)))
    form = draw(st.sampled_from(["written", "short_month", "capitals", "numeric", "two_digits"]))
    number = "1er" if day.day == 1 and draw(st.booleans()) else str(day.day)
    full, short = MONTHS[day.month - 1]
    if form == "written":
        text = f"{number} {full} {day.year}"
    elif form == "short_month":
        text = f"{number} {short} {day.year}"
    elif form == "capitals":
        text = f"{number} {full} {day.year}".upper()
    elif form == "numeric":
        text = f"{day.day:02d}/{day.month:02d}/{day.year}"
    else:
        text = f"{day.day:02d}/{day.month:02d}/{day.year % 100:02d}"
    if draw(st.booleans()) and form != "capitals":
        text = f"{WEEKDAYS[day.weekday()]} {text}"
    return text, day


CUES = st.sampled_from(
    [
        ("Transmis en préfecture le ", "transmission"),
        ("Vu la délibération du ", "deliberation"),
        ("Fait à Tulle, le ", "signature"),
        ("Le comité s'est réuni le ", "other"),
        ("au ", "other"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(date_spellings(), CUES)
def test_every_spelling_of_a_date_reads_as_its_day_and_its_cue(spelled, cue):
    text, day = spelled
    words, kind = cue
    span_text = f"{words}{text}, sans autre précision."
    found = find_dates(TextSpan(span_text, span_text, 2, 40, 0), default_year=None)
    assert [(d.kind, d.date, d.year_inferred) for d in found] == [(kind, day, False)], span_text


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2016, 1, 1), max_value=date(2029, 12, 31)),
    st.sampled_from([-1, 0, 1]),
)
def test_a_weekday_without_a_year_finds_the_year_near_the_documents_own(day, off_by):
    """Next to any year, the same day falls on another weekday the year before
    and the year after: a stated weekday picks one year of the three."""
    full, _ = MONTHS[day.month - 1]
    if day.month == 2 and day.day == 29:
        day -= timedelta(days=1)
    text = f"Les partenaires se sont réunis ce {WEEKDAYS[day.weekday()]} {day.day} {full}."
    found = find_dates(TextSpan(text, text, 3, 40, 0), default_year=day.year + off_by)
    assert [(d.date, d.year_inferred) for d in found] == [(day, True)]


DEPARTMENTS = departments()
PARTICLES = st.sampled_from(["du ", "de la ", "de l'", "de ", "des "])


def spelled_name(name: str, form: str) -> str:
    if form == "capitals":
        return name.upper()
    if form == "spaces":
        return name.replace("-", " ")
    return name


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(DEPARTMENTS),
    PARTICLES,
    st.sampled_from(["as written", "capitals", "spaces"]),
    st.sampled_from(["Le Département ", "Le conseil départemental ", "La Préfète "]),
)
def test_every_departement_named_as_a_party_is_found(department, particle, form, party):
    text = f"{party}{particle}{spelled_name(department.name, form)} s'engage avec l'État."
    mentions = {(m.code, m.kind) for m in find_mentions(text)}
    assert (department.code, "party") in mentions, text
    assert {code for code, kind in mentions if kind == "party"} == {department.code}, text


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([d for d in DEPARTMENTS if d.demonym]),
    st.sampled_from(["", "e", "s", "es"]),
)
def test_every_demonym_in_any_agreement_names_its_departement(department, ending):
    text = f"Les familles {department.demonym}{ending} en bénéficient."
    assert {(m.code, m.kind) for m in find_mentions(text)} == {(department.code, "demonym")}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DEPARTMENTS))
def test_every_prefecture_after_a_names_its_departement(department):
    text = f"La convention a été signée à {department.prefecture} ce lundi."
    assert (department.code, "prefecture") in {(m.code, m.kind) for m in find_mentions(text)}


@settings(max_examples=400, deadline=None)
@given(
    day=st.one_of(st.integers(0, 39).map(str), st.just("1er"), st.integers(1, 9).map("0{}".format)),
    month=st.one_of(
        st.from_regex(re.compile(f"(?:{MONTH_PATTERN})", re.IGNORECASE), fullmatch=True),
        st.integers(1, 12).map(str),
        st.integers(1, 9).map("0{}".format),
    ),
    year=st.one_of(st.integers(1980, 2049).map(str), st.integers(0, 99).map("{:02d}".format)),
)
def test_a_french_date_reads_as_dateparser_reads_it(day: str, month: str, year: str) -> None:
    """The date parser agrees with dateparser (the library it replaced, kept
    here as the judge) on every spelling the date patterns let through: the
    months of ``MONTHS`` in any case, days 0-39 and "1er", years of four
    digits or two, written "day month year" or "day/month/year"."""
    import dateparser

    separator = "/" if month.isdigit() else " "
    text = separator.join((day, month, year))
    if not month.isdigit() and len(year) == 2:
        return  # the patterns never read a two-digit year after a month in words
    if day != "1er" and int(day) > 31:
        # dateparser reads "32/1/01" year first (2032-01-01): no French date
        assert parse_french_date(text) is None
        return
    judged = dateparser.parse(
        text.replace(".", "").replace("1er", "1"),
        languages=["fr"],
        settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    assert parse_french_date(text) == (judged.date() if judged else None), text


def test_a_thirteenth_month_is_no_date() -> None:
    """Where dateparser turned "12/13/2020" around (month first), a French
    date read day first has no thirteenth month."""
    assert parse_french_date("12/13/2020") is None
    assert parse_french_date("13/12/2020") == date(2020, 12, 13)
