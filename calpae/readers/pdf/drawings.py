"""A page's drawings read by pdfium, for pdfplumber's table finder.

pdfplumber's "lines" table finder reads a page's lines, rectangles and curves
only. pdfminer makes them by interpreting the page's whole content stream in
Python (its parser is most of the cost of a table page); pdfium has already
parsed the page, and keeps each painted path as a path object: its points
(``FPDFPath_GetPathSegment``), the transformation in force when it was painted
(``FPDFPageObj_GetMatrix``) and how it was painted (``FPDFPath_GetDrawMode``).

This module gives those paths back in pdfminer's terms (the path operators
``m``, ``l``, ``c``, ``h`` and the matrix) and paints them on pdfminer's own
device (``drawings_layout``): pdfminer's ``paint_path`` still decides what is
a line, a rectangle or a curve, and pdfplumber still turns its objects into
the dicts its table finder reads. Only the parsing of the content stream is
pdfium's.

What pdfium keeps of a path differs from the operators in a few known ways,
each undone here:

- ``h`` (close) is no operator of its own: pdfium adds a line back to the
  start flagged "close", or flags the last point when it already is the start;
  either way it is written back as a line to the start and ``h``, which
  pdfminer reads the same as the original (it drops a line to the start just
  before ``h``);
- ``re`` is a move, four lines, the last one back to the start, closed: what
  pdfminer makes of ``re`` too;
- a Bézier segment is three points (``v`` and ``y`` included): one ``c``;
- numbers are single-precision floats: each is given back as the shortest
  decimal that rounds to it, which is the number written in the content
  stream whenever that had at most six significant digits. A number written
  with more, and a transformation pdfium multiplied out of several ``cm``
  (pdfminer multiplies them in double precision), come back a little off:
  coordinates then differ from pdfminer's in their last digits (0.0013 pt at
  most on the pages compared: Chromium's, whose page matrix is
  ``.23999999``), never enough to change a table's cells.

The page is read by pdfminer instead (``page_paths`` gives ``None``) when
pdfium's reading cannot be trusted to be what pdfminer would see:

- the page draws form XObjects (``FPDF_PAGEOBJ_FORM``): pdfminer draws their
  paths too, inside a figure, under the form's matrix and clip, and their
  objects are not the page's own;
- a page object of a type pdfium does not know;
- a path pdfium could not read, one that does not start with a move, or one
  closed anywhere but at the end of a subpath (pdfminer would keep points
  pdfium merged).

Known difference left: pdfminer ignores the obsolete fill operator ``F``
(and keeps its path for the next painting operator); pdfium fills with it.
No producer met so far writes it.

Whether a page is worth the table finder at all is told by its straight path
segments (``has_ruling``): at least ``PdfSettings.ruling_min_segments`` (lines,
rectangles). Bezier-only drawings (logos) do not count. The test is generous:
a false positive only costs time.
"""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTPage
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import Matrix, PathSegment, mult_matrix

from calpae.readers.pdf.settings import PdfSettings

MAX_DIGITS = 9
"""Significant digits that always give a single-precision float back."""


@dataclass(frozen=True)
class PaintedPath:
    """A path as a content stream paints it: its operators in the path's own
    space, the transformation in force (the CTM, in the page's user space),
    and the painting operator's flags."""

    segments: tuple[PathSegment, ...]
    matrix: Matrix
    stroke: bool
    fill: bool
    evenodd: bool
    linewidth: float


