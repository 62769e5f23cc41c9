"""Amounts: spellings, what is not money, attribution in sentences and tables,
reconciliation of totals, and the analysts' funding view."""

from dataclasses import replace
from decimal import Decimal

import pytest
from text_factory import facts_of

from calpae.extract.amounts.find import find_amounts
from calpae.extract.amounts.money import find_money
from calpae.readers.text import read_text_export
from calpae.warehouse.database import connect
from calpae.warehouse.load import replace_document


def amounts_of(text: str, doc_type: str = "convention", year: int | None = None) -> list[tuple]:
    blocks = [b for page in read_text_export(text) for b in page.blocks]
    found = find_amounts(blocks, doc_type, year)
    return [(a.funder, a.nature, a.year, str(a.value)) for a in found.amounts]


# --- spellings and not-money ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "lower_bound", "damaged"),
    [
        ("155 000 €", "155000.00", False, False),
        ("110k€", "110000.00", False, False),
        ("80 K€", "80000.00", False, False),
        ("1 137 K€", "1137000.00", False, False),
        ("40 K Euros", "40000.00", False, False),
        ("100 KE", "100000.00", False, False),
        ("3 millions d'euros", "3000000.00", False, False),
        ("349 654,40 €", "349654.40", False, False),
        ("425 104,58 euros", "425104.58", False, False),
        ("155\u00a0000\u202f€", "155000.00", False, False),
        ("155\u2009000 €", "155000.00", False, False),
        ("1 176 658,6 6€", "1176658.66", False, True),
        ("> 300 000 €", "300000.00", True, False),
        ("- €", "0.00", False, False),
        # millions and billions with decimals, or counted in words (public texts)
        ("1,125 M€", "1125000.00", False, False),
        ("2.8M€", "2800000.00", False, False),
        ("8,5 Mds €", "8500000000.00", False, False),
        ("1,2 milliard d'euros", "1200000000.00", False, False),
        ("9,6 millions €", "9600000.00", False, False),
        ("un million d'euros", "1000000.00", False, False),
        ("trois milliards d’euros", "3000000000.00", False, False),
    ],
)
def test_each_money_spelling(raw, value, lower_bound, damaged):
    (money,) = find_money(raw)
    assert (str(money.value), money.lower_bound, money.damaged) == (value, lower_bound, damaged)
    assert money.text == raw  # the evidence is the whole spelling, unit and bound included


def test_a_range_shares_its_unit_with_its_first_figure():
    moneys = find_money("un budget de 78 à 178 millions d'euros selon les années")
    assert [(str(m.value), m.text) for m in moneys] == [
        ("78000000.00", "78 à 178 millions d'euros"),
        ("178000000.00", "178 millions d'euros"),
    ]
    assert find_money("de 10 à 20 % des bénéficiaires, de 2019 à 2021") == []


def test_a_yearly_series_carries_its_first_unit_and_each_figure_its_year():
    raw = "La Lozère recevra 1,3 million d'euros en 2020, 2,1 en 2021 et 2,5 en millions en 2022."
    assert [(str(m.value), m.text) for m in find_money(raw)] == [
        ("1300000.00", "1,3 million d'euros"),
        ("2100000.00", "2,1"),
        ("2500000.00", "2,5 en millions"),
    ]
    assert [(year, value) for _, _, year, value in amounts_of(raw + "\n")] == [
        (2020, "1300000.00"),
        (2021, "2100000.00"),
        (2022, "2500000.00"),
    ]
    # figures of another kind in the series are not money
    assert len(find_money("300 000 € en 2019, 12 actions en 2020")) == 1


def test_who_pays_in_a_relative_clause_and_who_only_receives():
    assert amounts_of("Au total, 1,2 M€ que l'État consacre à ces actions.\n", year=2021) == [
        ("etat", "prevu", 2021, "1200000.00")
    ]
    assert amounts_of("La Région apporte 20 000 € au Département du Tarn.\n", year=2021) == [
        ("other", "prevu", 2021, "20000.00")
    ]


