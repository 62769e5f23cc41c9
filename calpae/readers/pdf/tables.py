"""Finding a page's tables: pdfplumber's table finder on the page's drawings or
on the rules of its image, and tables drawn without rules.

- Only a page that draws ruling (``drawings.has_ruling``) goes to pdfplumber's
  table finder (default settings, ``find_page_tables``). Its "lines" finder
  reads the page's drawings only (``DrawingsPage``): pdfium's path objects,
  painted on pdfminer's device (``drawings``), or, on a page whose pdfium
  reading cannot be trusted (form XObjects, odd paths), pdfminer interpreting
  the page with its text operators skipped.
- A scanned page's rules are found in its image (``raster``) and given to the
  finder's "explicit" strategy (``scanned_rules``).
- A page without rules whose text holds rows of figures, parted by wide gaps
  (``has_figure_rows``), is measured for tables drawn without rules
  (``unruled``).

A table comes back as a ``TableGrid`` (its box, its rows' and cells' boxes),
in the frame of the page's text (``in_frame``); its cells are filled from the
page's characters by ``cells``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pdfplumber
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTPage
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdevice import PDFTextSeq
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFTextState

from calpae.readers.errors import UnreadableDocument
from calpae.readers.pdf.chars import PageText, visual_lines
from calpae.readers.pdf.drawings import PaintedPath, drawings_layout, page_paths
from calpae.readers.pdf.frame import Box, Frame
from calpae.readers.pdf.opening import open_document
from calpae.readers.pdf.settings import PdfSettings
from calpae.readers.pdf.unruled import (
    line_layout,
    may_hold_figure_rows,
    may_hold_table,
    unruled_tables,
)

DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class TableGrid:
    """A table found by pdfplumber: its box, and per row its box and cell boxes
    (``None`` where a merged cell spans the column)."""

    bbox: Box
    rows: tuple[tuple[Box, tuple[Box | None, ...]], ...]


class _DrawingsOnlyDevice(PDFPageAggregator):
    """A pdfminer device that skips text: the table finder only needs drawings."""

    def render_string(
        self,
        textstate: PDFTextState,
        seq: PDFTextSeq,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> None:
        return None


class DrawingsPage(pdfplumber.page.Page):
    """A pdfplumber page holding its lines, rectangles and curves only.

    pdfminer building an object per character is what makes pdfplumber slow;
    the characters come from pdfium instead (``cells.place_tables``). The
    drawings come from pdfium's paths when given (``drawings``: pdfminer's
    device still classifies them, without interpreting the content stream),
    else from pdfminer interpreting the page with its text operators skipped.
    """

    paths: list[PaintedPath] | None = None

    @property
    def layout(self) -> LTPage:
        if not hasattr(self, "_layout"):
            if self.paths is not None:
                self._layout = drawings_layout(
                    self.pdf.rsrcmgr, self.page_obj, self.page_number, self.paths, self.pdf.laparams
                )
                return self._layout
            device = _DrawingsOnlyDevice(
                self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams
            )
            PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
            self._layout = device.get_result()
        return self._layout


class TablePdf(pdfplumber.PDF):
    """A pdfplumber document that carries, per page, the painted paths pdfium
    read (``drawings.page_paths``; ``None`` for a page pdfminer must read)."""

    drawings: dict[int, list[PaintedPath] | None]


def find_tables(
    data: bytes,
    indexes: list[int],
    rules: dict[int, tuple[list[dict], list[dict]]] | None = None,
    drawings: dict[int, list[PaintedPath] | None] | None = None,
) -> dict[int, list[TableGrid]]:
    """Tables of the pages at ``indexes`` (0-based); no other page is parsed.
    A page with ``rules`` (found in its image) is read by those rules; the
    others by their painted paths, ``drawings`` when given (read with the
    page's text), else read here."""
    if not indexes:
        return {}
    rules = rules or {}
    if drawings is None:
        drawings = drawn_paths(data, [index for index in indexes if index not in rules])
    try:
        with TablePdf.open(io.BytesIO(data)) as pdf:
            pdf.drawings = drawings
            return {index: find_page_tables(pdf, index, rules.get(index)) for index in indexes}
    except UnreadableDocument:
        raise
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds
        raise UnreadableDocument(f"corrupt PDF for the table finder: {error}") from error


def drawn_paths(data: bytes, indexes: list[int]) -> dict[int, list[PaintedPath] | None]:
    """The painted paths of the pages at ``indexes``, read by pdfium
    (``drawings.page_paths``); ``None`` for a page pdfminer must read."""
    if not indexes:
        return {}
    document = open_document(data)
    try:
        paths = {}
        for index in indexes:
            page = document[index]
            try:
                paths[index] = page_paths(page)
            finally:
                page.close()
        return paths
    finally:
        document.close()


def find_page_tables(
    pdf: pdfplumber.PDF, index: int, rules: tuple[list[dict], list[dict]] | None = None
) -> list[TableGrid]:
    """pdfplumber's table finder on the page's drawings (default settings):
    pdfium's paths when ``pdf`` carries them (``TablePdf``), else pdfminer's
    reading of the page; or on the rules of its image (the "explicit"
    strategy)."""
    plumber_page = pdf.pages[index]
    page = DrawingsPage(
        pdf, plumber_page.page_obj, plumber_page.page_number, plumber_page.initial_doctop
    )
    if isinstance(pdf, TablePdf):
        page.paths = pdf.drawings.get(index)
    settings = {}
    if rules:
        settings = {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_horizontal_lines": rules[0],
            "explicit_vertical_lines": rules[1],
        }
    try:
        return [
            TableGrid(table.bbox, tuple((row.bbox, tuple(row.cells)) for row in table.rows))
            for table in page.find_tables(settings)
        ]
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds
        raise UnreadableDocument(f"table finder failed on page {index + 1}: {error}") from error
    finally:
        page.close()
        plumber_page.close()


def in_frame(grid: TableGrid, frame: Frame) -> TableGrid:
    """pdfplumber's grid in the frame of the page's text."""
    if frame.turn == 0:
        return grid

    def turned(box: Box | None) -> Box | None:
        return None if box is None else frame.plumber_box(box)

    rows = tuple((turned(box), tuple(turned(cell) for cell in cells)) for box, cells in grid.rows)
    return TableGrid(frame.plumber_box(grid.bbox), rows)  # type: ignore[arg-type]


def scanned_rules(
    data: bytes, indexes: list[int], settings: PdfSettings
) -> dict[int, tuple[list[dict], list[dict]]]:
    """The rules drawn in the images of scanned pages (``raster``), for
    the pages that have two horizontal ones and two vertical ones at least
    (fewer make no cell: pdfplumber refuses them)."""
    if not indexes:
        return {}
    from calpae.readers.pdf.raster import page_rules  # numpy, for scans only

    document = open_document(data)
    try:
        found = {index: page_rules(document, index, settings) for index in indexes}
    finally:
        document.close()
    return {
        index: lines for index, lines in found.items() if len(lines[0]) >= 2 and len(lines[1]) >= 2
    }


def may_hold_unruled_table(page: PageText, rules: dict, settings: PdfSettings) -> bool:
    """A page without drawn rules (nor rules in its image) whose text holds
    rows of figures."""
    if page.has_ruling or page.index in rules or page.is_scan(settings):
        return False
    return may_hold_table([line.raw for line in page.lines], settings)


def has_figure_rows(
    page: PageText, box_of: Callable[[int], Box | None], settings: PdfSettings
) -> bool:
    """Whether a page that may hold a table without rules (its text) has the
    rows of figures one needs (``may_hold_figure_rows``), measured on the
    characters of its lines that hold a digit (``box_of`` an offset of the
    page text): a figure has one. A page whose text is turned is measured
    whole: pdfium's lines may run across its rows."""
    if page.frame.turn:
        return True
    lines = [
        [
            (char, box)
            for i, char in enumerate(line.raw)
            if not char.isspace() and (box := box_of(line.start + i)) is not None
        ]
        for line in page.lines
        if DIGIT.search(line.raw)
    ]
    return may_hold_figure_rows(lines, settings)


def unruled_grids(page: PageText, settings: PdfSettings) -> list[TableGrid]:
    """The page's tables drawn without rules (``unruled_tables``), over its
    lines as they stand on the page (pdfium's own lines may run across rows
    when the text is turned)."""
    layouts = [
        line_layout([(c.text, c.box) for c in line], settings)
        for line in visual_lines(page.chars, settings)
    ]
    return [TableGrid(grid.bbox, grid.rows) for grid in unruled_tables(layouts, settings)]
