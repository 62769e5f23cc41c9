"""Boxes and the frame of a page's text: turned pages.

Coordinates: pdfium boxes are in PDF user space, y upwards; pdfplumber's are y
downwards: ``top = MediaBox height - y``. Boxes here are ``(x0, top, x1,
bottom)`` in pdfplumber's convention, in the frame of the page's text
(``Frame``): a page whose text is turned on the sheet is measured as it reads,
and pdfplumber's grids (the page as displayed) are brought into that frame.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from calpae.readers.pdf.settings import PdfSettings

Box = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)``, y downwards from the top of the page."""


@dataclass(frozen=True)
class Frame:
    """Where a page's text reads left to right and top to bottom. A page may
    hold its text turned (a landscape table set on a portrait page, turned
    back for display by the page's /Rotate): boxes are given in the frame of
    the text, so that lines, columns and wraps are measured as they read.
    ``turn`` is the text's quarter turns, clockwise, in the page's space;
    ``rotation`` the page's /Rotate; ``mediabox`` its space."""

    turn: int = 0
    rotation: int = 0
    mediabox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

    def box(self, left: float, bottom: float, right: float, top: float) -> Box:
        """A rectangle of the page's space (y upwards) in the text's frame."""
        if self.turn == 1:
            return -top, -right, -bottom, -left
        if self.turn == 2:
            return -right, bottom, -left, top
        if self.turn == 3:
            return bottom, left, top, right
        height = self.mediabox[3] - self.mediabox[1]
        return left, height - top, right, height - bottom

    def plumber_box(self, box: Box) -> Box:
        """A box as pdfplumber gives it (the page as displayed, its /Rotate
        applied as pdfminer does, y downwards) in the text's frame."""
        if self.turn == 0 and self.rotation == 0:
            return box
        x0, top, x1, bottom = box
        corners = [self.page_point(x, y) for x in (x0, x1) for y in (top, bottom)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        return self.box(min(xs), min(ys), max(xs), max(ys))

    def page_point(self, x: float, top: float) -> tuple[float, float]:
        """A displayed point (pdfplumber's) back in the page's space (y upwards)."""
        mx0, my0, mx1, my1 = self.mediabox
        sideways = self.rotation in (90, 270)
        shown = (mx1 - mx0) if sideways else (my1 - my0)  # the displayed height
        y = shown - top  # pdfminer's y, upwards
        if self.rotation == 90:
            return mx1 - y, x + my0
        if self.rotation == 180:
            return mx1 - x, my1 - y
        if self.rotation == 270:
            return y + mx0, my1 - x
        return x + mx0, y + my0


def text_turn(textpage: pdfium.PdfTextPage, settings: PdfSettings) -> int:
    """The quarter turns (clockwise) of most of the page's characters."""
    count = pdfium_raw.FPDFText_CountChars(textpage)
    step = max(1, count // settings.turn_sample)
    turns = Counter(
        round(math.degrees(angle) / 90) % 4
        for index in range(0, count, step)
        if (angle := pdfium_raw.FPDFText_GetCharAngle(textpage, index)) >= 0
    )
    return turns.most_common(1)[0][0] if turns else 0
