"""Figures of the report, drawn with plotly (its JavaScript is copied once into
``assets/``, so the pages need no network). Each chart is an HTML fragment; a
point's ``customdata`` is the page it leads to (``assets/report.js`` follows it
on click)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import plotly.graph_objects as go
import plotly.offline

from calpae.outputs.report.data import (
    ActionCell,
    ExecutionCell,
    FundingCell,
    Warehouse,
    department_sort_key,
)
from calpae.outputs.report.formats import measure_label
from calpae.outputs.report.views import department_file

PLOTLY_JS = "plotly.min.js"
CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
COLORS = {
    "prevu": "#8fb3d9",
    "execute": "#1f5c99",
    "prevu_dep": "#f2b880",
    "execute_dep": "#c4661f",
}


def write_plotly_js(assets: Path) -> Path:
    """plotly.js, bundled with the Python package, written into ``assets``."""
    path = assets / PLOTLY_JS
    path.write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
    return path


def fragment(figure: go.Figure, div_id: str) -> str:
    """A chart as an HTML ``div`` and the script drawing it (plotly.js loaded apart)."""
    figure.update_layout(
        margin={"l": 60, "r": 20, "t": 30, "b": 60},
        font={"family": "system-ui, sans-serif", "size": 12},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.2},
        separators=", ",
    )
    return figure.to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, config=CONFIG, default_height=420
    )


def to_float(value: Decimal | None) -> float:
    return float(value) if value is not None else 0.0


def year_totals(cells: list[FundingCell]) -> dict[tuple[str, int], dict[tuple[str, str], Decimal]]:
    """Per département and year, each (funder, nature) figure of
    ``funding_comparison`` (years are never added together: a plan over
    2019-2021 is not comparable with a year's execution)."""
    totals: dict[tuple[str, int], dict[tuple[str, str], Decimal]] = defaultdict(dict)
    for cell in cells:
        if cell.amount_eur is not None:
            totals[(cell.department_code, cell.year)][(cell.funder, cell.nature)] = cell.amount_eur
    return totals


def national_bars(warehouse: Warehouse) -> str | None:
    """Planned vs executed per département and year (State and département parts)."""
    totals = year_totals(warehouse.funding)
    keys = sorted(totals, key=lambda k: (department_sort_key(k[0]), k[1]))
    if not keys:
        return None
    labels = [f"{c} {warehouse.department_names.get(c, '')} {y}" for c, y in keys]
    links = [department_file(c) for c, _ in keys]
    figure = go.Figure()
    series = (
        ("etat", "prevu", "État prévu", COLORS["prevu"]),
        ("etat", "execute", "État exécuté", COLORS["execute"]),
        ("departement", "prevu", "Département prévu", COLORS["prevu_dep"]),
        ("departement", "execute", "Département exécuté", COLORS["execute_dep"]),
    )
    for funder, nature, name, color in series:
        values = [totals[k].get((funder, nature)) for k in keys]
        figure.add_bar(
            x=labels,
            y=[to_float(v) if v is not None else None for v in values],
            name=name,
            marker_color=color,
            customdata=links,
            hovertemplate="%{x}<br>" + name + " : %{y:,.0f} €<extra></extra>",
        )
    figure.update_layout(barmode="group", yaxis_title="€ par année")
    return fragment(figure, "chart-national-bars")


RATE_FUNDERS = ("total", "etat", "departement")
"""Whose rate the heat map shows for a département and year: the first that has one."""


def execution_rates(cells: list[ExecutionCell]) -> dict[tuple[str, int], float]:
    """Execution rate per département × year, from ``funding_execution``: only
    where planned and executed cover the same money (the total's rate, else
    the State's, else the département's)."""
    rates: dict[tuple[str, int], float] = {}
    by_funder = {(c.department_code, c.year, c.funder): c for c in cells}
    for code, year in sorted({(c.department_code, c.year) for c in cells}):
        for funder in RATE_FUNDERS:
            cell = by_funder.get((code, year, funder))
            if cell is not None and cell.execution_rate is not None:
                rates[(code, year)] = cell.execution_rate
                break
    return rates


def rate_heatmap(warehouse: Warehouse) -> str | None:
    """Heat map of execution rates, département × year."""
    rates = execution_rates(warehouse.execution)
    if not rates:
        return None
    codes = [c for c in warehouse.department_codes if any(k[0] == c for k in rates)]
    years = sorted({year for _, year in rates})
    z = [[rates.get((c, y)) for y in years] for c in codes]
    text = [["" if v is None else f"{v * 100:.1f} %".replace(".", ",") for v in row] for row in z]
    figure = go.Figure(
        go.Heatmap(
            z=[[None if v is None else v * 100 for v in row] for row in z],
            x=[str(y) for y in years],
            y=[f"{c} {warehouse.department_names.get(c, '')}" for c in codes],
            text=text,
            texttemplate="%{text}",
            customdata=[[department_file(c)] * len(years) for c in codes],
            colorscale="RdYlGn",
            zmin=0,
            zmax=150,
            colorbar={"title": "%"},
            hovertemplate="%{y} %{x}<br>taux : %{text}<extra></extra>",
        )
    )
    figure.update_layout(xaxis_type="category", yaxis_autorange="reversed")
    return fragment(figure, "chart-rate-heatmap")


def action_totals(cells: list[ActionCell]) -> dict[str, tuple[Decimal, Decimal]]:
    """Per action, (planned, executed) over every year: the State and
    département parts, or the total where the action gives no parts."""
    parts: dict[tuple[str, int], list[ActionCell]] = defaultdict(list)
    for cell in cells:
        label = measure_label(cell.measure_code) or cell.action_title or cell.action_key
        parts[(label, cell.year)].append(cell)
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for (label, _), group in parts.items():
        split = [c for c in group if c.funder in ("etat", "departement")]
        chosen = split or [c for c in group if c.funder == "total"]
        for cell in chosen:
            totals[label][0] += cell.planned_eur or Decimal(0)
            totals[label][1] += cell.executed_eur or Decimal(0)
    return {label: (p, e) for label, (p, e) in totals.items()}


def department_bars(warehouse: Warehouse, code: str) -> str | None:
    """Planned vs executed per action of a département (all years)."""
    totals = action_totals([c for c in warehouse.actions if c.department_code == code])
    if not totals:
        return None
    labels = sorted(totals, key=lambda label: (-totals[label][0], -totals[label][1], label))
    short = [label if len(label) <= 50 else label[:49] + "…" for label in labels]
    figure = go.Figure()
    for index, (name, color) in enumerate(
        (("Prévu", COLORS["prevu"]), ("Exécuté", COLORS["execute"]))
    ):
        figure.add_bar(
            y=short,
            x=[to_float(totals[label][index]) for label in labels],
            orientation="h",
            name=name,
            marker_color=color,
            hovertext=labels,
            hovertemplate="%{hovertext}<br>" + name + " : %{x:,.0f} €<extra></extra>",
        )
    figure.update_layout(
        barmode="group",
        xaxis_title="€ (toutes années)",
        yaxis_autorange="reversed",
        height=max(320, 34 * len(labels) + 140),
    )
    figure.update_yaxes(automargin=True)
    return fragment(figure, "chart-department-bars")
