"""The evaluators' figures (issue 10): what each amount covers (scope), one
figure per cell in ``funding_comparison`` with its basis, supersession by a
later plan, execution from the report, stated totals against their items,
ambiguous funders and natures, indicators restated or in conflict.

Every document here is hand-made, for other départements and in other words
than the samples; each test loads its documents into a fresh warehouse."""

from decimal import Decimal
from pathlib import Path

import pytest

from calpae.warehouse.database import connect
from calpae.warehouse.load import replace_document
from tests.text_factory import facts_of

CONVENTION = """\
# CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI 2021

Entre l'État, représenté par le préfet du Gers, et le Département du Gers, représenté par le \
président du conseil départemental, il est convenu ce qui suit.

La présente convention porte sur la stratégie de prévention et de lutte contre la pauvreté \
dans le Gers pour l'année 2021.

Au titre de l'année 2021, le soutien financier de l'Etat s'élève à 300 000 €.

## Annexe financière

Actions\tPart Etat 2021\tPart CD 2021
Action 1 Sorties de l'ASE\t100 000 €\t100 000 €
Action 2 Premier accueil social\t80 000 €\t90 000 €
Sous total socle\t180 000 €\t190 000 €
Action 3 Épicerie solidaire\t120 000 €\t130 000 €
Sous total initiatives\t120 000 €\t130 000 €
TOTAL GÉNÉRAL\t300 000 €\t320 000 €

Fait à Auch, le 2 mars 2021.
"""

AVENANT = """\
# AVENANT N°1 À LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI

Entre l'État, représenté par le préfet du Gers, et le Département du Gers, il est convenu ce \
qui suit.

Le présent avenant modifie pour l'année 2021 la convention signée le 2 mars 2021.

Au titre de l'année 2021, le soutien financier de l'Etat s'élève à 340 000 €.

Fait à Auch, le 15 octobre 2021.
"""

REPORT = """\
# RAPPORT D'EXÉCUTION 2021 DE LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ

Le Département du Gers rend compte de l'exécution de la convention pour l'année 2021.

## Synthèse financière

Actions\tPart Etat prévue\tPart Etat réalisée
Action 1 Sorties de l'ASE\t110 000 €\t95 000 €
Action 2 Premier accueil social\t80 000 €\t70 000 €
Action 3 Épicerie solidaire\t150 000 €\t85 000 €
TOTAL GÉNÉRAL\t340 000 €\t250 000 €

Transmis le 20 mars 2022.
"""

DAMAGED = """\
# CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI 2021

Entre l'État et le Département de la Creuse, il est convenu ce qui suit pour l'année 2021.

## Tableau financier

Actions\tPart Etat 2021\tPart CD 2021
Action 1 Sorties de l'ASE\t100 000 €\t100 000 €
Action 2 Premier accueil social\t80 000 €\t90 000 €
otal soc\t180 000 €\t190 000 €
Action 3 Épicerie solidaire\t120 000 €\t130 000 €
Action 4 Jardins partagés\t20 000 €\t20 000 €
ous-tot init\t140 000 €\t150 000 €
ocle et initiatives\t320 000 €\t340 000 €
"""

GAP = """\
# CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI 2021

Entre l'État et le Département du Cher, il est convenu ce qui suit pour l'année 2021.

## Annexe financière

Actions\tPart Etat 2021\tPart CD 2021
Action 1 Sorties de l'ASE\t100 000 €\t100 000 €
Action 2 Premier accueil social\t80 000 €\t90 000 €
Action 3 Épicerie solidaire\t120 000 €\t130 000 €
TOTAL GÉNÉRAL\t310 000 €\t320 000 €
"""

FICHES = """\
# CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI 2021

Entre l'État et le Département de l'Indre, il est convenu ce qui suit pour l'année 2021.

## Annexe 1 - Synthèse des actions

Actions\tPart Etat 2021
Action 1 Épicerie solidaire\t40 000 €
Action 2 Jardins partagés\t30 000 €
Action 3 Chantier d'insertion\t20 000 €
{fiches}"""

FICHE = """
## FICHE ACTION {n} - {title}

{goal}

Part Etat : {amount}

Reliquat des actions de l'ancien fonds d'appui : Part Etat = 75 000 €
"""


def fiches(count: int) -> str:
    rows = [
        ("Épicerie solidaire", "Ouvrir une épicerie solidaire à Châteauroux.", "40 000 €"),
        ("Jardins partagés", "Créer des jardins partagés.", "30 000 €"),
        ("Chantier d'insertion", "Ouvrir un chantier d'insertion.", "20 000 €"),
    ]
    text = "".join(
        FICHE.format(n=n, title=title, goal=goal, amount=amount)
        for n, (title, goal, amount) in enumerate(rows[:count], start=1)
    )
    return FICHES.format(fiches=text)


