"""Tables drawn without rules, found from the alignment of their text.

Many documents set a financial table with tab stops or an invisible grid: no
line is drawn, so pdfplumber's finder (which follows drawn edges) sees
nothing, and the rows would read as prose ("Action 1 Mobilité 10 000 €
5 000 €"), losing the column that says who pays.

A run of consecutive lines, each split by wide gaps (over
``PdfSettings.unruled_column_gap`` character heights, far wider than a space)
into two pieces or more, whose gaps line up into gutters (vertical bands no
character of the run crosses), is a table: its columns lie between the gutters
and each line is a row. It must have ``unruled_min_rows`` lines and a column
of figures, so that a signature block ("Le Préfet        La Présidente") or a
two-column layout is no table.
Lines are given as they stand on the page, top to bottom, with their
characters' boxes; the grid comes back in the shape of pdfplumber's (a box per
row, a box per cell), so that the reader places the cells' text by the same
rules. A page is measured only when its text holds ``unruled_min_rows`` lines
of two figures or more (``may_hold_table``, on the text alone) and, of its
lines that hold a digit, enough are parted by a wide gap with a figure for a
piece to make a column of figures (``may_hold_figure_rows``, on those lines'
characters only): most pages whose prose is full of dates and sums have none.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from calpae.readers.pdf.settings import PdfSettings

Box = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)``, y downwards from the top of the page."""

FIGURE = re.compile(r"^[-–+>]?\s*\d[\d\s.,]*(?:\s*(?:€|k€|K€|%|euros?))?$")
FIGURE_GROUP = re.compile(r"\d+(?:[ \u00a0\u202f.,]\d+)*")


@dataclass(frozen=True)
class Segment:
    x0: float
    x1: float
    text: str


@dataclass(frozen=True)
class LineLayout:
    """One line of the page: its vertical extent and its pieces parted by wide gaps."""

    top: float
    bottom: float
    segments: tuple[Segment, ...]

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Grid:
    bbox: Box
    rows: tuple[tuple[Box, tuple[Box | None, ...]], ...]