def test_bare_millions_after_millions_of_euros_in_one_sentence_count_euros():
    raw = "Près de 12 millions d'euros sur trois ans (11,8 millions exactement) pour le Var."
    assert [str(m.value) for m in find_money(raw)] == ["12000000.00", "11800000.00"]
    # a count ("de personnes"), or millions with no euros before them, are not money
    assert [str(m.value) for m in find_money("3 millions d'euros pour 2,1 millions de foyers")] == [
        "3000000.00"
    ]
    assert find_money("La France compte 8,8 millions. Le plan coûte cher.") == []


@pytest.mark.parametrize(
    "raw",
    [
        "un million d'habitants",  # a count in words
        "25 000 personnes sont bénéficiaires du RSA",  # a count
        "un taux de 15 % en 2019",  # a percentage and a year
        "le 30 septembre 2020",  # a date
        "Tél. : 03 88 76 67 67",  # a phone number
        "imputée sur le code Chorus 0304 50 19 19 01",  # a budget code
        "IBAN FR76 3000 1007 9400 0000 0000 123",  # a bank identifier
        "article L. 115-1 et instruction n° DGCS/SD1/2019/24, loi n° 2021-1900",
    ],
)
def test_figures_that_are_not_money(raw):
    assert find_money(raw) == []
    assert amounts_of(raw + "\n") == []


def test_bare_figures_count_only_in_a_money_column():
    text = "Action\tPart Etat\tNombre de jeunes\nAction 1-1\t274 993,43\t1 250\n"
    assert amounts_of(text, year=2020) == [("etat", "prevu", 2020, "274993.43")]


def test_rows_of_counts_are_not_money_even_under_a_total_header():
    text = (
        "\tDe novembre 2020 à mai 2022\tTOTAL\n"
        "Nombre de foyers aidés\t78\t209\n"
        "Nombre de personnes aidées\t180\t383\n"
    )
    assert amounts_of(text) == []


# --- sentences ---------------------------------------------------------------------


def test_per_year_for_two_funders_over_three_years_is_two_facts_over_the_span():
    text = "240 000 € par an pour l'Etat et 240 000 € pour le Département, de 2019 à 2021\n"
    blocks = [b for page in read_text_export(text) for b in page.blocks]
    found = find_amounts(blocks, "other", None).amounts
    assert sorted(
        (a.funder, a.nature, a.year, a.year_start, a.year_end, str(a.value)) for a in found
    ) == [
        ("departement", "prevu", None, 2019, 2021, "240000.00"),
        ("etat", "prevu", None, 2019, 2021, "240000.00"),
    ]


def test_sentence_cues_give_funder_nature_and_year():
    text = (
        "<p>Part État dédiée en 2019 : 111 663,80 €</p> <p>Dépenses 2019 : > 300 000 €</p>\n\n"
        "Considérant que le montant total de l'engagement des dépenses est de 1 072 312 € "
        "dont 527 294 € seront supportés par le Département.\n\n"
        "Les crédits reportés de 2019 s'élèvent à 17 724 €.\n"
    )
    assert amounts_of(text, year=2022) == [
        ("etat", "prevu", 2019, "111663.80"),
        ("total", "execute", 2019, "300000.00"),
        ("total", "prevu", 2022, "1072312.00"),
        ("departement", "prevu", 2022, "527294.00"),
        ("etat", "report", 2019, "17724.00"),  # only the State's credits are carried over
    ]


def test_the_states_support_takes_the_year_its_sentence_names_after_the_amount():
    text = "Le soutien financier de l'Etat s'élève à 300 000 € pour 2021.\n"
    assert amounts_of(text, year=2020) == [("etat", "prevu", 2021, "300000.00")]
    before = "Au titre de l'année 2019, le soutien financier de l'Etat s'élève à 200 000 €.\n"
    assert amounts_of(before, year=2020) == [("etat", "prevu", 2019, "200000.00")]


