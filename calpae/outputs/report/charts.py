"""The report's charts, drawn as inline SVG (``svg``): planned against
executed money per département and year, the execution rates' heat map, and
a département's actions. A bar or a cell that leads somewhere is a link (the
département's page); every mark has its figure as a tooltip. No script, no
library: the pages open at once, from the file system, and print."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from calpae.outputs.report import svg
from calpae.outputs.report.data import (
    ActionCell,
    ExecutionCell,
    FundingCell,
    Warehouse,
    department_sort_key,
)
from calpae.outputs.report.formats import euros, measure_label, rate
from calpae.outputs.report.views import department_file

COLORS = {
    "prevu": "#8fb3d9",
    "execute": "#1f5c99",
    "prevu_dep": "#f2b880",
    "execute_dep": "#c4661f",
}
PLOT_HEIGHT = 300
AXIS_WIDTH = 70
GRID = "#e3e8ee"


def to_float(value: Decimal | None) -> float:
    return float(value) if value is not None else 0.0


def value_axis_vertical(
    top: float, left: float, y0: float, width: float
) -> tuple[list[str], float]:
    """Horizontal grid lines and their labels for values 0..``top`` drawn
    upwards from ``y0`` over ``PLOT_HEIGHT``; the scale's top value."""
    ticks = svg.nice_ticks(top)
    scale_top = ticks[-1]
    parts = []
    for tick in ticks:
        y = y0 - PLOT_HEIGHT * tick / scale_top
        parts.append(svg.line(left, y, left + width, y, GRID))
        parts.append(svg.text(left - 6, y + 4, svg.short_amount(tick), "tick", "end"))
    return parts, scale_top


def year_totals(cells: list[FundingCell]) -> dict[tuple[str, int], dict[tuple[str, str], Decimal]]:
    """Per département and year, each (funder, nature) figure of
    ``funding_comparison`` (years are never added together: a plan over
    2019-2021 is not comparable with a year's execution)."""
    totals: dict[tuple[str, int], dict[tuple[str, str], Decimal]] = defaultdict(dict)
    for cell in cells:
        if cell.amount_eur is not None:
            totals[(cell.department_code, cell.year)][(cell.funder, cell.nature)] = cell.amount_eur
    return totals


NATIONAL_SERIES = (
    ("etat", "prevu", "État prévu", COLORS["prevu"]),
    ("etat", "execute", "État exécuté", COLORS["execute"]),
    ("departement", "prevu", "Département prévu", COLORS["prevu_dep"]),
    ("departement", "execute", "Département exécuté", COLORS["execute_dep"]),
)
BAR = 8
GROUP_GAP = 12


def national_bars(warehouse: Warehouse) -> str | None:
    """Planned vs executed per département and year (State and département
    parts), a group of bars each, linking to the département's page."""
    totals = year_totals(warehouse.funding)
    keys = sorted(totals, key=lambda k: (department_sort_key(k[0]), k[1]))
    if not keys:
        return None
    plotted = [(f, n) for f, n, _, _ in NATIONAL_SERIES]
    top = max((to_float(t.get(k)) for t in totals.values() for k in plotted), default=0.0)
    group = BAR * len(NATIONAL_SERIES) + GROUP_GAP
    left, y0 = AXIS_WIDTH, 40 + PLOT_HEIGHT
    width = max(left + group * len(keys) + 20, 640)  # the legend's width at least
    body, scale_top = value_axis_vertical(top, left, y0, group * len(keys))
    body += svg.legend([(name, color) for _, _, name, color in NATIONAL_SERIES], left, 18)
    body.append(svg.text(14, 40 + PLOT_HEIGHT / 2, "€ par année", "tick", "middle", -90))
    for index, (code, year) in enumerate(keys):
        label = f"{code} {warehouse.department_names.get(code, '')} {year}"
        x = left + index * group + GROUP_GAP / 2
        for offset, (funder, nature, name, color) in enumerate(NATIONAL_SERIES):
            value = totals[(code, year)].get((funder, nature))
            if value is None:
                continue
            height = max(PLOT_HEIGHT * to_float(value) / scale_top, 0.0)  # a negative: no bar
            tip = f"{label} · {name} : {euros(value)}"
            body.append(
                svg.bar(
                    x + offset * BAR,
                    y0 - height,
                    BAR - 1,
                    height,
                    color,
                    tip,
                    department_file(code),
                )
            )
        centre = x + BAR * len(NATIONAL_SERIES) / 2
        body.append(svg.text(centre + 4, y0 + 10, label, "tick", "end", -60))
    return svg.svg(
        width,
        y0 + 150,
        body,
        "chart-national-bars",
        "Prévu et exécuté par département et par année",
    )


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


