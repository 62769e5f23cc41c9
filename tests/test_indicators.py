"""Indicator tables: value forms, years, targets, half years, comment columns,
wrapped labels and "dont" sub-rows, national codes."""

from datetime import date

import pytest

from calpae.extract.indicators.codes import match_indicator
from calpae.extract.indicators.find import Context, find_indicators
from calpae.extract.tables.layout import parse_value
from calpae.readers.text import read_text_export


def values_of(text: str, context: Context | None = None) -> list[tuple]:
    blocks = [b for page in read_text_export(text) for b in page.blocks]
    return [
        (v.label, v.year, v.is_target, v.is_half_year, v.value_raw, v.value_num, v.unit)
        for v in find_indicators(blocks, context or Context())
    ]


@pytest.mark.parametrize(
    ("raw", "number", "unit"),
    [
        ("46165", 46165.0, "count"),
        ("46 165", 46165.0, "count"),
        ("32,7 jours", 32.7, "days"),
        ("80%", 80.0, "percent"),
        ("Au 31/12/2020 406", 406.0, "count"),
        ("Au 31/12/19, 426 enfants nés en 2002 (+9,5%)", 426.0, "count"),
        ("3 réunions d'informations collectives", 3.0, "count"),
        ("-60 000 €", -60000.0, "eur"),
        ("+2%", 2.0, "percent"),
        ("3 mois", 3.0, "other"),
        ("nc", None, None),
        ("ND", None, None),
        ("/", None, None),
        ("Donnée non disponible", None, None),
        ("Tendre vers 3 semaines", None, None),
    ],
)
def test_each_value_form(raw, number, unit):
    assert parse_value(raw) == (number, unit)


MATRIX = (
    "Mesures\tIndicateurs\tCommentaires et éléments de définition\t"
    "Situation au 31 déc. 2018\tRésultat atteint en 2019\t"
    "Résultat atteint au 1er semestre 2022\tRésultat attendu en 2022 (objectif fixé)\n"
    "3.1. Orienter et accompagner\tNombre de nouveaux entrants\tStock au 31/12, 3 sources\t"
    "3588\t4163\t581\t\n"
    "\tNombre de nouveaux entrants orientés en 1 mois et moins\t\tnc\t652\t378\t80%\n"
    "\tNombre de 1ers rendez-vous\t\t\t\t\t\n"
    "\tdont nombre de jeunes de 12 - 15 ans\t\t12\t14\t\t\n"
)


def test_years_targets_half_years_and_comment_columns():
    found = values_of(MATRIX)
    assert found == [
        ("Nombre de nouveaux entrants", 2018, False, False, "3588", 3588.0, "count"),
        ("Nombre de nouveaux entrants", 2019, False, False, "4163", 4163.0, "count"),
        ("Nombre de nouveaux entrants", 2022, False, True, "581", 581.0, "count"),
        (
            "Nombre de nouveaux entrants orientés en 1 mois et moins",
            2018,
            False,
            False,
            "nc",
            None,
            None,
        ),
        (
            "Nombre de nouveaux entrants orientés en 1 mois et moins",
            2019,
            False,
            False,
            "652",
            652.0,
            "count",
        ),
        (
            "Nombre de nouveaux entrants orientés en 1 mois et moins",
            2022,
            False,
            True,
            "378",
            378.0,
            "count",
        ),
        (
            "Nombre de nouveaux entrants orientés en 1 mois et moins",
            2022,
            True,
            False,
            "80%",
            80.0,
            "percent",
        ),
        ("dont nombre de jeunes de 12 - 15 ans", 2018, False, False, "12", 12.0, "count"),
        ("dont nombre de jeunes de 12 - 15 ans", 2019, False, False, "14", 14.0, "count"),
    ]
    assert all("3 sources" not in row[4] for row in found)  # the comment is never a value


def test_the_end_of_cells_wrapped_onto_a_line_of_its_own_is_no_value():
    text = (
        "Indicateurs\tSituation au 31-12-2018\tRéalisé au 31-12-2020\n"
        "Nombre de Contrats jeunes majeurs\tNon\t48 CJM\n"
        "supplémentaires\tconcerné\tsupplémentaires\n"
        "dont nombre de jeunes\tnc\t12\n"
    )
    assert [(v[0], v[4]) for v in values_of(text)] == [
        ("Nombre de Contrats jeunes majeurs", "Non"),
        ("Nombre de Contrats jeunes majeurs", "48 CJM"),
        ("dont nombre de jeunes", "nc"),
        ("dont nombre de jeunes", "12"),
    ]


def test_a_planning_document_states_objectives_under_bare_years():
    objectives = "Indicateurs\tSituation en 2018\t2019\t2020\nTaux d'accès\t700\t+2%\t+5%\n"
    results = (
        "Indicateur\t2020\t2021\t2022\tRésultat attendu en 2022 (objectif fixé)\n"
        "Nombre d'orientés\t435\t630\t196\t300\n"
    )
    plan = Context(planning=True, written=date(2022, 9, 29))
    assert [(v[1], v[2], v[3]) for v in values_of(objectives, plan)] == [
        (2018, False, False),
        (2019, True, False),
        (2020, True, False),
    ]
    assert [(v[1], v[2], v[3]) for v in values_of(results, plan)] == [
        (2020, False, False),
        (2021, False, False),
        (2022, False, True),  # written in September 2022: part of the year
        (2022, True, False),
    ]
    assert [v[2] for v in values_of(objectives)] == [False, False, False]  # a report