def test_a_unit_price_is_nature_other_without_a_year():
    text = (
        "L'accompagnement est financé à hauteur de 600€/mois/jeune.\n\n"
        "Les structures recrutent un ambassadeur (10 000 € par CAE).\n\n"
        "Une participation forfaitaire de 1000 € sur le coût du permis.\n\n"
        "Le Département prend en charge à hauteur de 1 000 € le permis de conduire.\n\n"
        "Pour 2020 : 2 000 € la Région et 3 000 € le Département.\n\n"
        "L'action coûtera 50 000 € la première année et 30 000 € l'année suivante.\n\n"
        "Le budget est de 240 000 € par an.\n\n"
        "\tNombre de BrSa\tcoût par BrSa\tcoût annuel 2019\n"
        "Primo évaluations\t66\t160 €\t10 560 €\n"
    )
    assert amounts_of(text, year=2020) == [
        ("total", "other", None, "600.00"),
        ("total", "other", None, "10000.00"),
        ("total", "other", None, "1000.00"),
        ("departement", "other", None, "1000.00"),  # "€ le permis": a price per unit
        ("other", "prevu", 2020, "2000.00"),  # "€ la Région" names a funder, not a unit
        ("departement", "prevu", 2020, "3000.00"),
        ("total", "prevu", 2020, "50000.00"),  # "€ la première année" is when, not a unit
        ("total", "prevu", 2020, "30000.00"),
        ("total", "prevu", None, "240000.00"),  # "par an": a yearly budget, no single year
        ("total", "other", None, "160.00"),
        ("total", "prevu", 2019, "10560.00"),
    ]


def test_the_one_funder_a_clause_names_owns_its_spending():
    text = (
        "Le Département participe au financement des formations, soit une dépense 2018 de "
        "52 600 €.\n\n"
        "L'Etat et le Département y consacrent un budget de 80 000 €.\n\n"
        "Coût total : 58 860 € dont 29 430 € Département et 29 430 € Etat\n"
    )
    assert amounts_of(text, year=2020) == [
        ("departement", "execute", 2018, "52600.00"),  # a past year's "dépense": spent
        ("total", "prevu", 2020, "80000.00"),  # two funders named: their total
        ("total", "prevu", 2020, "58860.00"),
        ("departement", "prevu", 2020, "29430.00"),
        ("etat", "prevu", 2020, "29430.00"),
    ]


def test_spending_in_a_planning_document_is_planned_unless_its_year_is_past():
    text = (
        "<p>Dépenses 2019 : > 300 000 €</p> <ul> ↳ Coûts pour les AI en 2019 : > 200 000 € / an "
        "↳ Coûts 2020 : 100 000 € envisagés</ul> <p>Dépenses 2021 et années suivantes :</p>\n\n"
        "Le Département a financé les formations, soit une dépense 2018 de 52 600 €.\n"
    )
    assert amounts_of(text, year=2019) == [
        ("total", "prevu", 2019, "300000.00"),
        ("total", "prevu", 2019, "200000.00"),  # a list item is a clause of its own
        ("total", "prevu", 2020, "100000.00"),  # the year before it, not the next item's
        ("departement", "execute", 2018, "52600.00"),
    ]


def test_an_amount_after_a_span_of_years_has_no_one_year():
    text = "Budget prévisionnel initial pour 2019/2021 : 58 860 € annuels\n"
    assert amounts_of(text, year=2020) == [("total", "prevu", None, "58860.00")]


def test_a_full_year_rate_has_no_year():
    text = "Budget détaillé sur 2019 – 2021 : 180 000 € par année pleine (dont 90 000€ CD 47)\n"
    assert amounts_of(text, year=2020) == [
        ("total", "prevu", None, "180000.00"),
        ("departement", "prevu", None, "90000.00"),
    ]


