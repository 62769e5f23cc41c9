"""The sample rewriter (bench/rewrite.py) and the score of the warehouse on
rewrites of the samples: another département, the State's and the
département's columns traded, synonym headers, amounts in K€ / M€, years
moved. The facts are the same; the figures must stay within two points."""

from __future__ import annotations

import pytest

from bench.rewrite import (
    RAW,
    Rewrite,
    in_large_unit,
    rename_department,
    respell_amounts,
    rewrite_text,
    score,
    shift_years,
    swap_money_columns,
)

NO_CHANGE = Rewrite({}, False, False, 0, 0)


def test_a_header_naming_the_state_then_the_department_trades_their_groups():
    table = [
        "\tCrédits Etat\t\tPart CD\tObservations",
        "\t2021\t2022\t\t",
        "Action 1 Accueil\t10 000 €\t12 000 €\t8 000 €\tsans objet",
        "",
        "Action 2 Mobilité\t5 000 €\t6 000 €\t4 000 €\t",  # after a page break
        "",
        "Hors tableau\tune phrase",  # a new table: no header, left alone
    ]
    assert swap_money_columns(table) == [
        "\tPart CD\tCrédits Etat\t\tObservations",
        "\t\t2021\t2022\t",
        "Action 1 Accueil\t8 000 €\t10 000 €\t12 000 €\tsans objet",
        "",
        "Action 2 Mobilité\t4 000 €\t5 000 €\t6 000 €\t",
        "",
        "Hors tableau\tune phrase",
    ]


def test_a_row_pushed_right_by_a_merged_cell_is_traded_under_its_own_columns():
    table = [
        "Action\tBudget\tPart Etat\tPart Département\tAutres",
        "\tAccueil\t100 €\t60 €\t40 €\t0 €",  # one cell right of the header
    ]
    assert swap_money_columns(table)[1] == "\tAccueil\t100 €\t40 €\t60 €\t0 €"


def test_tables_without_both_funders_side_by_side_stay():
    table = ["Indicateur\t2019\t2020", "Jeunes accompagnés\t12\t15"]
    assert swap_money_columns(table) == table
    mixed = ["Action\tMaraudes mixtes État/CD\tBudget", "A\t1\t2"]  # one cell names both
    assert swap_money_columns(mixed) == mixed


def test_amounts_in_prose_are_respelled_one_in_n_and_tables_stay():
    text = "Le Département verse 155 000 € puis 1 125 000 €.\nA\t200 000 €\nSoit 30 000 €."
    assert respell_amounts(text, 2) == (
        "Le Département verse 155 000 € puis 1,125 M€.\nA\t200 000 €\nSoit 30 000 €."
    )
    assert in_large_unit(1_125_000) == "1,125 M€"
    assert in_large_unit(80_000) == "80 K€"
    assert in_large_unit(349_654) is None  # not a round number of thousands


def test_a_department_is_renamed_in_every_spelling():
    text = "Département du Bas-Rhin, BAS-RHIN, Bas Rhin, les Bas-Rhinoises, CD67, Fait à Strasbourg"
    assert rename_department(text, "67", "45") == (
        "Département du Loiret, LOIRET, Loiret, les loirétaines, CD45, Fait à Orléans"
    )


def test_years_move_in_full_and_two_digit_forms_but_not_days_and_months():
    text = "en 2019, au 31/12/18, 31.12.19, (du 1er /09/ au 31/12), CD2018/059, 3/12ème"
    assert shift_years(text, 1) == (
        "en 2020, au 31/12/19, 31.12.20, (du 1er /09/ au 31/12), CD2019/059, 3/12ème"
    )


def test_a_rewrite_keeps_every_line_where_it_was():
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert rewrite_text(text, NO_CHANGE) == text
        assert len(rewrite_text(text, Rewrite(shift_years=1)).split("\n")) == len(text.split("\n"))


@pytest.mark.slow
def test_rewritten_samples_score_within_two_points_of_the_originals():
    names = sorted(path.name for path in RAW.glob("*.txt"))
    original = score(names, None)
    rewritten = score(names, Rewrite(shift_years=1))
    for key in ("amounts", "dates"):
        for before, after in zip(original[key], rewritten[key], strict=True):
            assert after >= before - 0.02, (key, original[key], rewritten[key])
    codes = {code for _, code in rewritten["departments"]}
    assert codes == {"45", "83", "49", "82"}
