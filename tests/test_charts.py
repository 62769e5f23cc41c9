"""The report's charts, inline SVG: hand-made marts' cells (départements and
figures the samples do not have), parsed back as XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from calpae.outputs.report import charts, svg
from calpae.outputs.report.data import ActionCell, ExecutionCell, FundingCell, Warehouse

NS = {"s": "http://www.w3.org/2000/svg"}


def funding(code: str, year: int, funder: str, nature: str, amount: str | None) -> FundingCell:
    return FundingCell(
        department_code=code,
        department_name=None,
        year=year,
        funder=funder,
        nature=nature,
        amount_eur=Decimal(amount) if amount is not None else None,
        basis="stated_total" if amount is not None else "partial_items",
        stated_total_eur=None,
        items_sum_eur=None,
        gap_eur=None,
        document_id="doc",
        amount_id=None,
        superseded_document_ids=(),
        quality_flags=(),
    )


def execution(code: str, year: int, funder: str, rate: float | None) -> ExecutionCell:
    return ExecutionCell(code, year, funder, None, None, rate, "same_rows")


def action(code: str, title: str, funder: str, planned: str, executed: str | None) -> ActionCell:
    return ActionCell(
        department_code=code,
        year=2020,
        measure_code=None,
        action_title=title,
        funder=funder,
        planned_eur=Decimal(planned),
        executed_eur=Decimal(executed) if executed else None,
        carried_over_eur=None,
        execution_rate=None,
        action_refs=(),
        document_ids=("doc",),
        action_key=title,
    )


def warehouse(**marts: list) -> Warehouse:
    return Warehouse(
        documents={},
        department_names={"2A": "Corse-du-Sud", "974": "La Réunion", "59": "Nord"},
        funding=marts.get("funding", []),
        execution=marts.get("execution", []),
        actions=marts.get("actions", []),
        indicators=[],
        amounts={},
        indicator_facts={},
    )


def parsed(fragment: str) -> ET.Element:
    """The ``svg`` element of a chart (the fragment is well-formed XML)."""
    root = ET.fromstring(fragment)
    drawing = root.find("s:svg", NS)
    assert drawing is not None
    return drawing


def bars(drawing: ET.Element) -> list[tuple[ET.Element, str, str | None]]:
    """Each bar, its tooltip and the link around it."""
    found = []
    for link in drawing.iter("{http://www.w3.org/2000/svg}a"):
        for rect in link.findall("s:rect", NS):
            found.append((rect, rect.find("s:title", NS).text, link.get("href")))
    for rect in drawing.findall("s:rect[@class='bar']", NS):
        found.append((rect, rect.find("s:title", NS).text, None))
    return found


def test_nice_ticks_cover_the_top_in_round_steps():
    assert svg.nice_ticks(2_072_000) == [0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]
    assert svg.nice_ticks(1.0) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert svg.nice_ticks(0) == [0.0, 1.0]
    for top in (3, 97, 12_345, 9_999_999):
        ticks = svg.nice_ticks(top)
        assert ticks[0] == 0 and ticks[-1] >= top and 3 <= len(ticks) <= 7


def test_short_amounts_and_rate_colours():
    assert [svg.short_amount(v) for v in (0, 250_000, 1_500_000, 2e9, 800)] == [
        "0",
        "250 k€",
        "1,5 M€",
        "2 Md€",
        "800 €",
    ]
    assert svg.rate_color(0) == "#d73027"
    assert svg.rate_color(1) == svg.rate_color(7) == "#1a9850"
    assert svg.rate_color(-1) == svg.rate_color(0)
    assert svg.rate_color(0.5) == "#fee08b"
    greens = [int(svg.rate_color(s / 10)[3:5], 16) for s in range(6)]  # red to yellow
    assert greens == sorted(greens) and len(set(greens)) == 6


def test_national_bars_are_one_linked_bar_per_figure_with_its_amount():
    cells = [
        funding("974", 2021, "etat", "prevu", "1503000"),
        funding("974", 2021, "etat", "execute", "1626995.14"),
        funding("2A", 2020, "departement", "prevu", "430729.03"),
        funding("2A", 2020, "etat", "prevu", None),  # no figure: no bar
        funding("2A", 2020, "total", "prevu", "90000000"),  # not a series: no bar, no scale
    ]
    drawing = parsed(charts.national_bars(warehouse(funding=cells)))
    found = bars(drawing)
    assert sorted(tip for _, tip, _ in found) == [
        "2A Corse-du-Sud 2020 · Département prévu : 430 729,03 €",
        "974 La Réunion 2021 · État exécuté : 1 626 995,14 €",
        "974 La Réunion 2021 · État prévu : 1 503 000 €",
    ]
    assert {href for _, _, href in found} == {"departement-2A.html", "departement-974.html"}
    heights = {tip.split(" · ")[1]: float(rect.get("height")) for rect, tip, _ in found}
    # the scale is the figures' own (not the total's 90 M€): heights in proportion
    assert heights["État exécuté : 1 626 995,14 €"] / heights["État prévu : 1 503 000 €"] == (
        pytest.approx(1626995.14 / 1503000, rel=0.01)
    )
    assert heights["État exécuté : 1 626 995,14 €"] > 150
    labels = [t.text for t in drawing.iter("{http://www.w3.org/2000/svg}text")]
    assert labels.index("2A Corse-du-Sud 2020") < labels.index("974 La Réunion 2021")  # INSEE order


def test_a_negative_figure_draws_no_bar_but_keeps_its_tooltip():
    cells = [
        funding("59", 2019, "etat", "prevu", "100000"),
        funding("59", 2019, "etat", "execute", "-17000"),
    ]
    found = bars(parsed(charts.national_bars(warehouse(funding=cells))))
    negative = [rect for rect, tip, _ in found if "-17 000 €" in tip]
    assert negative and float(negative[0].get("height")) == 0


def test_no_figures_no_chart():
    assert charts.national_bars(warehouse()) is None
    assert charts.rate_heatmap(warehouse()) is None
    assert charts.department_bars(warehouse(), "59") is None


def test_the_heat_map_colours_each_rate_and_leaves_missing_years_grey():
    cells = [
        execution("59", 2019, "total", None),
        execution("59", 2019, "etat", 0.5),  # the total has none: the State's
        execution("59", 2020, "total", 1.5),
        execution("974", 2021, "departement", 0.0),
    ]
    drawing = parsed(charts.rate_heatmap(warehouse(execution=cells)))
    tips = {tip: rect.get("fill") for rect, tip, _ in bars(drawing)}
    assert tips == {
        "59 Nord 2019 · taux d'exécution : 50,0 %": svg.rate_color(0.5 / 1.5),
        "59 Nord 2020 · taux d'exécution : 150,0 %": "#1a9850",
        "974 La Réunion 2021 · taux d'exécution : 0,0 %": "#d73027",
    }
    cells_text = [t.text for t in drawing.findall("s:text[@class='cell']", NS)]
    assert sorted(cells_text) == ["0,0 %", "150,0 %", "50,0 %"]
    grey = [r for r in drawing.findall("s:rect", NS) if r.get("fill") == "#f1f3f5"]
    assert len(grey) == 3  # 59 in 2021, 974 in 2019 and 2020


def test_department_bars_put_the_largest_action_first_and_escape_titles():
    cells = [
        action("59", "Petite <action> & co", "etat", "1000", None),
        action("59", "Grande action", "etat", "500000", "250000"),
        action("59", "Grande action", "departement", "500000", None),
        action("974", "Ailleurs", "etat", "9", None),
    ]
    drawing = parsed(charts.department_bars(warehouse(actions=cells), "59"))
    labels = [t.text for t in drawing.findall(".//s:text[@class='tick']", NS)]
    assert labels.index("Grande action") < labels.index("Petite <action> & co")
    assert "Ailleurs" not in labels
    tips = [tip for _, tip, _ in bars(drawing)]
    assert "Grande action · Prévu : 1 000 000 €" in tips  # the State's and the département's
    assert "Grande action · Exécuté : 250 000 €" in tips


def test_chart_texts_show_control_and_bidi_characters_as_escapes():
    cells = [action("59", "Action \u202egnp.exe\x1b]0;owned\x07", "etat", "1000", None)]
    drawing = charts.department_bars(warehouse(actions=cells), "59")
    assert "\u202e" not in drawing and "\x1b" not in drawing and "\x07" not in drawing
    assert "\\u202egnp.exe\\x1b]0;owned\\x07" in drawing