def test_an_ordinal_year_counts_from_the_span_named_above():
    text = (
        "Budget détaillé sur 2019 – 2021 :\n\n"
        "1^{ère} année : Développement de l'action sur 2 territoires\n\n"
        "- **Formation action : 60 000€**\n\n"
        "2^{ème} année : extension, à hauteur de 70 000 €\n\n"
        "# Autre fiche\n\n"
        "1ère année : 10 000 €\n"
    )
    assert amounts_of(text, year=2020) == [
        ("total", "prevu", 2019, "60000.00"),
        ("total", "prevu", 2020, "70000.00"),
        ("total", "prevu", 2020, "10000.00"),  # no span named: the document's year
    ]


def test_an_execution_report_spends_unless_a_cue_says_otherwise():
    text = "Coût de l'action : 40 000 €. Montant prévisionnel : 50 000 €.\n"
    assert amounts_of(text, doc_type="rapport_execution", year=2020) == [
        ("total", "execute", 2020, "40000.00"),
        ("total", "prevu", 2020, "50000.00"),
    ]


def test_a_short_title_sets_the_nature_of_what_follows_but_a_list_item_does_not():
    titled = "Réalisé 2019\n\nMesures\tPart Etat\nMesure ASID\t10 000 €\n"
    listed = (
        "Indicateurs du Département :\n\n- Diminution du coût du versement de l'allocation\n\n"
        "Mesures\tPart Etat\nMesure ASID\t10 000 €\n"
    )
    assert [a[1] for a in amounts_of(titled, year=2020)] == ["execute"]
    assert [a[1] for a in amounts_of(listed, year=2020)] == ["prevu"]
    another = listed.replace(
        "- Diminution du coût du versement de l'allocation", "• Part des aides réalisées en ligne"
    )
    assert [a[1] for a in amounts_of(another, year=2020)] == ["prevu"]


# --- tables ------------------------------------------------------------------------

ANNEX = (
    "\tMontant prévisionnel Etat\t\t\tPart financement CD\tRéférentiel\n"
    "\t2019\t2020\t2021\t\t\n"
    "1. Enfants et jeunes\t\t\t\t\t\n"
    "Action 1-1 Prévenir les sorties sèches\t155 000 €\t155 000 €\t155 000 €\t155 000 €\t\n"
    "\n"
    "d'informations et la coordination entre ces derniers (texte sorti de la cellule).\n"
    "\n"
    "3. Service public de l'insertion\t\t\t\t\t\n"
    "Action 3-2 Garantie d'activité\t190 000\t568 000\t1 137 K€\tIdem Part Etat\t\n"
)


def test_a_header_over_two_lines_spans_its_year_columns_and_a_cut_table_keeps_it():
    assert amounts_of(ANNEX) == [
        ("etat", "prevu", 2019, "155000.00"),
        ("etat", "prevu", 2020, "155000.00"),
        ("etat", "prevu", 2021, "155000.00"),
        ("departement", "prevu", None, "155000.00"),
        ("etat", "prevu", 2019, "190000.00"),
        ("etat", "prevu", 2020, "568000.00"),
        ("etat", "prevu", 2021, "1137000.00"),
        # "Idem Part Etat": the département's share is the State's of each year
        ("departement", "prevu", 2019, "190000.00"),
        ("departement", "prevu", 2020, "568000.00"),
        ("departement", "prevu", 2021, "1137000.00"),
    ]


