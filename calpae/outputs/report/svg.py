"""Drawing primitives for the report's charts: inline SVG written as text,
with no script and no library (a chart is part of its page, opens from the
file system, prints, and its bars are plain links).

Every text placed in a drawing goes through ``escape`` (its control and
bidi characters shown as escapes, as everywhere in the report, then
HTML-escaped); coordinates are rounded to a tenth of a pixel to keep the
markup short.
"""

from __future__ import annotations

import math
from html import escape as html_escape

from calpae.outputs.cells import visible


def escape(text: object) -> str:
    """Text safe inside an SVG element or a quoted attribute: a document's
    title cannot reverse or hide the text around it (``cells.visible``)."""
    return html_escape(visible(str(text)), quote=True)


def px(value: float) -> str:
    """A coordinate, short: ``12``, ``12.5``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round values from 0 to at least ``top`` for an axis (steps of 1, 2, 2.5
    or 5 times a power of ten), about ``count`` of them."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    steps = math.ceil(top / step - 1e-9)
    return [i * step for i in range(steps + 1)]


def short_amount(value: float) -> str:
    """An axis label in euros, French-style: ``0``, ``250 k€``, ``1,5 M€``."""
    if value == 0:
        return "0"
    for size, unit in ((1e9, "Md€"), (1e6, "M€"), (1e3, "k€")):
        if abs(value) >= size:
            scaled = f"{value / size:.2f}".rstrip("0").rstrip(".")
            return f"{scaled.replace('.', ',')} {unit}"
    return f"{value:.0f} €"


RATE_STOPS = ((0.0, (215, 48, 39)), (0.5, (254, 224, 139)), (1.0, (26, 152, 80)))
"""Red, yellow, green: the heat map's scale from 0 % to its top."""


def rate_color(share: float) -> str:
    """The colour of ``share`` (0 to 1, clipped) on ``RATE_STOPS``."""
    share = min(max(share, 0.0), 1.0)
    for (low, low_rgb), (high, high_rgb) in zip(RATE_STOPS, RATE_STOPS[1:], strict=False):
        if share <= high:
            t = (share - low) / (high - low)
            rgb = (round(a + (b - a) * t) for a, b in zip(low_rgb, high_rgb, strict=True))
            return "#" + "".join(f"{c:02x}" for c in rgb)
    return "#" + "".join(f"{c:02x}" for c in RATE_STOPS[-1][1])


def text(x: float, y: float, label: str, css: str = "", anchor: str = "", rotate: float = 0) -> str:
    attributes = f'x="{px(x)}" y="{px(y)}"'
    if css:
        attributes += f' class="{css}"'
    if anchor:
        attributes += f' text-anchor="{anchor}"'
    if rotate:
        attributes += f' transform="rotate({px(rotate)} {px(x)} {px(y)})"'
    return f"<text {attributes}>{escape(label)}</text>"


def rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    """A plain filled rectangle (a legend's square, an empty cell)."""
    return (
        f'<rect x="{px(x)}" y="{px(y)}" width="{px(width)}" height="{px(height)}" fill="{fill}"/>'
    )


def line(x1: float, y1: float, x2: float, y2: float, stroke: str) -> str:
    """A straight line (a grid line)."""
    return f'<line x1="{px(x1)}" y1="{px(y1)}" x2="{px(x2)}" y2="{px(y2)}" stroke="{stroke}"/>'


def bar(x: float, y: float, width: float, height: float, fill: str, tip: str, href: str) -> str:
    """A bar with its tooltip (``title``), a link when ``href``."""
    shape = (
        f'<rect class="bar" x="{px(x)}" y="{px(y)}" width="{px(width)}" height="{px(height)}" '
        f'fill="{fill}"><title>{escape(tip)}</title></rect>'
    )
    return f'<a href="{escape(href)}">{shape}</a>' if href else shape


def legend(entries: list[tuple[str, str]], x: float, y: float) -> list[str]:
    """Coloured squares and their names, in a row from (x, y)."""
    parts = []
    for name, color in entries:
        parts.append(rect(x, y - 10, 12, 12, color))
        parts.append(text(x + 16, y, name, "legend"))
        x += 16 + 7.5 * len(name) + 18
    return parts


def svg(width: float, height: float, body: list[str], chart_id: str, label: str) -> str:
    """The drawing, in a scrolling container named ``chart_id``."""
    return (
        f'<div class="chart-scroll" id="{escape(chart_id)}">'
        f'<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(label)}" width="{px(width)}" height="{px(height)}" '
        f'viewBox="0 0 {px(width)} {px(height)}">' + "".join(body) + "</svg></div>"
    )