CELL_WIDTH, CELL_HEIGHT, RATE_TOP = 72, 22, 1.5
"""The heat map's cells, and the rate its greenest colour stands for (150 %)."""


def rate_heatmap(warehouse: Warehouse) -> str | None:
    """Heat map of execution rates, département × year (red 0 %, yellow
    75 %, green 150 % and over), each cell linking to the département."""
    rates = execution_rates(warehouse.execution)
    if not rates:
        return None
    codes = [c for c in warehouse.department_codes if any(k[0] == c for k in rates)]
    years = sorted({year for _, year in rates})
    left, top = 220, 30
    body = [
        svg.text(left + CELL_WIDTH * (i + 0.5), top - 10, str(y), "tick", "middle")
        for i, y in enumerate(years)
    ]
    for row, code in enumerate(codes):
        name = f"{code} {warehouse.department_names.get(code, '')}"
        y = top + row * CELL_HEIGHT
        body.append(svg.text(left - 8, y + 15, name, "tick", "end"))
        for column, year in enumerate(years):
            value = rates.get((code, year))
            x = left + column * CELL_WIDTH
            if value is None:
                body.append(svg.rect(x, y, CELL_WIDTH - 2, CELL_HEIGHT - 2, "#f1f3f5"))
                continue
            tip = f"{name} {year} · taux d'exécution : {rate(value)}"
            cell = svg.bar(
                x,
                y,
                CELL_WIDTH - 2,
                CELL_HEIGHT - 2,
                svg.rate_color(value / RATE_TOP),
                tip,
                department_file(code),
            )
            body.append(cell)
            body.append(svg.text(x + CELL_WIDTH / 2 - 1, y + 15, rate(value), "cell", "middle"))
    scale_x = left + CELL_WIDTH * len(years) + 30
    body += rate_scale(scale_x, top)
    height = top + CELL_HEIGHT * len(codes) + 20
    return svg.svg(
        scale_x + 80,
        max(height, top + 140),
        body,
        "chart-rate-heatmap",
        "Taux d'exécution par département et par année",
    )


def rate_scale(x: float, y: float) -> list[str]:
    """The heat map's colour scale, 0 % to 150 %, as a column of steps."""
    parts = []
    steps = 10
    for i in range(steps):
        share = 1 - i / (steps - 1)
        parts.append(svg.rect(x, y + i * 10, 14, 10, svg.rate_color(share)))
    for share, label in ((1.0, "150 %"), (0.5, "75 %"), (0.0, "0 %")):
        parts.append(svg.text(x + 20, y + (1 - share) * (steps - 1) * 10 + 9, label, "tick"))
    return parts


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


LABEL_WIDTH, PLOT_WIDTH, ROW = 340, 560, 30


def department_bars(warehouse: Warehouse, code: str) -> str | None:
    """Planned vs executed per action of a département (all years), a row
    each, the largest first."""
    totals = action_totals([c for c in warehouse.actions if c.department_code == code])
    if not totals:
        return None
    labels = sorted(totals, key=lambda label: (-totals[label][0], -totals[label][1], label))
    top = max(to_float(v) for pair in totals.values() for v in pair)
    ticks = svg.nice_ticks(top)
    scale_top = ticks[-1]
    left, y0 = LABEL_WIDTH, 40
    body = svg.legend([("Prévu", COLORS["prevu"]), ("Exécuté", COLORS["execute"])], left, 18)
    bottom = y0 + ROW * len(labels)
    for tick in ticks:
        x = left + PLOT_WIDTH * tick / scale_top
        body.append(svg.line(x, y0, x, bottom, GRID))
        body.append(svg.text(x, bottom + 16, svg.short_amount(tick), "tick", "middle"))
    body.append(svg.text(left + PLOT_WIDTH / 2, bottom + 36, "€ (toutes années)", "tick", "middle"))
    for row, label in enumerate(labels):
        y = y0 + row * ROW
        short = label if len(label) <= 50 else label[:49] + "…"
        body.append(
            f"<g><title>{svg.escape(label)}</title>"
            + svg.text(left - 8, y + 18, short, "tick", "end")
            + "</g>"
        )
        for index, (name, color) in enumerate(
            (("Prévu", COLORS["prevu"]), ("Exécuté", COLORS["execute"]))
        ):
            value = totals[label][index]
            width = max(PLOT_WIDTH * to_float(value) / scale_top, 0.0)  # a negative: no bar
            tip = f"{label} · {name} : {euros(value)}"
            body.append(svg.bar(left, y + 3 + index * 12, width, 11, color, tip, ""))
    return svg.svg(
        left + PLOT_WIDTH + 40,
        bottom + 50,
        body,
        "chart-department-bars",
        "Prévu et exécuté par action",
    )
