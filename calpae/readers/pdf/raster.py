"""The ruling of a scanned page, found in its image: the long straight dark
lines a table draws, which a scan keeps as pixels, not as PDF paths.

A page is rendered in grey at ``PdfSettings.raster_dpi``; a row of pixels
holding a dark run at least ``raster_min_rule_pt`` long is a horizontal rule
(runs on adjacent rows are one rule), and a column likewise a vertical rule.
Letters are far shorter than a rule. The rules come back as pdfplumber line objects, in
points from the top of the page, for its table finder's "explicit" strategy.
"""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium

from calpae.readers.pdf.settings import PdfSettings

Segment = tuple[float, float, float]  # (position, start, end) in points


def page_rules(
    document: pdfium.PdfDocument, index: int, settings: PdfSettings
) -> tuple[list[dict], list[dict]]:
    """pdfplumber line objects (horizontal, vertical) of a page's drawn rules."""
    page = document[index]
    try:
        image = page.render(scale=settings.raster_dpi / 72, grayscale=True).to_pil().convert("L")
        height = page.get_height()
    finally:
        page.close()
    ink = np.asarray(image) < settings.raster_dark
    scale = 72 / settings.raster_dpi
    horizontal = [line_object(y, x0, x1, "h", height) for y, x0, x1 in rules(ink, scale, settings)]
    vertical = [line_object(x, y0, y1, "v", height) for x, y0, y1 in rules(ink.T, scale, settings)]
    return horizontal, vertical


def rules(ink: np.ndarray, scale: float, settings: PdfSettings) -> list[Segment]:
    """Long dark runs along the rows of ``ink``, merged over adjacent rows."""
    min_run = int(settings.raster_min_rule_pt / scale)
    found: list[tuple[int, int, int]] = []  # (row, start, end) in pixels
    for row in np.nonzero(ink.sum(axis=1) >= min_run)[0]:
        for start, end in runs(ink[row], settings):
            if end - start >= min_run:
                found.append((int(row), start, end))
    merged: list[list[int]] = []  # [first row, last row, start, end]
    for row, start, end in found:
        for rule in merged:
            if row - rule[1] <= 1 and start < rule[3] and end > rule[2]:
                rule[1] = row
                rule[2], rule[3] = min(rule[2], start), max(rule[3], end)
                break
        else:
            merged.append([row, row, start, end])
    return [
        ((first + last + 1) / 2 * scale, start * scale, end * scale)
        for first, last, start, end in merged
    ]


def runs(line: np.ndarray, settings: PdfSettings) -> list[tuple[int, int]]:
    """Dark runs of a row of pixels, bridging gaps of ``raster_max_gap_px`` or less."""
    padded = np.concatenate(([False], line, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    spans = list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))
    bridged: list[tuple[int, int]] = []
    for start, end in spans:
        if bridged and start - bridged[-1][1] <= settings.raster_max_gap_px:
            bridged[-1] = (bridged[-1][0], end)
        else:
            bridged.append((start, end))
    return bridged


def line_object(position: float, start: float, end: float, orientation: str, height: float) -> dict:
    if orientation == "h":
        x0, x1, top, bottom = start, end, position, position
    else:
        x0, x1, top, bottom = position, position, start, end
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "y0": height - bottom,
        "y1": height - top,
    }