def line_layout(chars: list[tuple[str, Box]], settings: PdfSettings) -> LineLayout | None:
    """A line's pieces, from its visible characters' boxes."""
    visible = sorted((c for c in chars if not c[0].isspace()), key=lambda c: c[1][0])
    if not visible:
        return None
    height = max(box[3] - box[1] for _, box in visible) or 1.0
    segments: list[Segment] = []
    text, x0, x1 = visible[0][0], visible[0][1][0], visible[0][1][2]
    for char, box in visible[1:]:
        gap = box[0] - x1
        if gap > settings.unruled_column_gap * height:
            segments.append(Segment(x0, x1, text))
            text, x0 = char, box[0]
        else:
            text += (" " if gap > 0.2 * height else "") + char
        x1 = max(x1, box[2])
    segments.append(Segment(x0, x1, text))
    tops = sorted(box[1] for _, box in visible)
    bottoms = sorted(box[3] for _, box in visible)
    return LineLayout(tops[len(tops) // 2], bottoms[len(bottoms) // 2], tuple(segments))


def unruled_tables(lines: list[LineLayout | None], settings: PdfSettings) -> list[Grid]:
    """The tables among a page's lines (in page-text order)."""
    grids = []
    for run in runs_of_pieces(lines, settings):
        columns = columns_of(run)
        if len(columns) >= 2 and has_figure_column(run, columns, settings):
            grids.append(grid_of(run, columns))
    return grids


def runs_of_pieces(lines: list[LineLayout | None], settings: PdfSettings) -> list[list[LineLayout]]:
    """Runs of ``unruled_min_rows`` consecutive lines or more, each of two
    pieces or more and standing just below the one before."""
    runs: list[list[LineLayout]] = []
    run: list[LineLayout] = []
    for line in lines:
        below = (
            line is not None
            and bool(run)
            and 0 < line.top - run[-1].top <= settings.unruled_max_pitch * max(run[-1].height, 1.0)
        )
        if line is not None and len(line.segments) >= 2 and (below or not run):
            run.append(line)
            continue
        if len(run) >= settings.unruled_min_rows:
            runs.append(run)
        run = [line] if line is not None and len(line.segments) >= 2 else []
    if len(run) >= settings.unruled_min_rows:
        runs.append(run)
    return runs


def columns_of(run: list[LineLayout]) -> list[tuple[float, float]]:
    """The bands between the run's gutters. The rows holding figures set them
    (the x-intervals their pieces cover, merged where they overlap); a piece
    of another row (a header set left over figures set right) widens the band
    it overlaps most, or the nearest."""
    data = [line for line in run if any(FIGURE.match(s.text) for s in line.segments)] or run
    columns = merged(sorted((s.x0, s.x1) for line in data for s in line.segments))
    for line in run:
        if line in data:
            continue
        for s in line.segments:
            overlaps = [min(s.x1, x1) - max(s.x0, x0) for x0, x1 in columns]
            best = max(range(len(columns)), key=lambda j: overlaps[j])
            if overlaps[best] <= 0:
                middle = (s.x0 + s.x1) / 2
                best = min(range(len(columns)), key=lambda j: abs(sum(columns[j]) / 2 - middle))
            x0, x1 = columns[best]
            columns[best] = (min(x0, s.x0), max(x1, s.x1))
    return merged(sorted(columns))


def merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted intervals, those that overlap made one."""
    columns: list[tuple[float, float]] = [spans[0]]
    for x0, x1 in spans[1:]:
        left, right = columns[-1]
        if x0 <= right:
            columns[-1] = (left, max(right, x1))
        else:
            columns.append((x0, x1))
    return columns


def has_figure_column(
    run: list[LineLayout], columns: list[tuple[float, float]], settings: PdfSettings
) -> bool:
    for x0, x1 in columns[1:]:
        figures = sum(
            1
            for line in run
            if any(x0 <= s.x0 and s.x1 <= x1 and FIGURE.match(s.text) for s in line.segments)
        )
        if figures >= settings.unruled_figure_share * len(run):
            return True
    return False


def grid_of(run: list[LineLayout], columns: list[tuple[float, float]]) -> Grid:
    """Rows from line to line (each reaching halfway to its neighbours),
    cells from gutter to gutter."""
    edges = [columns[0][0] - 1.0]
    edges += [(left[1] + right[0]) / 2 for left, right in zip(columns, columns[1:], strict=False)]
    edges.append(columns[-1][1] + 1.0)
    tops = [run[0].top - run[0].height / 2]
    tops += [(a.bottom + b.top) / 2 for a, b in zip(run, run[1:], strict=False)]
    tops.append(run[-1].bottom + run[-1].height / 2)
    rows = []
    for top, bottom in zip(tops, tops[1:], strict=False):
        cells = tuple((x0, top, x1, bottom) for x0, x1 in zip(edges, edges[1:], strict=False))
        rows.append(((edges[0], top, edges[-1], bottom), cells))
    return Grid((edges[0], tops[0], edges[-1], tops[-1]), tuple(rows))


def may_hold_table(lines: list[str], settings: PdfSettings) -> bool:
    """Whether a page is worth measuring: ``unruled_min_rows`` lines holding two
    figures or more (a cheap test on its text, before any character box)."""
    figures = sum(1 for line in lines if len(FIGURE_GROUP.findall(line)) >= 2)
    return figures >= settings.unruled_min_rows


def may_hold_figure_rows(lines: list[list[tuple[str, Box]]], settings: PdfSettings) -> bool:
    """Whether lines (each its characters with their boxes) hold the least a
    column of figures needs (``has_figure_column``): ``unruled_figure_share`` of
    ``unruled_min_rows`` rows, each parted by a wide gap into pieces of which
    one is a figure. A line without such a piece is no row of figures whatever
    the lines around it, so the test is line by line and a page failing it
    holds no table (given its lines as they stand on the page)."""
    needed = math.ceil(settings.unruled_min_rows * settings.unruled_figure_share)
    rows = 0
    for chars in lines:
        layout = line_layout(chars, settings)
        if layout is None or len(layout.segments) < 2:
            continue
        if any(FIGURE.match(segment.text) for segment in layout.segments):
            rows += 1
            if rows >= needed:
                return True
    return rows >= needed