def test_a_header_naming_no_funder_takes_the_one_an_earlier_table_gave_it():
    text = (
        "\tMontant prévisionnel Etat\t\tPart financement CD\n"
        "\t2019\t2020\t\n"
        "Action 1-1\t155 000 €\t155 000 €\t155 000 €\n"
        "\n"
        "# Annexe B\n"
        "\n"
        "\tMontant prévisionnel\t\tFinancements CD\n"
        "\t2019\t2020\t\n"
        "Action 4-1\t240 k€\t240 k€\t240 k€\n"
        "\n"
        "# Annexe C\n"
        "\n"
        "\tMontant global\n"
        "Action 5-1\t10 000 €\n"
    )
    assert amounts_of(text)[3:] == [
        ("etat", "prevu", 2019, "240000.00"),
        ("etat", "prevu", 2020, "240000.00"),
        ("departement", "prevu", None, "240000.00"),
        ("total", "prevu", None, "10000.00"),  # a header never seen with a funder
    ]


def test_a_row_shifted_right_by_a_split_label_is_read_from_the_right():
    text = (
        "Thème\tFiche\tIntitulé\tBudget global\tPart État 2020\tPart CD 2020\t\n"
        "Socle\t1.1\tJeunes majeurs\t170 000 €\t67 900 €\t102 100 €\t\n"
        "Socle\tInsertion des BRSA\t3.1\tOrientation\t133 700 €\t25 000 €\t108 700 €\n"
    )
    assert amounts_of(text, year=2020) == [
        ("total", "prevu", 2020, "170000.00"),
        ("etat", "prevu", 2020, "67900.00"),
        ("departement", "prevu", 2020, "102100.00"),
        ("total", "prevu", 2020, "133700.00"),
        ("etat", "prevu", 2020, "25000.00"),
        ("departement", "prevu", 2020, "108700.00"),
    ]


def test_a_narrower_table_after_a_page_break_keeps_the_header_above():
    text = (
        "Nom de l'action\tDépenses\tPrévisionnel convention\tPart Etat\tPart CD\tTaux\t\n"
        "Socle\t349 654,40 €\t381 400 €\t174 827 €\t174 827 €\t92%\t\n"
        "\n\n\n\n"
        "Ancien FAPI\t676 625 €\t1 176 658 €\t588 329 €\t588 329 €\n"
    )
    assert amounts_of(text, doc_type="rapport_execution", year=2020)[4:] == [
        ("total", "execute", 2020, "676625.00"),
        ("total", "prevu", 2020, "1176658.00"),
        ("etat", "execute", 2020, "588329.00"),
        ("departement", "execute", 2020, "588329.00"),
    ]


def test_a_header_row_cut_from_its_table_by_a_blank_line_still_heads_it():
    text = (
        "\tBudget global\tParticipation Etat\tParticipation CD\n"
        "\n"
        "\t85 630€\t42 815€\t42 815€\n"
        "\n"
        "\tPartenaires\tRôle\n"
        "\n"
        "\t1 000 €\n"
    )
    assert amounts_of(text, year=2022) == [
        ("total", "prevu", 2022, "85630.00"),
        ("etat", "prevu", 2022, "42815.00"),
        ("departement", "prevu", 2022, "42815.00"),
        ("other", "prevu", 2022, "1000.00"),  # under "Partenaires": the partners' money
    ]


HEADERLESS = (  # a table without a header, after the sentences that name its totals
    "Au titre de l'année 2022, le soutien financier de l'Etat s'élève à un montant de "
    "527 294 €.\n\n"
    "Le montant total de l'engagement des dépenses est de 1 072 312 € dont 527 294 € "
    "seront supportés par le Département.\n\n"
    "# ANNEXE 10 - TABLEAUX FINANCIERS\n\n"
    "Initiatives\tBanque alimentaire\t8 774,00 €\t- €\t8 774,00 €\t17 548,00 €\n"
    "\tTOTAUX FINANCIERS\t527 294,00 €\t17 724,00 €\t527 294,00 €\t1 072 312,00 €\n"
)


