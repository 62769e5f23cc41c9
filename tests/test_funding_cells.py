"""Every cell of ``funding_comparison`` is right or says why it has no figure
(issue 24), and execution rates are taken only over the same money
(``funding_execution``).

Each document here is hand-made, for départements and in words other than
the samples'; each test loads its documents into a fresh warehouse."""

from decimal import Decimal
from pathlib import Path

import pytest
from text_factory import facts_of

from calpae.extract.amounts.money import find_money
from calpae.extract.tables.layout import parse_value
from calpae.outputs.evidence import attribution_lines
from calpae.outputs.status import funding_support
from calpae.warehouse.database import connect
from calpae.warehouse.load import replace_document

PLAN = """\
# CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI 2020-2022

Entre l'État, représenté par la préfète de la Vienne, et le Département de la Vienne, il est \
convenu ce qui suit pour les années 2020 à 2022.

## Annexe 2 - Synthèse des engagements

Engagements\tCrédits État\t\t\tPart du Département
\t2020\t2021\t2022\t
Axe 1 Maraudes mixtes\t50 000 €\t60 000 €\t70 000 €\t50 000 €
Axe 1 Accueil de jour des jeunes\t30 000 €\t30 000 €\t30 000 €\tMême montant que l'Etat
Sous-total axe 1\t80 000 €\t\t\t
Axe 2 Référents de parcours\t40 000 €\t40 000 €\t40 000 €\t40 000 €
Épicerie solidaire (initiative du Département)\t\t\t\t25 000 €

Fait à Poitiers, le 4 mars 2020.
"""

AXIS = """\
## Annexe 3 - Détail de l'axe 1

Engagements\tCrédits État 2020
Axe 1 Maraudes mixtes\t50 000 €
Axe 1 Accueil de jour des jeunes\t30 000 €
"""

DELIBERATION = """\
# CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI 2022

Entre l'État, représenté par le préfet du Cantal, et le Département du Cantal, il est convenu \
ce qui suit pour l'année 2022.

## Annexe - Engagements à l'initiative du département

Actions\tMontant exécuté\t\tMontant prévisionnel
\t2020\t2021\t2022
Atelier vélo solidaire\t12 000 €\t15 000 €\t16 000 €
Garage solidaire\t20 000 €\t22 000 €\t25 000 €
"""

REPORT = """\
# RAPPORT D'EXÉCUTION 2021 DE LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ

Le Département de l'Aude rend compte de l'exécution de la convention pour l'année 2021.

## Synthèse financière

Actions\tPrévu 2021\tRéalisé 2021
Action 1 Maraudes mixtes\t100 000 €\t90 000 €
Action 2 Référents de parcours\t60 000 €\t45 000 €
Action 3 Mobilité\t40 000 €\t40 000 €
Total\t200 000 €\t175 000 €

En 2019, l'action de mobilité avait déjà coûté 18 000 € au Département.
"""


@pytest.fixture
def load(tmp_path: Path):
    """Load hand-made documents into a fresh warehouse; returns the connection."""
    con = connect(tmp_path / "w.duckdb")

    def _load(*texts: str):
        for n, text in enumerate(texts):
            replace_document(con, facts_of(text, f"doc{n}.txt"))
        return con

    yield _load
    con.close()


def cells(con) -> dict[tuple, tuple]:
    rows = con.execute(
        "SELECT department_code, year, funder, nature, amount_eur, basis FROM funding_comparison"
    ).fetchall()
    return {tuple(r[:4]): (r[4], r[5]) for r in rows}


def test_a_synthesis_column_adds_its_leaf_rows_once_and_not_the_axis_table(load):
    con = load(PLAN + "\n" + AXIS)
    found = cells(con)
    # 50 000 + 30 000 + 40 000: the sub-total row and the axis table's restatement are left out
    assert found[("86", 2020, "etat", "prevu")] == (Decimal("120000.00"), "sum_of_items")
    assert found[("86", 2022, "etat", "prevu")] == (Decimal("140000.00"), "sum_of_items")
    items = con.execute(
        "SELECT count(*), sum(amount_eur) FROM funding_comparison_items "
        "WHERE year = 2020 AND funder = 'etat'"
    ).fetchone()
    assert items == (3, Decimal("120000.00"))