def test_a_rate_row_is_in_percent_and_a_row_that_lost_a_cell_is_read_from_the_right():
    text = (
        "Nom de la mesure\tIndicateurs\tSituation 2018\tRésultat 2019\tJustification\n"
        "Action 4.1\tPart des PPE intégrant le volet autonomie\t0\t5\t\n"
        "Nombre de personnes en mission de bénévolat\t72\t73\tCrise sanitaire\t\n"
    )
    assert [(v[0][:8], v[1], v[4], v[6]) for v in values_of(text)] == [
        ("Part des", 2018, "0", "percent"),
        ("Part des", 2019, "5", "percent"),
        ("Nombre d", 2018, "72", "count"),
        ("Nombre d", 2019, "73", "count"),
    ]


def test_a_label_wrapped_over_a_page_break_continues_the_row_above():
    text = (
        "Nom de la Mesure\tIndicateurs\tRésultat du Département en 2019\t"
        "Résultat du Département en 2020\tJustification des écarts le cas échéant\n"
        "Plateforme, accueil et orientation des\tDemande de l'Etat : Nombre de nouveaux entrants"
        "\tDonnée non disponible\t\t\n"
        "\n\n\n\n"
        "nouveaux entrants dans le dispositif RSA\t\t\t1 858 nouveaux entrants\t\n"
    )
    found = values_of(text)
    assert [(label, year, number) for label, year, _, _, _, number, _ in found] == [
        ("Demande de l'Etat : Nombre de nouveaux entrants", 2019, None),
        ("Demande de l'Etat : Nombre de nouveaux entrants", 2020, 1858.0),
    ]


def test_pieces_of_another_width_align_their_values():
    header = (
        "Mesures\tIndicateurs\tCommentaires\tSituation au 31 déc. 2018\t"
        "Résultat atteint en 2019\tRésultat atteint en 2020\tRésultat attendu en 2022\n"
        "\tNombre de formés\t\t\t16\t35\t\n"
        "\n"
    )
    wider = "3.1\tNombre de nouveaux entrants\t3588\t4163\t3753\t\t\t80%\n\n"
    narrower = "\tDepuis la dernière remontée\t20\t14\n"
    found = [(v[0], v[1], v[2], v[4]) for v in values_of(header + wider + narrower)]
    assert found == [
        ("Nombre de formés", 2019, False, "16"),
        ("Nombre de formés", 2020, False, "35"),
        # wider: values after the label in order, the last cell the last column
        ("Nombre de nouveaux entrants", 2018, False, "3588"),
        ("Nombre de nouveaux entrants", 2019, False, "4163"),
        ("Nombre de nouveaux entrants", 2020, False, "3753"),
        ("Nombre de nouveaux entrants", 2022, True, "80%"),
        # narrower: its last cell under the row above's rightmost value (2022 target)
        ("Depuis la dernière remontée", 2020, False, "20"),
        ("Depuis la dernière remontée", 2022, True, "14"),
    ]


def test_a_financial_table_with_objectives_is_not_an_indicator_table():
    text = (
        "\tMontant exécuté\t\tMontant prévisionnel\tObjectif(s)\n"
        "\t2019\t2020\t\t\n"
        "Réseau d'inclusion numérique\t57 500€\t90 100€\t85 630 €\t\n"
    )
    assert values_of(text) == []


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Demande de l'Etat : Nombre de nouveaux entrants", "RSA_ORIENTATION.1"),
        ("Nombre de nouveaux entrants orientés en 1 mois et moins", "RSA_ORIENTATION.2"),
        (
            "Demande de l'Etat: Nombre de premier contrat d'engagement dans les deux mois",
            "RSA_ORIENTATION.6",
        ),
        ("Seul indicateur ETAT : Nombre de jeunes devenus majeurs dans l'année", "ASE_SORTIES.1"),
        # a lead naming who asks for the indicator, in any words
        ("Indicateur national : Nombre de nouveaux entrants", "RSA_ORIENTATION.1"),
        ("Indicateur demandé par la DIPLP : Nombre de nouveaux entrants", "RSA_ORIENTATION.1"),
        # a delay in words, whichever number word (the reference list, "cinq" included)
        ("Nombre de nouveaux entrants orientés en un mois et moins", "RSA_ORIENTATION.2"),
        ("Nombre de 1ers contrats d'engagement dans les deux mois", "RSA_ORIENTATION.6"),
        (
            "Délai moyen du démarrage de l'accompagnement global (reporting Pôle emploi)",
            "GARANTIE_ACTIVITE.6",
        ),
    ],
)
def test_labels_map_to_national_indicators(label, code):
    assert match_indicator(label).code == code


def test_a_departments_own_indicator_gets_no_code():
    match = match_indicator("Nombre de jardins solidaires créés")
    assert match.code is None and match.confidence < 0.8


def test_a_column_ending_before_december_is_part_of_a_year():
    text = (
        "Indicateur\t2021\t2022 (du 01/01/2022 au 31/05/2022)\n"
        "Nombre de structures engagées dans la démarche\t37\t40\n"
    )
    assert [(year, half, number) for _, year, _, half, _, number, _ in values_of(text)] == [
        (2021, False, 37.0),
        (2022, True, 40.0),
    ]