def test_columns_without_a_header_are_named_by_what_the_text_states():
    table = [a[:2] + a[3:] for a in amounts_of(HEADERLESS, year=2022)[3:]]
    assert table == [
        ("etat", "prevu", "8774.00"),
        ("total", "prevu", "0.00"),  # no statement names this column
        ("departement", "prevu", "8774.00"),
        ("total", "prevu", "17548.00"),
        ("etat", "prevu", "527294.00"),
        ("total", "prevu", "17724.00"),
        ("departement", "prevu", "527294.00"),
        ("total", "prevu", "1072312.00"),
    ]


ANOTHER_HEADERLESS = (  # the same layout, another département's words and figures
    "Pour l'exercice 2021, le soutien financier de l'Etat s'élève à 410 000 €.\n\n"
    "Le Département de la Creuse s'engage à hauteur de 410 000 €.\n\n"
    "# ANNEXE FINANCIÈRE\n\n"
    "Mobilité\tAuto-école sociale\t12 000,00 €\t12 000,00 €\t24 000,00 €\n"
    "\tTOTAL GÉNÉRAL\t410 000,00 €\t410 000,00 €\t820 000,00 €\n"
)


@pytest.mark.parametrize(
    ("text", "year", "label", "expected"),
    [
        (
            HEADERLESS,
            2022,
            "TOTAUX FINANCIERS",
            [
                ("etat", "527294.00"),
                ("total", "17724.00"),
                ("departement", "527294.00"),
                ("total", "1072312.00"),
            ],
        ),
        (
            ANOTHER_HEADERLESS,
            2021,
            "TOTAL GÉNÉRAL",
            [("etat", "410000.00"), ("departement", "410000.00"), ("total", "820000.00")],
        ),
    ],
)
def test_the_cells_of_one_row_are_one_row_whatever_line_each_stands_on(text, year, label, expected):
    """A PDF puts the cells of a row on lines of their own (a figure centred
    under a label wrapped over two lines): the row is still one row, named by
    its grand total as a text export's is."""
    blocks = [b for page in read_text_export(text) for b in page.blocks]
    table = blocks[-1]
    *rows, total = table.rows
    spread = tuple(replace(cell, line=cell.line + j) for j, cell in enumerate(total.cells))
    blocks[-1] = replace(table, rows=(*rows, replace(total, cells=spread)))
    found = find_amounts(blocks, "convention", year)
    last = [a for a in found.amounts if a.label == label]
    assert [(a.funder, str(a.value)) for a in last] == expected
    assert {a.row for a in last} == {(total.page, total.line)}
    assert len({a.line for a in last}) == len(expected)


def test_a_row_label_names_what_its_column_does_not():
    text = (
        "\tActions\tTotal des actions reports 2019 intégrés\tPart État 2020\n"
        "\tFormation des agents du Conseil départemental\t42 000 €\t21 000 €\n"
        "\tParticipation État et Département 2020\t\t1 393 709 €\n"
        "\tTotal hors report 2019\t1 393 709 €\t\n"
        "\tReport 2019\t542 943 €\t\n"
    )
    assert amounts_of(text, year=2020) == [
        ("total", "prevu", 2020, "42000.00"),
        ("etat", "prevu", 2020, "21000.00"),
        ("total", "prevu", 2020, "1393709.00"),  # two funders: their total
        ("total", "prevu", 2020, "1393709.00"),
        ("etat", "report", 2020, "542943.00"),  # the State's, counted in the year receiving them
    ]


def test_a_sentence_in_a_money_cell_gives_each_of_its_amounts():
    text = (
        "2019\t2020\n"
        "171 700 € dont 15 000 € pour les entretiens\t170 000 €\n"
        "Part Département : 103 800€ Part Etat : 67 900 €\tPart Département : 102 100€\n"
    )
    assert amounts_of(text) == [
        ("total", "prevu", 2019, "171700.00"),
        ("total", "prevu", 2019, "15000.00"),
        ("total", "prevu", 2020, "170000.00"),
        ("departement", "prevu", 2019, "103800.00"),
        ("etat", "prevu", 2019, "67900.00"),
        ("departement", "prevu", 2020, "102100.00"),
    ]