def test_a_share_written_once_beside_yearly_columns_is_each_years_on_co_funded_rows(load):
    found = cells(load(PLAN))
    # "Même montant que l'Etat" takes the State's figure of each year; the
    # département's own épicerie (no State share) is not programme money
    assert found[("86", 2020, "departement", "prevu")] == (Decimal("120000.00"), "sum_of_items")
    assert found[("86", 2021, "departement", "prevu")] == (Decimal("120000.00"), "sum_of_items")
    assert found[("86", 2021, "total", "prevu")] == (Decimal("250000.00"), "sum_of_funders")


def test_past_spending_of_a_few_initiatives_in_a_deliberation_is_no_yearly_execution(load):
    found = cells(load(DELIBERATION))
    assert found[("15", 2020, "total", "execute")] == (None, "partial_items")
    assert found[("15", 2021, "total", "execute")] == (None, "partial_items")


def test_a_year_the_report_does_not_report_on_has_no_figure(load):
    con = load(REPORT)
    found = cells(con)
    assert found[("11", 2021, "total", "execute")] == (Decimal("175000.00"), "stated_total")
    assert found[("11", 2019, "departement", "execute")] == (None, "out_of_period")
    rate = con.execute(
        "SELECT execution_rate, rate_basis FROM funding_execution "
        "WHERE department_code = '11' AND year = 2021 AND funder = 'total'"
    ).fetchone()
    assert rate == (Decimal("0.8750"), "same_row")


def test_no_rate_between_a_conventions_plan_and_a_reports_execution(load):
    plan = PLAN.replace("Vienne", "Aude").replace("Poitiers", "Carcassonne")
    report = (
        REPORT.replace("Actions\tPrévu 2021\tRéalisé 2021", "Actions\tPart État réalisée 2021")
        .replace("\t100 000 €\t", "\t")
        .replace("\t60 000 €\t", "\t")
        .replace("\t40 000 €\t", "\t")
        .replace("\t200 000 €\t", "\t")
    )
    con = load(plan, report)
    rows = con.execute(
        "SELECT funder, execution_rate, rate_basis FROM funding_execution "
        "WHERE department_code = '11' AND year = 2021 AND funder = 'etat'"
    ).fetchall()
    assert rows == [("etat", None, "different_scope")]


def test_amounts_written_with_a_space_or_a_dot_before_the_cents():
    assert [(str(m.value), m.text) for m in find_money("axe 1 : 18 412 35 € en 2021")] == [
        ("18412.35", "18 412 35 €")
    ]
    assert [(str(m.value), m.text) for m in find_money("soit 51 207.40 € engagés")] == [
        ("51207.40", "51 207.40 €")
    ]
    assert find_money("12 bénévoles et 15 stagiaires") == []


def test_a_rate_computed_in_a_cell_is_its_result():
    assert parse_value("212/530 x 100 = 40 %") == (40.0, "percent")
    assert parse_value("212/530") == (None, None)
    assert parse_value("12 = 10 + 2") == (12.0, "count")


def test_show_names_a_cells_column_header_and_row_label(load):
    con = load(REPORT)
    (attribution,) = con.execute(
        "SELECT attribution FROM amounts WHERE amount_eur = 90000 AND nature = 'execute'"
    ).fetchone()
    lines = attribution_lines(attribution)
    assert "  column header: Réalisé 2021" in lines
    assert "  row label: Action 1 Maraudes mixtes" in lines
    assert "  year decided by: column_header (Réalisé 2021)" in lines


def test_status_says_how_cells_are_supported_and_which_totals_their_items_reproduce(load):
    con = load(REPORT)
    lines = funding_support(con)
    assert "funding cells stated_total         2" in lines
    assert "funding cells out_of_period        1" in lines
    assert lines[-1].startswith("written totals reproduced by their items (1 %): 2, ")


def test_each_amount_knows_its_kind_and_the_statement_it_restates(load):
    recap = (
        "\n## Récapitulatif\n\nPostes\tRéalisé 2021\n"
        "Actions de la convention\t175 000 €\nTotal général\t175 000 €\n"
    )
    con = load(REPORT + recap)
    rows = con.execute(
        "SELECT a.source_line, r.row_kind, f.source_line, r.statements "
        "FROM amount_roles r JOIN amounts a USING (amount_id) "
        "LEFT JOIN amounts f ON f.amount_id = r.restates_amount_id "
        "WHERE a.nature = 'execute' ORDER BY a.source_line"
    ).fetchall()
    by_line = {line: (kind, first, n) for line, kind, first, n in rows}
    assert by_line[8] == ("item", None, 1)  # action 1's execution
    assert by_line[11] == ("total", None, 2)  # the synthesis's total, stated twice
    assert by_line[19] == ("total", 11, 2)  # the recap's "Total général" restates it