SHARES_REPORT = """\
# RAPPORT D'EXÉCUTION 2020 DE LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ

Le Département des Landes rend compte de l'exécution de la convention pour l'année 2020.

## Synthèse

Actions\tPrévisionnel convention\tPart Etat\tPart CD
Action 1 Sorties de l'ASE\t200 000 €\t100 000 €\t100 000 €
Action 2 Référent de parcours\t60 000 €\t30 000 €\t30 000 €

Le report des crédits 2019 non consommés s'élève à 12 000 €.
"""

INDICATORS = """\
# RAPPORT D'EXÉCUTION 2020 DE LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ

Le Département de la Nièvre rend compte de l'exécution de la convention pour l'année 2020.

## Indicateurs du socle

Indicateurs\tRésultat 2019\tRésultat 2020
Nombre de jeunes devenus majeurs dans l'année (jeunes confiés à l'ASE)\t98\t120
Nombre de premiers contacts établis\t40\t55

## Rappel des indicateurs en annexe

Indicateurs\tRésultat 2019\tRésultat 2020
Nombre de jeunes devenus majeurs dans l'année (jeunes confiés à l'ASE)\t98\t125
Nombre de premiers contacts établis\t40\t55
"""


@pytest.fixture
def load(tmp_path: Path):
    """Load hand-made documents into a fresh warehouse; returns the connection."""
    con = connect(tmp_path / "w.duckdb")

    def _load(**documents: str):
        ids = {}
        for name, text in documents.items():
            facts = facts_of(text, f"{name}.txt")
            replace_document(con, facts)
            ids[name] = facts.document.document_id
        return con, ids

    yield _load
    con.close()


def cell(con, department: str, year: int, funder: str, nature: str) -> dict:
    cursor = con.execute(
        "SELECT * FROM funding_comparison WHERE department_code = ? AND year = ? "
        "AND funder = ? AND nature = ?",
        [department, year, funder, nature],
    )
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    assert len(rows) == 1, rows
    return dict(zip(columns, rows[0], strict=True))


def scopes(con, document_id: str) -> list[tuple]:
    return con.execute(
        "SELECT source_line, funder, amount_eur, scope, is_total FROM amounts "
        "WHERE document_id = ? ORDER BY source_line, char_start",
        [document_id],
    ).fetchall()


def test_sub_totals_are_sections_and_the_grand_total_is_the_convention(load):
    con, ids = load(conv=CONVENTION)
    by_line = {
        (line, funder): (scope, total) for line, funder, _, scope, total in scopes(con, ids["conv"])
    }
    assert by_line[(12, "etat")] == ("action", False)
    assert by_line[(14, "etat")] == ("section", True)  # Sous total socle
    assert by_line[(16, "departement")] == ("section", True)  # Sous total initiatives
    assert by_line[(17, "etat")] == ("convention", True)  # TOTAL GÉNÉRAL
    assert by_line[(7, "etat")] == ("convention", True)  # the State's announced support
    etat = cell(con, "32", 2021, "etat", "prevu")
    assert etat["amount_eur"] == Decimal("300000.00")
    assert etat["basis"] == "stated_total"
    assert etat["items_sum_eur"] == Decimal("300000.00")
    assert etat["quality_flags"] == []
    assert cell(con, "32", 2021, "departement", "prevu")["amount_eur"] == Decimal("320000.00")


def test_an_avenant_supersedes_the_convention_for_its_year_and_nothing_is_lost(load):
    con, ids = load(conv=CONVENTION, avenant=AVENANT)
    etat = cell(con, "32", 2021, "etat", "prevu")
    assert etat["amount_eur"] == Decimal("340000.00")
    assert etat["document_id"] == ids["avenant"]
    assert etat["superseded_document_ids"] == [ids["conv"]]
    # both documents keep their own figures in amounts
    stated = con.execute(
        "SELECT document_id, amount_eur FROM amounts WHERE funder = 'etat' AND is_total "
        "AND scope = 'convention' ORDER BY amount_eur"
    ).fetchall()
    assert (ids["conv"], Decimal("300000.00")) in stated
    assert (ids["avenant"], Decimal("340000.00")) in stated
    # the département's part is not restated by the avenant: the convention's stays
    assert cell(con, "32", 2021, "departement", "prevu")["document_id"] == ids["conv"]