def page_paths(page: pdfium.PdfPage) -> list[PaintedPath] | None:
    """The page's painted paths in drawing order, or ``None`` when the page
    must be read by pdfminer (see the module's doc)."""
    paths = []
    for index in range(pdfium_raw.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_raw.FPDFPage_GetObject(page.raw, index)
        kind = pdfium_raw.FPDFPageObj_GetType(obj)
        if kind in (pdfium_raw.FPDF_PAGEOBJ_FORM, pdfium_raw.FPDF_PAGEOBJ_UNKNOWN):
            return None
        if kind != pdfium_raw.FPDF_PAGEOBJ_PATH:
            continue
        path = painted_path(obj)
        if path is None:
            return None
        if path.segments:
            paths.append(path)
    return paths


def painted_path(obj: pdfium_raw.FPDF_PAGEOBJECT) -> PaintedPath | None:
    """One pdfium path object in pdfminer's terms; ``None`` if it cannot be read."""
    segments = path_segments(obj)
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    matrix = pdfium_raw.FS_MATRIX()
    width = ctypes.c_float()
    if (
        segments is None
        or not pdfium_raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        or not pdfium_raw.FPDFPageObj_GetMatrix(obj, matrix)
        or not pdfium_raw.FPDFPageObj_GetStrokeWidth(obj, width)
    ):
        return None
    return PaintedPath(
        segments=segments,
        matrix=tuple(
            decimal(v) for v in (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        ),  # type: ignore[arg-type]
        stroke=bool(stroke.value),
        fill=fill_mode.value != pdfium_raw.FPDF_FILLMODE_NONE,
        evenodd=fill_mode.value == pdfium_raw.FPDF_FILLMODE_ALTERNATE,
        linewidth=decimal(width.value),
    )


def path_segments(obj: pdfium_raw.FPDF_PAGEOBJECT) -> tuple[PathSegment, ...] | None:
    """The path's operators, as pdfminer would have collected them from the
    content stream; ``None`` for a path that does not read as expected."""
    points = path_points(obj)
    if points is None or (points and points[0][0] != pdfium_raw.FPDF_SEGMENT_MOVETO):
        return None
    segments: list[PathSegment] = []
    start = (0.0, 0.0)
    bezier: list[float] = []
    for i, (kind, x, y, close) in enumerate(points):
        last_of_subpath = i + 1 == len(points) or points[i + 1][0] == pdfium_raw.FPDF_SEGMENT_MOVETO
        if close and not last_of_subpath:
            return None  # a subpath going on after a close: pdfminer keeps points pdfium merged
        if kind == pdfium_raw.FPDF_SEGMENT_MOVETO:
            start = (x, y)
            segments.append(("m", x, y))
        elif kind == pdfium_raw.FPDF_SEGMENT_LINETO:
            # a closing line is always back to the start: written as such, then "h"
            segments.append(("l", *start) if close else ("l", x, y))
        elif kind == pdfium_raw.FPDF_SEGMENT_BEZIERTO:
            bezier += (x, y)
            if len(bezier) < 6:
                if close:
                    return None
                continue
            segments.append(("c", *bezier))
            bezier = []
        else:
            return None
        if close:
            segments.append(("h",))
    return None if bezier else tuple(segments)


def path_points(obj: pdfium_raw.FPDF_PAGEOBJECT) -> list[tuple[int, float, float, bool]] | None:
    """The path's points: type, x, y (shortest decimals) and close flag."""
    count = pdfium_raw.FPDFPath_CountSegments(obj)
    if count < 0:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    points = []
    for index in range(count):
        segment = pdfium_raw.FPDFPath_GetPathSegment(obj, index)
        if not segment or not pdfium_raw.FPDFPathSegment_GetPoint(segment, x, y):
            return None
        points.append(
            (
                pdfium_raw.FPDFPathSegment_GetType(segment),
                decimal(x.value),
                decimal(y.value),
                bool(pdfium_raw.FPDFPathSegment_GetClose(segment)),
            )
        )
    return points


@lru_cache(maxsize=65536)
def decimal(value: float) -> float:
    """The shortest decimal that rounds to the single-precision ``value``: the
    number the content stream most likely wrote (pdfminer reads it in double
    precision)."""
    for digits in range(1, MAX_DIGITS):
        candidate = float(f"{value:.{digits}g}")
        if single(candidate) == value:
            return candidate
    return value


def single(value: float) -> float:
    """``value`` rounded to single precision."""
    return struct.unpack("f", struct.pack("f", value))[0]


# --- painting them on pdfminer's device -----------------------------------------


class _PathsInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter, painting the given paths instead of
    interpreting the page's content stream: the page's own transformation
    (its /Rotate and MediaBox) is still pdfminer's (``process_page``)."""

    def __init__(
        self, rsrcmgr: PDFResourceManager, device: PDFPageAggregator, paths: list[PaintedPath]
    ) -> None:
        super().__init__(rsrcmgr, device)
        self.paths = paths

    def render_contents(
        self,
        resources: dict[object, object],
        streams: Sequence[object],
        ctm: Matrix = (1, 0, 0, 1, 0, 0),
    ) -> None:
        for path in self.paths:
            state = PDFGraphicState()
            state.linewidth = path.linewidth
            self.device.set_ctm(mult_matrix(path.matrix, ctm))
            self.device.paint_path(state, path.stroke, path.fill, path.evenodd, list(path.segments))


def drawings_layout(
    rsrcmgr: PDFResourceManager,
    page: PDFPage,
    pageno: int,
    paths: list[PaintedPath],
    laparams: LAParams | None = None,
) -> LTPage:
    """The pdfminer layout of a page holding only its drawings, from pdfium's paths."""
    device = PDFPageAggregator(rsrcmgr, pageno=pageno, laparams=laparams)
    _PathsInterpreter(rsrcmgr, device, paths).process_page(page)
    return device.get_result()


def has_ruling(page: pdfium.PdfPage, settings: PdfSettings) -> bool:
    """Whether the page draws enough straight segments to hold a ruled table."""
    segments = 0
    for path in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_PATH,)):
        segments += straight_segments(path)
        if segments >= settings.ruling_min_segments:
            return True
    return False


def straight_segments(path: pdfium.PdfObject) -> int:
    count = pdfium_raw.FPDFPath_CountSegments(path.raw)
    return sum(
        pdfium_raw.FPDFPathSegment_GetType(pdfium_raw.FPDFPath_GetPathSegment(path.raw, i))
        == pdfium_raw.FPDF_SEGMENT_LINETO
        for i in range(max(count, 0))
    )