SYNTHESIS = (
    "SYNTHESE DES ACTIONS CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ 2020\n\n"
    "Le Département du Gers et l'État financent les actions de la convention "
    "d'appui à la lutte contre la pauvreté.\n\n"
    "Action\tPart Etat\tPart CD\n"
    "Action 1-1 Prévenir les sorties\t155 000 €\t155 000 €\n"
    "Action 2-1 Premier accueil\t110 000 €\t100 000 €\n"
    "TOTAL A\t265 000 €\t265 000 €\n"
    "\n"
    "Fiche 1-1 : Part Etat : 155 000 € en 2020.\n"
)


def test_a_total_that_disagrees_is_reported_with_both_figures_and_kept():
    facts = facts_of(SYNTHESIS)
    checks = [row for row in facts.rows if row.table == "extraction_checks"]
    assert [(c.check_name, c.source_line) for c in checks] == [
        ("table_total_mismatch", 8),
        ("parity_departement_below_etat", 7),
    ]
    assert "total 265000.00" in checks[0].message and "rows above, 255000.00" in checks[0].message
    assert "Département 100000.00 is below État 110000.00" in checks[1].message
    total = [r for r in facts.rows if r.table == "amounts" and r.is_total]
    assert sorted(str(r.amount_eur) for r in total) == ["265000.00", "265000.00"]


def test_a_total_in_the_wrong_column_of_a_page_later_moves_to_the_column_it_adds_up():
    text = (
        "SYNTHESE DES ACTIONS CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ 2020\n\n"
        "Le Département du Gers et l'État financent les actions de la convention.\n\n"
        "Action\tBudget global\tPart Etat 2020\tPart CD 2020\n"
        "Action 1-1\t170 000 €\t67 900 €\t102 100 €\n"
        "\n\n\n\n"
        "Action\tBudget global\tPart Etat 2020\tPart CD 2020\n"
        "Action 2-1\t70 000 €\t35 000 €\t35 000 €\n"
        "TOTAUX\t\t240 000 €\t102 900 €\n"
    )
    facts = facts_of(text)
    totals = [r for r in facts.rows if r.table == "amounts" and r.is_total]
    assert [(r.funder, str(r.amount_eur)) for r in totals] == [
        ("total", "240000.00"),  # stood under Part Etat; the Budget global rows add up to it
        ("etat", "102900.00"),  # stood under Part CD
    ]
    checks = [(c.check_name, c.source_line) for c in facts.rows if c.table == "extraction_checks"]
    assert checks == [("amount_misplaced", 13), ("amount_misplaced", 13)]


def test_a_grand_total_may_add_the_total_above_and_the_rows_since():
    text = (
        "\tActions\tTotal des actions\n"
        "\tPAAJM\t170 000 €\n"
        "\tPremier accueil\t70 000 €\n"
        "\tTotal hors report 2019\t240 000 €\n"
        "\tReport 2019\t60 000 €\n"
        "\tTotal général\t300 000 €\n"
        "\tTOTAL\t310 000 €\n"
    )
    blocks = [b for page in read_text_export(text) for b in page.blocks]
    mismatches = find_amounts(blocks, "convention", 2020).mismatches
    assert [(m.line, str(m.stated)) for m in mismatches] == [(7, "310000.00")]


def test_a_row_that_sums_the_rows_above_is_a_total_though_ocr_cut_its_label():
    text = (
        "Nom de l'action\tDépenses\tPart Etat\n"
        "1. Prévenir les sorties sèches\t349 654 €\t174 827 €\n"
        "2. Renforcer les compétences\t364 510 €\t295 000 €\n"
        "actions du socle n d'engagement\t714 164 €\t469 827 €\n"
        "4.3 Parentalité\t212 000 €\t70 000 €\n"
    )
    blocks = [b for page in read_text_export(text) for b in page.blocks]
    found = find_amounts(blocks, "rapport_execution", 2020).amounts
    assert [(a.line, a.is_total) for a in found if a.funder == "etat"] == [
        (2, False),
        (3, False),
        (4, True),
        (5, False),  # one row since the total: no sum to check it against
    ]