def test_the_report_gives_executed_money_and_the_plan_stays_the_planning_documents(load):
    con, ids = load(conv=CONVENTION, avenant=AVENANT, report=REPORT)
    executed = cell(con, "32", 2021, "etat", "execute")
    assert executed["amount_eur"] == Decimal("250000.00")
    assert executed["document_id"] == ids["report"]
    planned = cell(con, "32", 2021, "etat", "prevu")
    assert planned["document_id"] == ids["avenant"]  # the later report restates, not plans
    assert set(planned["superseded_document_ids"]) == {ids["conv"], ids["report"]}
    rows = con.execute(
        "SELECT measure_code, action_title, planned_eur, executed_eur, execution_rate, "
        "document_ids FROM action_funding WHERE department_code = '32' AND funder = 'etat' "
        "ORDER BY action_title"
    ).fetchall()
    # planned from the convention (the avenant names no action), spent from the report;
    # an action mapped to no national measure ("Épicerie solidaire") is keyed by its title
    both = sorted([ids["conv"], ids["report"]])
    assert rows == [
        (
            "PREMIER_ACCUEIL",
            "Premier accueil social",
            Decimal("80000.00"),
            Decimal("70000.00"),
            0.875,
            both,
        ),
        ("ASE_SORTIES", "Sorties de l'ASE", Decimal("100000.00"), Decimal("95000.00"), 0.95, both),
        (None, "Épicerie solidaire", Decimal("120000.00"), Decimal("85000.00"), 0.7083, both),
    ]


def test_sub_totals_with_damaged_labels_are_totals_by_their_sums(load):
    con, ids = load(damaged=DAMAGED)
    by_line = {
        (line, funder): (scope, total)
        for line, funder, _, scope, total in scopes(con, ids["damaged"])
    }
    assert by_line[(10, "etat")] == ("section", True)  # "otal soc"
    assert by_line[(13, "etat")] == ("section", True)  # "ous-tot init"
    assert by_line[(14, "etat")] == ("convention", True)  # "ocle et initiatives"
    etat = cell(con, "23", 2021, "etat", "prevu")
    assert (etat["amount_eur"], etat["basis"], etat["items_sum_eur"]) == (
        Decimal("320000.00"),
        "stated_total",
        Decimal("320000.00"),
    )


def test_a_stated_total_that_its_items_do_not_reach_is_kept_and_reported(load):
    con, ids = load(gap=GAP)
    etat = cell(con, "18", 2021, "etat", "prevu")
    assert etat["amount_eur"] == Decimal("310000.00")  # the document's figure, never "fixed"
    assert etat["items_sum_eur"] == Decimal("300000.00")
    assert etat["gap_eur"] == Decimal("10000.00")
    assert etat["quality_flags"] == ["stated_total_vs_items"]
    (check,) = con.execute(
        "SELECT stated_eur, computed_eur, gap_eur, relation, fact_id, source_line "
        "FROM data_quality WHERE check_name = 'stated_total_vs_items'"
    ).fetchall()
    assert check[:4] == (Decimal("310000.00"), Decimal("300000.00"), Decimal("10000.00"), "amounts")
    assert check[4] == etat["amount_id"] and check[5] == 11
    mismatch = con.execute(
        "SELECT stated_eur, computed_eur, gap_eur, fact_id FROM data_quality "
        "WHERE check_name = 'table_total_mismatch'"
    ).fetchall()
    assert mismatch == [
        (Decimal("310000.00"), Decimal("300000.00"), Decimal("10000.00"), etat["amount_id"])
    ]


def test_an_envelope_restated_in_every_fiche_counts_once_and_each_action_once(load):
    con, ids = load(fiches=fiches(3))
    etat = cell(con, "36", 2021, "etat", "prevu")
    # 40 000 + 30 000 + 20 000: each action once (annex row and fiche), the envelope never
    assert (etat["amount_eur"], etat["basis"]) == (Decimal("90000.00"), "sum_of_items")
    envelope = con.execute(
        "SELECT scope, count(*) FROM amounts WHERE amount_eur = 75000 GROUP BY scope"
    ).fetchall()
    assert envelope == [("section", 3)]  # kept three times in amounts, as a shared envelope


def test_two_fiches_with_the_same_line_are_not_an_envelope(load):
    con, ids = load(fiches=fiches(2))
    envelope = con.execute("SELECT DISTINCT scope FROM amounts WHERE amount_eur = 75000").fetchall()
    assert envelope == [("action",)]


