"""Attribution of amounts (``extract/attribution.py`` and the table reader):
who pays, which year or span, whether it is this programme's money.

The held-out cases (``tests/data/attribution_cases.json``: 123 texts in the
words of real documents from départements the rules were not written from,
each amount read by hand before any rule ran) are scored with a floor; the
other tests pin one rule each on inputs of their own."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calpae.extract.amounts.find import find_amounts
from calpae.extract.amounts.tables import header_funder
from calpae.extract.amounts.terms import nature_of
from calpae.readers.text import read_text_export

CASES = Path(__file__).parent / "data" / "attribution_cases.json"
STRICT_FLOOR = 0.84  # funder and year right (0.86 when the floor was set)
SCOPE_FLOOR = 0.82  # programme money or not (0.85)


def amounts_of(text: str, doc_type: str = "other", year: int | None = None) -> list:
    blocks = [block for page in read_text_export(text) for block in page.blocks]
    return find_amounts(blocks, doc_type, year).amounts


def one(text: str, value: str, **context: object):  # noqa: ANN201 - a FoundAmount
    wanted = Decimal(value)
    found = [a for a in amounts_of(text, **context) if a.value == wanted]
    assert found, f"{value} not found in {text!r}"
    return found[0]


def is_other(amount) -> bool:  # noqa: ANN001
    return amount.scope == "other" or amount.nature == "other"


def score_cases() -> tuple[float, float, list[str]]:
    """(strict, scope) over every held-out amount, and the misses."""
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    misses = []
    for case in cases:
        found = amounts_of(case["text"])
        for expected in case["amounts"]:
            counts["all"] += 1
            value = Decimal(str(expected["amount_eur"])).quantize(Decimal("0.01"))
            candidates = [a for a in found if a.value == value]
            best = max(
                candidates,
                key=lambda a: (a.funder == expected["funder"]) + (a.year == expected["year"]),
                default=None,
            )
            if best is None:
                misses.append(f"{case['id']}: {expected['evidence']} not found")
                continue
            strict = best.funder == expected["funder"] and best.year == expected["year"]
            scope = ("other" if is_other(best) else "programme") == expected["scope"]
            counts["strict"] += strict
            counts["scope"] += scope
            if not (strict and scope):
                misses.append(
                    f"{case['id']}: {expected['evidence']} want {expected['funder']} "
                    f"{expected['year']} {expected['scope']}, got {best.funder} {best.year} "
                    f"{'other' if is_other(best) else 'programme'}"
                )
    return counts["strict"] / counts["all"], counts["scope"] / counts["all"], misses


@pytest.mark.slow
def test_held_out_cases_keep_their_floors():
    strict, scope, misses = score_cases()
    detail = "\n".join(misses)
    assert strict >= STRICT_FLOOR, f"strict {strict:.3f} < {STRICT_FLOOR}\n{detail}"
    assert scope >= SCOPE_FLOOR, f"scope {scope:.3f} < {SCOPE_FLOOR}\n{detail}"


# --- one rule each, on inputs of their own ----------------------------------------


def test_a_yearly_figure_over_a_span_keeps_the_span_and_names_no_year():
    amount = one(
        "Le Département de la Corrèze et l'État apporteront chacun 320 000 € par an "
        "de 2020 à 2022 pour le premier accueil.",
        "320000.00",
    )
    assert (amount.year, amount.year_start, amount.year_end) == (None, 2020, 2022)


def test_cumulative_phrases_give_no_single_year():
    for text in (
        "Sur trois ans, la Vendée aura reçu 4,5 millions d'euros.",
        "Depuis 2019, le Département a investi 12 M€ dans l'insertion.",
        "Ce sont 800 000 € qui seront mobilisés jusqu'en 2022.",
    ):
        assert amounts_of(text)[0].year is None, text


def test_a_range_over_a_span_gives_its_first_and_last_years():
    found = amounts_of(
        "Sur 2020-2022, l'enveloppe nationale est passée de 90 à 150 millions d'euros."
    )
    years = {a.value: a.year for a in found}
    assert years == {Decimal("90000000.00"): 2020, Decimal("150000000.00"): 2022}


def test_a_finance_bill_gives_its_year():
    amount = one("Le PLF 2024 prévoit 60 millions d'euros pour les départements.", "60000000.00")
    assert amount.year == 2024 and amount.funder == "etat"


def test_money_a_departement_receives_is_the_states():
    for text, value in (
        ("Une dotation de 380 000 € est attribuée au Département du Cher.", "380000.00"),
        ("L'enveloppe de 2,3 M€ est dévolue à la Sarthe pour trois ans.", "2300000.00"),
        ("Le Loiret bénéficiera d'un appui de 700 000 € en 2021.", "700000.00"),
    ):
        assert one(text, value).funder == "etat", text


def test_a_part_of_a_total_takes_its_funder_unless_it_names_its_own():
    text = (
        "Pour 2021, l'État mobilise 900 000 € en faveur de la Drôme, dont 150 000 € "
        "réservés aux maraudes."
    )
    assert one(text, "150000.00").funder == "etat"
    joint = "Le budget de l'action est de 60 000 €, dont 30 000 € de l'État."
    assert one(joint, "30000.00").funder == "etat"


def test_both_parties_together_are_their_total():
    text = "L'État et le conseil départemental de l'Ain consacreront 1,8 M€ au socle en 2020."
    assert one(text, "1800000.00").funder == "total"


def test_a_carry_over_counts_in_the_year_that_receives_it():
    text = (
        "Un reliquat de 52 000 € de crédits de l'État non consommés en 2021 est reporté sur 2022."
    )
    amount = one(text, "52000.00")
    assert (amount.nature, amount.year) == ("report", 2022)
    label = "Report des crédits 2020 non consommés : 41 500 €"
    assert one(label, "41500.00").year == 2021


def test_money_that_is_not_the_programmes_is_scoped_other():
    for text, value in (
        ("Le seuil de pauvreté s'établit à 1 102 € par mois pour une personne seule.", "1102.00"),
        ("L'aide est versée dans la limite de 2 500 € par ménage.", "2500.00"),
        ("Chaque place en foyer coûte en moyenne 62 000 € par an au Département.", "62000.00"),
        ("Un forfait de 80 000 € par département de plus de 500 000 habitants.", "80000.00"),
        (
            "Avec un budget social de 610 M€ en 2021, le Département reste le chef de file.",
            "610000000.00",
        ),
        (
            "Au niveau national, 200 millions d'euros sont attribués aux départements.",
            "200000000.00",
        ),
    ):
        assert is_other(one(text, value)), text


# --- tables ---------------------------------------------------------------------------


def test_a_table_in_thousands_of_euros_is_read_in_euros():
    text = (
        "Montants en milliers d'euros\n\n"
        "Action\tPart État\tPart Département\n"
        "Maraudes mixtes\t120\t80,5\n"
    )
    found = {(a.funder, a.value) for a in amounts_of(text, "convention", 2021)}
    assert found == {("etat", Decimal("120000.00")), ("departement", Decimal("80500.00"))}


def test_a_header_unit_applies_to_its_column():
    text = "Action\tCrédits de l'État (k€)\tCofinancement départemental (€)\nAccueil\t95\t40 000\n"
    found = {(a.funder, a.value) for a in amounts_of(text, "convention", 2021)}
    assert found == {("etat", Decimal("95000.00")), ("departement", Decimal("40000.00"))}


def test_bold_figures_in_thousands_with_three_decimals_are_euros():
    text = (
        "(en milliers d'euros)\n\n"
        "Action\tCrédits État\tCrédits Département\n"
        "Épicerie sociale\t12,345\t6\n"
        "<b>Total</b>\t<b>12,345</b>\t<b>6</b>\n"
    )
    found = {(a.funder, a.value, a.is_total) for a in amounts_of(text, "convention", 2021)}
    assert ("etat", Decimal("12345.00"), True) in found
    assert ("departement", Decimal("6000.00"), True) in found
    assert ("etat", Decimal("12345.00"), False) in found


def test_a_header_without_its_funder_takes_it_from_the_same_header_with_a_unit():
    text = (
        "Action\tCrédits prévus État (k€)\tCofinancement CD (k€)\n"
        "Accueil de jour\t40\t40\n\n"
        "Autres actions\n\n"
        "Action\tCrédits prévus\n"
        "Mobilité\t15 000 €\n"
    )
    assert one(text, "15000", doc_type="convention", year=2020).funder == "etat"


def test_a_table_with_a_row_per_year_gives_each_row_its_year():
    text = (
        "Année\tDotation de l'État\tFinancement départemental\n"
        "2020\t200 000 €\t210 000 €\n"
        "2021\t250 000 €\t260 000 €\n"
    )
    found = {(a.year, a.funder, a.value) for a in amounts_of(text, "convention")}
    assert (2021, "departement", Decimal("260000.00")) in found
    assert (2020, "etat", Decimal("200000.00")) in found


def test_a_table_with_a_row_per_party_is_read_turned():
    text = (
        "Postes\tAteliers collectifs\tTotal\n"
        "Montants\t24 000 €\t24 000 €\n"
        "Part Etat\t12 000 €\t12 000 €\n"
        "Part Département\t12 000 €\t12 000 €\n"
    )
    found = {(a.label, a.funder, a.value) for a in amounts_of(text, "convention", 2022)}
    assert ("Ateliers collectifs", "etat", Decimal("12000.00")) in found
    assert ("Ateliers collectifs", "total", Decimal("24000.00")) in found


def test_a_caption_gives_its_table_a_year():
    text = (
        "Budget prévisionnel 2021 :\n\nAction\tPart État\tPart CD\nMobilité\t30 000 €\t30 000 €\n"
    )
    assert {a.year for a in amounts_of(text, "convention")} == {2021}


PARTIES = {
    "etat": ["de l'État", "de l'Etat", "DE L'ETAT", "État", "Etat"],
    "departement": ["du Département", "départementale", "départemental", "du CD", "DU DEPARTEMENT"],
}
MONEY_NOUNS = [
    "Dotation",
    "Participation",
    "Contribution",
    "Apport",
    "Financement",
    "Crédits",
    "Concours",
    "Part",
]


@settings(max_examples=60, deadline=None)
@given(
    funder=st.sampled_from(sorted(PARTIES)),
    noun=st.sampled_from(MONEY_NOUNS),
    data=st.data(),
    upper=st.booleans(),
)
def test_a_header_naming_a_party_names_its_funder(funder, noun, data, upper):
    """Any money noun with a party, in any case, with or without accents."""
    party = data.draw(st.sampled_from(PARTIES[funder]))
    header = f"{noun} {party}"
    header = header.upper() if upper else header
    assert header_funder(header) == funder, header


@pytest.mark.parametrize(
    ("header", "nature"),
    [
        ("Dépenses constatées", "execute"),
        ("Montant mandaté", "execute"),
        ("Crédits consommés 2020", "execute"),
        ("Crédits ouverts", "prevu"),
        ("Montant budget voté", "prevu"),
        ("Reliquat reporté", "report"),
        ("Montant restant à réaliser N-1", "report"),
    ],
)
def test_headers_of_real_budget_annexes_name_their_nature(header, nature):
    assert nature_of(header) == nature
