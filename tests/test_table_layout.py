"""The table layer (extract/tables/layout.py), on tables of our own: one
decision of what a table holds for both readers, headers stacked over
spanning cells, rows standing off their columns, pieces cut by a page break."""

from __future__ import annotations

from calpae.extract.tables.layout import (
    continues,
    kind_of,
    parse_value,
    shifted_left,
    shifted_right,
    stacked_headers,
)
from calpae.readers.text import read_text_export


def tables(text: str):
    return [b for page in read_text_export(text) for b in page.blocks if b.kind == "table"]


BUDGET = "Poste\t2021\t2022\nAnimateur\t10 000 €\t12 000 €\nLocaux\t3 000 €\t3 500 €\n"
RESULTS = (
    "Indicateur\tSituation en 2018\tRésultat atteint en 2021\n"
    "Nombre de jeunes accompagnés\t40\t65\nTaux de sortie positive\t30 %\t42 %\n"
)
LISTING = "Action\tPilote\tPartenaires\nAccueil\tDépartement du Cher\tCAF, CCAS\n"


def test_each_table_is_money_indicator_or_other_for_every_reader():
    assert [kind_of(t) for t in tables(BUDGET)] == ["money"]
    assert [kind_of(t) for t in tables(RESULTS)] == ["indicator"]
    assert [kind_of(t) for t in tables(LISTING)] == ["other"]


def test_a_spanning_header_cell_covers_the_columns_below_it():
    (table,) = tables("\tCrédits Etat\t\tPart CD\n\t2021\t2022\t\nAccueil\t1 €\t2 €\t3 €\n")
    assert stacked_headers(table.rows[:2], 4) == [
        [],
        ["Crédits Etat", "2021"],
        ["Crédits Etat", "2022"],
        ["Part CD"],
    ]


def test_rows_standing_off_their_columns():
    (table,) = tables("Action\tBudget\tEtat\n\tAccueil\t100 €\t60 €\n")
    row = table.rows[1]  # one cell right of its header (a merged cell before it)
    assert shifted_right(row, 2, lambda cell: "€" in cell.text) == 1
    assert shifted_right(table.rows[0], 2, lambda cell: "€" in cell.text) == 0
    (short,) = tables("Mesure\tIndicateurs\t2020\t2021\nNombre de repas\t72\t73\n")
    is_value = lambda text: parse_value(text)[0] is not None  # noqa: E731
    assert shifted_left(short.rows[1], 1, 4, is_value) == 1


def test_a_piece_no_wider_than_the_table_above_may_continue_it():
    (piece,) = tables("Accueil\t4 000 €\n")
    assert continues(piece, 3)
    assert not continues(piece, 3, same_width=True)
    assert not continues(piece, 1)