def test_a_report_share_beside_a_planned_column_is_flagged_nature_ambiguous(load):
    con, ids = load(report=SHARES_REPORT)
    shares = con.execute(
        "SELECT DISTINCT funder, nature, nature_ambiguous FROM amounts "
        "WHERE document_id = ? AND funder IN ('etat', 'departement') AND nature <> 'report'",
        [ids["report"]],
    ).fetchall()
    assert sorted(shares) == [("departement", "execute", True), ("etat", "execute", True)]
    planned = con.execute(
        "SELECT DISTINCT nature_ambiguous FROM amounts WHERE nature = 'prevu'"
    ).fetchall()
    assert planned == [(False,)]  # "Prévisionnel convention" says what it is
    assert "nature_ambiguous" in cell(con, "40", 2020, "etat", "execute")["quality_flags"]
    checks = {row[0] for row in con.execute("SELECT check_name FROM data_quality").fetchall()}
    assert {"nature_ambiguous", "funder_ambiguous"} <= checks


def test_a_carry_over_naming_no_funder_is_flagged_funder_ambiguous(load):
    con, ids = load(report=SHARES_REPORT)
    (report,) = con.execute(
        "SELECT funder, year, funder_ambiguous FROM amounts WHERE nature = 'report'"
    ).fetchall()
    assert report == ("etat", 2020, True)  # 2019 credits count in the year receiving them


def test_an_indicator_restated_counts_once_and_two_values_are_both_kept_and_flagged(load):
    con, ids = load(indicators=INDICATORS)
    rows = con.execute(
        "SELECT indicator_code, year, value_num, restatements, is_conflict "
        "FROM indicator_comparison WHERE department_code = '58' ORDER BY 1, 2, 3"
    ).fetchall()
    assert rows == [
        ("ASE_SORTIES.1", 2019, 98.0, 2, False),
        ("ASE_SORTIES.1", 2020, 120.0, 1, True),
        ("ASE_SORTIES.1", 2020, 125.0, 1, True),
        ("MARAUDES.1", 2019, 40.0, 2, False),
        ("MARAUDES.1", 2020, 55.0, 2, False),
    ]
    conflicts = con.execute(
        "SELECT relation, count(*) FROM data_quality WHERE check_name = 'indicator_conflict' "
        "GROUP BY 1"
    ).fetchall()
    assert conflicts == [("indicator_values", 2)]


def test_a_budget_table_is_no_indicator_table():
    text = INDICATORS + (
        "\nBudget prévisionnel détaillé pour 2020 :\n\n"
        "Poste de dépenses/Années\t2020\n"
        "Coordinateur\t36 500 €\n"
        "Prestations\t20 400 €\n"
        "TOTAL\t56 900 €\n"
    )
    facts = facts_of(text)
    labels = {row.indicator_label for row in facts.rows if row.table == "indicator_values"}
    assert labels and not labels & {"Poste de dépenses/Années", "Coordinateur", "TOTAL"}
    amounts = {row.amount_eur for row in facts.rows if row.table == "amounts"}
    assert {Decimal("36500.00"), Decimal("56900.00")} <= amounts


# --- The rules behind the figures, each on a sentence or table of its own ---

DELIBERATION = """\
# DÉLIBÉRATION DU CONSEIL DÉPARTEMENTAL DE L'ARIÈGE - SÉANCE DU 20 OCTOBRE 2022

Le Conseil départemental de l'Ariège approuve la convention d'appui à la lutte contre la \
pauvreté et d'accès à l'emploi pour l'année 2022.

{body}
"""


def amounts_of(body: str) -> list[tuple]:
    facts = facts_of(DELIBERATION.format(body=body))
    return sorted(
        (row.source_line, row.funder, row.nature, row.year, row.amount_eur, row.scope)
        for row in facts.rows
        if row.table == "amounts"
    )


def test_a_sum_agreed_with_a_partner_is_the_joint_total():
    body = (
        "Le Département a contractualisé avec l'Etat en 2021 pour un montant initial de 400 000 €."
    )
    assert amounts_of(body) == [(5, "total", "prevu", 2021, Decimal("400000.00"), "convention")]


def test_carried_over_credits_are_their_owners_and_of_the_year_that_receives_them():
    body = (
        "Le Département a bénéficié du report des crédits 2021 de l'Etat non consommés sur "
        "l'exercice 2022 pour un montant de 40 000 €."
    )
    assert amounts_of(body) == [(5, "etat", "report", 2022, Decimal("40000.00"), "convention")]