def test_the_funding_view_never_adds_totals_nor_restatements(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    replace_document(con, facts_of(SYNTHESIS))
    rows = con.execute(
        "SELECT department_code, year, funder, nature, total_eur "
        "FROM funding_by_department_year ORDER BY funder"
    ).fetchall()
    con.close()
    assert rows == [
        ("32", 2020, "departement", "prevu", Decimal("255000.00")),
        ("32", 2020, "etat", "prevu", Decimal("265000.00")),
    ]


def test_amounts_cite_their_exact_source_text():
    text = SYNTHESIS
    facts = facts_of(text)
    amounts = [r for r in facts.rows if r.table == "amounts"]
    assert len(amounts) == 7
    for amount in amounts:
        assert text[amount.char_start : amount.char_end] == amount.evidence
        assert amount.evidence in text.split("\n")[amount.source_line - 1]


def test_a_value_far_below_its_column_is_kept_and_reported():
    text = (
        "COFINANCEMENTS DE LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ 2020\n\n"
        "Le Département du Gers finance ses actions d'insertion des bénéficiaires du RSA.\n\n"
        "Action\tFinancements CD\n"
        "Action 5-1\t40 000\n"
        "Action 5-3\t130 000\n"
        "Action 5-4\t200€\n"
        "Action 5-5\t80 000\n"
    )
    facts = facts_of(text)
    (check,) = [r for r in facts.rows if r.table == "extraction_checks"]
    assert (check.check_name, check.source_line) == ("amount_magnitude_suspect", 8)
    assert "'200€'" in check.message
    assert "200.00" in [str(r.amount_eur) for r in facts.rows if r.table == "amounts"]


def test_a_short_line_above_sets_the_nature_of_the_amounts_below():
    text = (
        "Budget prévisionnel figurant dans la convention : Etat, CD, total\n\n"
        "Pour la totalité des actions d'inclusion\n\n"
        "Part Etat = 588 329,33 €\n\n"
        "Budget\n\n"
        "Coût de l'action : 40 000 €\n\n"
        "Réalisé 2019\n\n"
        "Descriptif :\n\n"
        "Coût de l'action : 30 000 €\n\n"
        "Projection 2020-2021\n\n"
        "Coût de l'action : 20 000 €\n"
    )
    assert amounts_of(text, doc_type="convention", year=2020) == [
        ("etat", "prevu", 2020, "588329.33"),  # a line naming no money keeps the nature
        ("total", "prevu", 2020, "40000.00"),  # "Budget" returns to the document's
        ("total", "execute", 2020, "30000.00"),
        ("total", "prevu", 2020, "20000.00"),  # a title naming a year returns too
    ]


def test_where_money_comes_from_is_not_its_year():
    text = "Budget prévisionnel 2020\n\n132 100 € (crédits 2019 reconduits)\n"
    assert amounts_of(text, year=2020) == [("total", "prevu", 2020, "132100.00")]


def test_figures_of_an_indicator_table_are_not_money():
    text = (
        "Nom de la mesure\tIndicateurs\tRésultat du Département en décembre 2019\n"
        "7.E Décrochage scolaire\tNombre de volontaires en service civique\t20\n"
        "7.E Décrochage scolaire\tCoût moyen par volontaire\t1 500 €\n"
    )
    assert amounts_of(text) == [("total", "prevu", None, "1500.00")]


def test_a_negative_amount_keeps_its_sign():
    (money,) = find_money("Dépense rSa : -60 000 €")
    assert str(money.value) == "-60000.00" and money.text == "-60 000 €"
    assert [str(m.value) for m in find_money("2019-2021 : 100 000 €")] == ["100000.00"]
