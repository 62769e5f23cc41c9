"""The layout generator (bench/layouts.py) on small hand-made tables: each
transformation keeps every figure with its meaning (year, funder, nature,
value) and moves its gold to the line where it now stands. The scores of the
warehouse on the sample layouts are printed by ``python -m bench.layouts``,
never asserted here."""

from __future__ import annotations

import csv
import random
from collections import Counter
from decimal import Decimal

import pytest

from bench import layouts
from bench.layouts import (
    ALL,
    PHRASES,
    Document,
    build,
    caption_year,
    held_by_lexicon,
    in_thousands,
    load,
    new_words,
    pick_phrase,
    render,
    steps,
    swap_blocks,
    thousands,
    total_first,
    total_last,
    transposed,
    upper_no_accents,
)
from bench.rewrite import RAW


class Fixed(random.Random):
    """A chooser that always takes the ``n``-th option."""

    def __init__(self, n: int = 0) -> None:
        super().__init__(0)
        self.n = n

    def randrange(self, stop, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        return self.n % stop

    def choice(self, seq):  # noqa: ANN001
        return seq[self.n % len(seq)]


def fact(line: int, year: str, funder: str, value: str, evidence: str, nature: str = "prevu"):
    return {
        "source_file": "t.txt",
        "source_line": str(line),
        "department_code": "45",
        "year": year,
        "funder": funder,
        "nature": nature,
        "amount_eur": value,
        "is_lower_bound": "false",
        "is_total_row": "false",
        "label": "",
        "evidence": evidence,
        "notes": "",
    }


def document(lines: list[str], rows: list[dict[str, str]]) -> Document:
    return load("t.txt", "\n".join(lines), rows, [(1, len(lines))])


def facts_of(doc: Document) -> tuple[list[str], list[dict[str, str]], list[tuple[int, int]]]:
    text, rows, ranges = render(doc)  # render checks every evidence stands on its line
    return text.split("\n"), rows, ranges


def meaning(rows: list[dict[str, str]]) -> Counter:
    return Counter((r["year"], r["funder"], r["nature"], r["amount_eur"]) for r in rows)


def header_over(lines: list[str], header: int, row: dict[str, str]) -> str:
    """The header cell standing over a fact's cell."""
    cells = lines[int(row["source_line"]) - 1].split("\t")
    column = next(i for i, cell in enumerate(cells) if row["evidence"] in cell)
    return lines[header].split("\t")[column]


YEARS_BY_FUNDER = [
    "Budget de l'action",
    "\t2019\t2020\t2021",
    "Part Etat\t10 000 €\t11 000 €\t12 000 €",
    "Part Département\t5 000 €\t6 000 €\t7 000 €",
    "",
    "Fin.",
]
YEARS_BY_FUNDER_GOLD = [
    fact(3, "2019", "etat", "10000.00", "10 000 €"),
    fact(3, "2020", "etat", "11000.00", "11 000 €"),
    fact(3, "2021", "etat", "12000.00", "12 000 €"),
    fact(4, "2019", "departement", "5000.00", "5 000 €"),
    fact(4, "2020", "departement", "6000.00", "6 000 €"),
    fact(4, "2021", "departement", "7000.00", "7 000 €"),
]


def test_a_table_of_years_by_funders_turned_keeps_its_six_facts_on_their_year_rows():
    doc = document(YEARS_BY_FUNDER, YEARS_BY_FUNDER_GOLD)
    assert transposed(doc, Fixed()) == 1
    lines, rows, ranges = facts_of(doc)
    assert lines[1:5] == [
        "\tPart Etat\tPart Département",
        "2019\t10 000 €\t5 000 €",
        "2020\t11 000 €\t6 000 €",
        "2021\t12 000 €\t7 000 €",
    ]
    assert meaning(rows) == meaning(YEARS_BY_FUNDER_GOLD)
    for row in rows:  # each figure on its year's row, under its funder's column
        assert lines[int(row["source_line"]) - 1].split("\t")[0] == row["year"]
        funder = header_over(lines, 1, row)
        assert {"Part Etat": "etat", "Part Département": "departement"}[funder] == row["funder"]
    assert ranges == [(1, 7)]  # one line more: the range follows


def test_a_table_of_funders_as_columns_turned_has_the_parties_as_rows():
    lines = [
        "Postes\tMontants\tPart Etat\tPart Département",
        "Diagnostic\t170 000 €\t67 900 €\t102 100 €",
        "Total\t170 000 €\t67 900 €\t102 100 €",
    ]
    gold = [
        fact(2, "2020", "total", "170000.00", "170 000 €"),
        fact(2, "2020", "etat", "67900.00", "67 900 €"),
        fact(2, "2020", "departement", "102100.00", "102 100 €"),
        fact(3, "2020", "total", "170000.00", "170 000 €"),
        fact(3, "2020", "etat", "67900.00", "67 900 €"),
        fact(3, "2020", "departement", "102100.00", "102 100 €"),
    ]
    doc = document(lines, gold)
    transposed(doc, Fixed())
    turned, rows, _ = facts_of(doc)
    assert turned == [
        "Postes\tDiagnostic\tTotal",
        "Montants\t170 000 €\t170 000 €",
        "Part Etat\t67 900 €\t67 900 €",
        "Part Département\t102 100 €\t102 100 €",
    ]
    party = {"Montants": "total", "Part Etat": "etat", "Part Département": "departement"}
    for row in rows:
        assert party[turned[int(row["source_line"]) - 1].split("\t")[0]] == row["funder"]
    assert meaning(rows) == meaning(gold)


def test_a_table_with_a_page_break_or_a_shifted_row_is_not_turned():
    lines = [*YEARS_BY_FUNDER[:3], "", YEARS_BY_FUNDER[3]]  # a blank line inside
    gold = [
        {**row, "source_line": "5"} if row["source_line"] == "4" else row
        for row in YEARS_BY_FUNDER_GOLD
    ]
    doc = document(lines, gold)
    assert transposed(doc, Fixed()) == 0


MONEY = [
    "Répartition",
    "",
    "Action\tPart Etat\tPart CD",
    "Accueil\t72 800 €\t1 137 000 €",
    "Total\t<b>72 800 €</b>\t1 137 000 €",
]
MONEY_GOLD = [
    fact(4, "2020", "etat", "72800.00", "72 800 €"),
    fact(4, "2020", "departement", "1137000.00", "1 137 000 €"),
    fact(5, "2020", "etat", "72800.00", "72 800 €"),
    fact(5, "2020", "departement", "1137000.00", "1 137 000 €"),
]


@pytest.mark.parametrize("style", range(len(layouts.UNIT_CAPTIONS)))
def test_a_table_in_thousands_says_its_unit_in_a_caption_and_keeps_its_values(style):
    doc = document(MONEY, MONEY_GOLD)
    assert thousands(doc, Fixed(style)) == 1
    lines, rows, ranges = facts_of(doc)
    assert lines[2] == layouts.UNIT_CAPTIONS[style]  # the caption just above the table
    assert lines[3:] == [
        "Action\tPart Etat\tPart CD",
        "Accueil\t72,8\t1 137",
        "Total\t<b>72,8</b>\t1 137",
    ]
    assert meaning(rows) == meaning(MONEY_GOLD)  # the gold's values do not change
    assert [r["evidence"] for r in rows] == ["72,8", "1 137", "72,8", "1 137"]
    assert [int(r["source_line"]) for r in rows] == [5, 5, 6, 6]
    assert ranges == [(1, 6)]


def test_a_table_in_thousands_may_say_its_unit_in_its_money_headers():
    doc = document(MONEY, MONEY_GOLD)
    thousands(doc, Fixed(len(layouts.UNIT_CAPTIONS)))
    lines, rows, _ = facts_of(doc)
    assert lines[2] == "Action\tPart Etat (k€)\tPart CD (k€)"
    assert meaning(rows) == meaning(MONEY_GOLD)


def test_a_table_with_cents_or_a_bare_count_stays_in_euros():
    cents = [MONEY[2], "Accueil\t349 654,40 €\t10 000 €", "Total\t349 654,40 €\t10 000 €"]
    gold = [
        fact(2, "2020", "etat", "349654.40", "349 654,40 €"),
        fact(2, "2020", "departement", "10000.00", "10 000 €"),
        fact(3, "2020", "etat", "349654.40", "349 654,40 €"),
        fact(3, "2020", "departement", "10000.00", "10 000 €"),
    ]
    assert thousands(document(cents, gold), Fixed()) == 0
    count = ["Action\tNombre\tPart Etat", "A\t66\t10 000 €", "B\t12\t20 000 €"]
    gold = [
        fact(2, "2020", "etat", "10000.00", "10 000 €"),
        fact(3, "2020", "etat", "20000.00", "20 000 €"),
    ]
    assert thousands(document(count, gold), Fixed()) == 0


def test_amounts_in_thousands_are_exact():
    assert in_thousands(Decimal("72800")) == "72,8"
    assert in_thousands(Decimal("1137000.00")) == "1 137"
    assert in_thousands(Decimal("11750")) == "11,75"
    assert in_thousands(Decimal("200")) == "0,2"  # a typo stays what it says
    assert in_thousands(Decimal("0")) == "0"
    assert in_thousands(Decimal("-60000")) == "-60"


def test_swapped_blocks_keep_each_figure_under_its_funder():
    lines = [
        "\tMontant prévisionnel Etat\t\tPart CD\tObservations",
        "\t2019\t2020\t\t",
        "Action 1\t10 000 €\t12 000 €\t8 000 €\tsans objet",
    ]
    gold = [
        fact(3, "2019", "etat", "10000.00", "10 000 €"),
        fact(3, "2020", "etat", "12000.00", "12 000 €"),
        fact(3, "", "departement", "8000.00", "8 000 €"),
    ]
    doc = document(lines, gold)
    assert swap_blocks(doc, Fixed()) == 1
    swapped, rows, _ = facts_of(doc)
    assert swapped[0] == "\tPart CD\tMontant prévisionnel Etat\t\tObservations"
    assert swapped[2] == "Action 1\t8 000 €\t10 000 €\t12 000 €\tsans objet"
    for row in rows:
        column = swapped[2].split("\t").index(row["evidence"])
        group = next(h for h in reversed(swapped[0].split("\t")[: column + 1]) if h)
        assert ("Etat" in group) == (row["funder"] == "etat")
        if row["year"]:
            assert swapped[1].split("\t")[column] == row["year"]
    assert meaning(rows) == meaning(gold)


TOTAL_LAST = ["Action\tPart Etat\tPart CD\tTotal", "A\t10 €\t20 €\t30 €"]
TOTAL_LAST_GOLD = [
    fact(2, "2020", "etat", "10.00", "10 €"),
    fact(2, "2020", "departement", "20.00", "20 €"),
    fact(2, "2020", "total", "30.00", "30 €"),
]


def test_the_total_column_is_moved_before_the_parties_and_back():
    doc = document(TOTAL_LAST, TOTAL_LAST_GOLD)
    assert total_first(doc, Fixed()) == 1
    first, rows, _ = facts_of(doc)
    assert first == ["Action\tTotal\tPart Etat\tPart CD", "A\t30 €\t10 €\t20 €"]
    assert {header_over(first, 0, r): r["funder"] for r in rows} == {
        "Total": "total",
        "Part Etat": "etat",
        "Part CD": "departement",
    }
    assert total_last(doc, Fixed()) == 1
    assert facts_of(doc)[0] == TOTAL_LAST


def test_a_table_without_total_gets_one_summing_the_state_and_the_departement():
    lines = ["Action\tPart Etat\tPart CD", "A\t10 000 €\t20 000 €", "B\t5 000 €\t"]
    gold = [
        fact(2, "2020", "etat", "10000.00", "10 000 €"),
        fact(2, "2020", "departement", "20000.00", "20 000 €"),
        fact(3, "2020", "etat", "5000.00", "5 000 €"),
    ]
    doc = document(lines, gold)
    assert total_first(doc, Fixed()) == 1
    added, rows, _ = facts_of(doc)
    assert added == [
        "Action\tTotal\tPart Etat\tPart CD",
        "A\t30 000 €\t10 000 €\t20 000 €",
        "B\t5 000 €\t5 000 €\t",
    ]
    totals = [
        (r["source_line"], r["amount_eur"], r["year"]) for r in rows if r["funder"] == "total"
    ]
    assert totals == [("2", "30000.00", "2020"), ("3", "5000.00", "2020")]
    assert meaning([r for r in rows if r["funder"] != "total"]) == meaning(gold)


def test_a_one_year_table_gets_its_year_in_a_caption():
    lines = ["Action\tPart Etat 2020\tPart CD 2020\tReport 2019", "A\t10 €\t20 €\t5 €"]
    gold = [
        fact(2, "2020", "etat", "10.00", "10 €"),
        fact(2, "2020", "departement", "20.00", "20 €"),
        fact(2, "2019", "etat", "5.00", "5 €", nature="report"),
    ]
    doc = document(lines, gold)
    assert caption_year(doc, Fixed()) == 1
    captioned, rows, _ = facts_of(doc)
    assert "2020" in captioned[0] and "\t" not in captioned[0]
    assert captioned[1] == "Action\tPart Etat\tPart CD\tReport 2019"  # a carry-over keeps its year
    assert [r["source_line"] for r in rows] == ["3", "3", "3"]
    assert meaning(rows) == meaning(gold)
    several = document(
        ["Action\t2019\t2020", "A\t1 €\t2 €"],
        [fact(2, "2019", "total", "1.00", "1 €"), fact(2, "2020", "total", "2.00", "2 €")],
    )
    assert caption_year(several, Fixed()) == 0


def test_headers_take_real_phrases_of_the_same_meaning_that_the_lexicon_does_not_hold():
    doc = document(TOTAL_LAST, TOTAL_LAST_GOLD)
    assert new_words(doc, Fixed()) == 3
    lines, rows, _ = facts_of(doc)
    phrases = {p["phrase"]: p for p in layouts.header_phrases()}
    for row in rows:
        phrase = phrases[header_over(lines, 0, row)]
        assert phrase["funder"] == row["funder"]
        assert phrase["nature"] == ""  # "Part Etat", "Total" name no nature
    etat = phrases[header_over(lines, 0, next(r for r in rows if r["funder"] == "etat"))]
    assert not held_by_lexicon(etat)
    assert meaning(rows) == meaning(TOTAL_LAST_GOLD)


def test_a_header_whose_words_say_another_party_than_its_figures_is_left_alone():
    lines = ["Action\tMontant prévisionnel", "A\t10 €"]  # read as the State's by a cross-reference
    doc = document(lines, [fact(2, "2020", "etat", "10.00", "10 €")])
    assert new_words(doc, Fixed()) == 0


def test_a_phrase_is_picked_among_the_unheld_where_there_are_some():
    phrases = [
        {"phrase": "Part Etat", "funder": "etat", "nature": "", "source": "x"},
        {"phrase": "Fonds de contractualisation", "funder": "etat", "nature": "", "source": "x"},
        {"phrase": "Montant total", "funder": "total", "nature": "", "source": "x"},
    ]
    assert {pick_phrase(phrases, "etat", "", random.Random(seed)) for seed in range(10)} == {
        "Fonds de contractualisation"
    }
    assert pick_phrase(phrases, "total", "", random.Random(0)) == "Montant total"  # none unheld
    assert pick_phrase(phrases, "other", "", random.Random(0)) == ""


def test_capitals_and_accents_change_labels_and_never_a_value():
    lines = ["Action\tPart Département", "Accès aux droits\t<b>40 K Euros</b>"]
    gold = [fact(2, "", "departement", "40000.00", "40 K Euros")]
    doc = document(lines, gold)
    upper_no_accents(doc, Fixed(2))  # both
    changed, rows, _ = facts_of(doc)
    assert changed == ["ACTION\tPART DEPARTEMENT", "ACCES AUX DROITS\t<b>40 K EUROS</b>"]
    assert rows[0]["evidence"] == "40 K EUROS" and meaning(rows) == meaning(gold)


def test_the_header_phrase_file_holds_forty_real_phrasings_with_their_sources():
    with PHRASES.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == ["phrase", "funder", "nature", "source"]
    assert len(rows) >= 40
    assert len({r["phrase"] for r in rows}) == len(rows)
    for row in rows:
        assert row["funder"] in {"etat", "departement", "total", "other"}
        assert row["nature"] in {"", "prevu", "execute", "report"}
        assert row["source"].strip()
    unheld = [r for r in rows if not held_by_lexicon(r)]
    # the file still brings words the lexicon does not hold (by stems, the
    # lexicon now reads every département and partner phrasing of the file)
    assert len(unheld) >= 10
    assert {r["funder"] for r in unheld} >= {"etat", "total"}


def test_a_variant_is_a_name_a_combination_or_all():
    assert steps("original") == []
    assert steps("thousands+transposed") == ["thousands", "transposed"]
    assert steps("combined") == list(layouts.COMBINED)
    with pytest.raises(ValueError, match="unknown"):
        steps("sideways")


def test_the_samples_laid_out_again_keep_every_fact_and_its_meaning():
    names = sorted(path.name for path in RAW.glob("*.txt"))
    original = build("original", names)
    for name in names:  # the model of a document gives it back as it was
        assert original.texts[name] == (RAW / name).read_text(encoding="utf-8")

    def facts(layout, funders=("etat", "departement", "total", "other")):  # noqa: ANN001, ANN202
        return Counter(
            (
                r["source_file"],
                r["department_code"],
                r["year"],
                r["funder"],
                r["nature"],
                r["amount_eur"],
            )
            for r in layout.rows
            if r["funder"] in funders
        )

    for spec in ALL:
        layout = build(spec, names)  # every evidence checked on its new line
        if spec in ("total_first", "combined"):  # may add totals (État + Département)
            assert facts(layout, ("etat", "departement", "other")) == facts(
                original, ("etat", "departement", "other")
            )
        else:
            assert facts(layout) == facts(original), spec
        for row in layout.ranges:
            lines = layout.texts[row["source_file"]].split("\n")
            assert 1 <= int(row["line_from"]) <= int(row["line_to"]) <= len(lines)
        for row in layout.rows:
            assert any(
                r["source_file"] == row["source_file"]
                and int(r["line_from"]) <= int(row["source_line"]) <= int(r["line_to"])
                for r in layout.ranges
            ), (spec, row)
    assert build("combined", names).texts != original.texts


def test_behind_lists_the_variants_more_than_two_points_under_the_originals():
    scores = {
        "original": layouts.Score((0.97, 0.972), (0.99, 0.998)),
        "swap_blocks": layouts.Score((0.97, 0.962), (0.99, 0.998)),
        "thousands": layouts.Score((0.49, 0.421), (0.50, 0.436)),
    }
    assert layouts.behind(scores) == {"thousands": 55.1}
    assert layouts.behind(scores, points=0.5) == {"swap_blocks": 1.0, "thousands": 55.1}