def test_a_feminine_planned_header_is_planned():
    body = "Actions\tPart Etat prévue\tPart Etat réalisée\nAction 1 Mobilité\t10 000 €\t8 000 €"
    read = {(f, n, v) for _, f, n, _, v, _ in amounts_of(body)}
    assert read == {("etat", "prevu", Decimal("10000.00")), ("etat", "execute", Decimal("8000.00"))}


def test_a_caption_over_a_header_does_not_hide_the_header():
    body = (
        "\tMontants révisés après la fongibilité entre les axes comprenant un complément de "
        "5 000 €\t\t\n\tEtat\tCD\tTotal\nAxe 1\t60 000 €\t60 000 €\t120 000 €\n"
        "Axe 2\t45 000 €\t45 000 €\t90 000 €\nTotal\t105 000 €\t105 000 €\t210 000 €"
    )
    rows = amounts_of(body)
    assert {(f, v, s) for line, f, _, _, v, s in rows if line == 9} == {
        ("etat", Decimal("105000.00"), "convention"),
        ("departement", Decimal("105000.00"), "convention"),
        ("total", Decimal("210000.00"), "convention"),
    }


def test_an_embedded_act_plans_for_the_year_of_the_finance_law_it_applies():
    body = (
        "## AVENANT N°2\n\nVu la loi n° 2019-1479 du 28 décembre 2019 de finances pour 2020 ;\n\n"
        "Actions\tPart Etat\nAction 1 Mobilité\t10 000 €\nAction 2 Logement\t12 000 €\n"
        "TOTAL\t22 000 €"
    )
    assert {year for _, _, _, year, *_ in amounts_of(body)} == {2020}


def test_the_support_year_an_act_states_wins_over_the_finance_law_it_copies():
    body = (
        "## Avenant n° 3 à la convention\n\nVu la loi n°2018-1317 du 28 décembre 2018 de "
        "finances pour 2019 ;\n\nAu titre de l'exercice 2021, le soutien financier de l'Etat "
        "est porté à 22 000 €.\n\n"
        "Actions\tPart Etat\nAction 1 Mobilité\t10 000 €\nAction 2 Logement\t12 000 €\n"
        "TOTAL\t22 000 €"
    )
    assert {year for _, _, _, year, *_ in amounts_of(body)} == {2021}


def test_without_an_act_heading_a_cited_finance_law_sets_no_year():
    body = (
        "Vu la loi n° 2019-1479 du 28 décembre 2019 de finances pour 2020 ;\n\n"
        "Actions\tPart Etat\nAction 1 Mobilité\t10 000 €"
    )
    assert {year for _, _, _, year, *_ in amounts_of(body)} == {2022}


def test_an_initial_figure_gives_way_to_the_revised_one_in_the_comparison(load):
    body = (
        "La convention initiale porte sur un soutien financier de l'Etat à hauteur de 100 000 € "
        "pour 2022.\n\nAu titre de l'année 2022, le soutien financier de l'Etat s'élève à "
        "100 000 €.\n\nActions\tPart Etat 2022\nAxe 1\t60 000 €\nAxe 2\t50 000 €\n"
        "Total\t110 000 €"
    )
    con, ids = load(deliberation=DELIBERATION.format(body=body))
    etat = cell(con, "09", 2022, "etat", "prevu")
    assert etat["amount_eur"] == Decimal("110000.00")
    assert "stated_totals_differ" in etat["quality_flags"]


def test_a_sub_total_whose_state_column_is_wrong_is_still_a_total_and_is_reported():
    body = (
        "Actions\tDépenses\tPart Etat\tPart CD\n"
        "Action 1 Mobilité\t100 000 €\t50 000 €\t50 000 €\n"
        "Action 2 Logement\t80 000 €\t40 000 €\t40 000 €\n"
        "Action 3 Santé\t20 000 €\t10 000 €\t10 000 €\n"
        "actions du soc\t200 000 €\t95 000 €\t100 000 €\n"
        "Action 4 Emploi\t50 000 €\t25 000 €\t25 000 €\n"
        "Total\t250 000 €\t120 000 €\t125 000 €"
    )
    facts = facts_of(DELIBERATION.format(body=body))
    totals = {(r.source_line, r.is_total, r.scope) for r in facts.rows if r.table == "amounts"}
    assert (9, True, "section") in totals and (11, True, "convention") in totals
    mismatches = [
        (r.source_line, r.stated_eur, r.computed_eur)
        for r in facts.rows
        if r.table == "extraction_checks" and r.check_name == "table_total_mismatch"
    ]
    assert (9, Decimal("95000.00"), Decimal("100000.00")) in mismatches
