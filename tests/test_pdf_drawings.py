"""pdfium's paths, painted on pdfminer's device (``drawings``), give
pdfplumber the same lines, rectangles, curves, edges and tables as pdfminer
interpreting the page; pages pdfium cannot be trusted on go to pdfminer."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from calpae.readers.pdf import read_pdf
from calpae.readers.pdf import tables as tables_module
from calpae.readers.pdf.cells import visible_per_line
from calpae.readers.pdf.chars import (
    PageText,
    PdfChar,
    _text_and_boxes,
    char_indexes,
    normalise_text,
    text_lines,
    visible_count,
)
from calpae.readers.pdf.drawings import decimal, page_paths
from calpae.readers.pdf.frame import Frame
from calpae.readers.pdf.settings import PdfSettings
from calpae.readers.pdf.tables import DrawingsPage, TablePdf, drawn_paths, find_page_tables

KEYS = (
    "object_type",
    "x0",
    "x1",
    "top",
    "bottom",
    "doctop",
    "width",
    "height",
    "y0",
    "y1",
    "pts",
    "stroke",
    "fill",
    "evenodd",
)
X0, TOP, WIDTH, HEIGHT = 72.0, 700.0, 400.0, 120.0
COLUMNS, ROWS = 4, 3

Draw = Callable[[Canvas], None]


def pdf_of(tmp_path: Path, *pages: Draw, rotate: int = 0) -> bytes:
    path = tmp_path / "drawn.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    for draw in pages:
        if rotate:
            canvas.setPageRotation(rotate)
        draw(canvas)
        canvas.setFont("Helvetica", 9)
        canvas.drawString(X0 + 4, TOP - 14, "Montant 2021")
        canvas.showPage()
    canvas.save()
    return path.read_bytes()


def grid_xs() -> list[float]:
    return [X0 + WIDTH * i / COLUMNS for i in range(COLUMNS + 1)]


def grid_ys() -> list[float]:
    return [TOP - HEIGHT * i / ROWS for i in range(ROWS + 1)]


def grid_of_lines(canvas: Canvas) -> None:
    for x in grid_xs():
        canvas.line(x, TOP, x, TOP - HEIGHT)
    for y in grid_ys():
        canvas.line(X0, y, X0 + WIDTH, y)


def grid_of_rects(canvas: Canvas) -> None:
    canvas.setFillGray(0.9)
    canvas.rect(X0, TOP - HEIGHT / ROWS, WIDTH, HEIGHT / ROWS, stroke=0, fill=1)  # a shaded header
    xs, ys = grid_xs(), grid_ys()
    for left, right in zip(xs, xs[1:], strict=False):
        for upper, lower in zip(ys, ys[1:], strict=False):
            canvas.rect(left, lower, right - left, upper - lower, stroke=1, fill=0)


def grid_of_closed_paths(canvas: Canvas) -> None:
    """Each cell a path of four lines, closed ("m l l l h"), and the whole
    table's frame four lines back to the start, unclosed ("m l l l l")."""
    xs, ys = grid_xs(), grid_ys()
    for left, right in zip(xs, xs[1:], strict=False):
        for upper, lower in zip(ys, ys[1:], strict=False):
            path = canvas.beginPath()
            path.moveTo(left, lower)
            path.lineTo(right, lower)
            path.lineTo(right, upper)
            path.lineTo(left, upper)
            path.close()
            canvas.drawPath(path, stroke=1, fill=0)
    frame = canvas.beginPath()
    frame.moveTo(X0, TOP)
    for x, y in ((X0 + WIDTH, TOP), (X0 + WIDTH, TOP - HEIGHT), (X0, TOP - HEIGHT), (X0, TOP)):
        frame.lineTo(x, y)
    canvas.drawPath(frame, stroke=1, fill=0)


def grid_with_curves(canvas: Canvas) -> None:
    """A ruled table in a rounded frame, a circle, a Bézier and a tilted square."""
    grid_of_lines(canvas)
    canvas.roundRect(X0 - 10, TOP - HEIGHT - 10, WIDTH + 20, HEIGHT + 20, radius=6)
    canvas.circle(300, 300, 40)
    canvas.bezier(100, 100, 150, 200, 250, 50, 300, 150)
    canvas.saveState()
    canvas.translate(400, 200)
    canvas.rotate(30)
    canvas.rect(0, 0, 50, 50)
    canvas.restoreState()


def grid_scaled(canvas: Canvas) -> None:
    """The grid drawn under a scaled and shifted transformation."""
    canvas.saveState()
    canvas.translate(10.5, -20.25)
    canvas.scale(0.75, 0.75)
    grid_of_lines(canvas)
    canvas.restoreState()


def grid_in_form(canvas: Canvas) -> None:
    canvas.beginForm("grid")
    grid_of_lines(canvas)
    canvas.endForm()
    canvas.doForm("grid")


def objects(page: pdfplumber.page.Page) -> list[tuple]:
    return [
        tuple(obj[key] for key in KEYS)
        for kind in ("lines", "rects", "curves")
        for obj in getattr(page, kind)
    ]


def edges(page: pdfplumber.page.Page) -> list[tuple]:
    keys = ("x0", "x1", "top", "bottom", "orientation", "object_type")
    return [tuple(edge[key] for key in keys) for edge in page.edges]


def both_pages(data: bytes, index: int = 0) -> tuple[DrawingsPage, DrawingsPage]:
    """The page read by pdfminer, and by pdfium's paths."""
    pdf = pdfplumber.open(io.BytesIO(data))
    page = pdf.pages[index]
    by_pdfminer = DrawingsPage(pdf, page.page_obj, page.page_number, page.initial_doctop)
    by_pdfium = DrawingsPage(pdf, page.page_obj, page.page_number, page.initial_doctop)
    by_pdfium.paths = drawn_paths(data, [index])[index]
    assert by_pdfium.paths is not None
    return by_pdfminer, by_pdfium


def tables(data: bytes, index: int, pdfium_paths: bool) -> list:
    opener = TablePdf if pdfium_paths else pdfplumber.PDF
    with opener.open(io.BytesIO(data)) as pdf:
        if pdfium_paths:
            pdf.drawings = drawn_paths(data, [index])
        return find_page_tables(pdf, index)


@pytest.mark.parametrize(
    "draw", [grid_of_lines, grid_of_rects, grid_of_closed_paths, grid_with_curves, grid_scaled]
)
@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_pdfium_objects_and_tables_are_pdfminers(tmp_path: Path, draw: Draw, rotate: int) -> None:
    data = pdf_of(tmp_path, draw, rotate=rotate)
    by_pdfminer, by_pdfium = both_pages(data)
    assert objects(by_pdfium) == objects(by_pdfminer)
    assert edges(by_pdfium) == edges(by_pdfminer)
    found = tables(data, 0, pdfium_paths=True)
    assert found == tables(data, 0, pdfium_paths=False)
    assert len(found) == 1
    shape = [len(cells) for _, cells in found[0].rows]
    turned = rotate in (90, 270)  # the table as displayed: its columns are rows
    assert shape == ([ROWS] * COLUMNS if turned else [COLUMNS] * ROWS)


def test_kinds_are_pdfminers(tmp_path: Path) -> None:
    """Lines stay lines, closed four-line paths and ``re`` are rectangles,
    Béziers and tilted squares are curves: as pdfminer classifies them."""
    kinds = {}
    for draw in (grid_of_lines, grid_of_rects, grid_of_closed_paths, grid_with_curves):
        _, by_pdfium = both_pages(pdf_of(tmp_path, draw))
        kinds[draw.__name__] = (
            len(by_pdfium.lines),
            len(by_pdfium.rects),
            len(by_pdfium.curves),
        )
    cells = COLUMNS * ROWS
    assert kinds["grid_of_lines"] == (COLUMNS + ROWS + 2, 0, 0)
    assert kinds["grid_of_rects"] == (0, cells + 1, 0)
    assert kinds["grid_of_closed_paths"] == (0, cells + 1, 0)
    assert kinds["grid_with_curves"][0] == COLUMNS + ROWS + 2
    assert kinds["grid_with_curves"][2] >= 3  # rounded frame, circle, Bézier, tilted square


def test_form_xobject_page_goes_to_pdfminer(tmp_path: Path) -> None:
    """Paths drawn inside a form XObject are not the page's own objects in
    pdfium: the page is read by pdfminer, and its table is still found."""
    data = pdf_of(tmp_path, grid_in_form, grid_of_lines)
    document = pdfium.PdfDocument(data)
    assert page_paths(document[0]) is None
    assert page_paths(document[1]) is not None
    document.close()
    found = tables(data, 0, pdfium_paths=True)
    assert len(found) == 1
    assert [len(cells) for _, cells in found[0].rows] == [COLUMNS] * ROWS
    assert found == tables(data, 1, pdfium_paths=False)


def test_read_pdf_tables_come_from_pdfium(tmp_path: Path, monkeypatch) -> None:
    """``read_pdf`` reads a table page's drawings from pdfium: pdfminer never
    interprets it."""
    data = pdf_of(tmp_path, grid_of_lines)

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("pdfminer interpreted the page")

    monkeypatch.setattr(tables_module.PDFPageInterpreter, "render_contents", forbidden)
    pages = read_pdf(data)
    assert [block.kind for block in pages[0].blocks] == ["table"]


def test_decimal_gives_back_the_written_number() -> None:
    for written in (0.6, 841.92, 0.24, 56.693, -733315.6, 1e-3, 3.0, 0.1):
        single = pdfium_raw.c_float(written).value
        assert single != written or written == 3.0
        assert decimal(single) == written
    # more digits than a single-precision float holds: the shortest equal one
    assert decimal(pdfium_raw.c_float(0.23999999).value) == 0.24


def test_batched_char_indexes_and_boxes_are_the_per_character_ones(tmp_path: Path) -> None:
    """``char_indexes`` (bisection) gives what pdfium gives for each text
    index, and the boxes read in one pass are those read one by one."""
    data = pdf_of(tmp_path, grid_of_lines, grid_of_rects)
    document = pdfium.PdfDocument(data)
    for page in document:
        textpage = page.get_textpage()
        length = len(textpage.get_text_range())
        asked = [
            pdfium_raw.FPDFText_GetCharIndexFromTextIndex(textpage.raw, i)
            for i in range(length + 3)
        ]
        assert char_indexes(textpage.raw, length + 3) == asked
        frame = Frame(0, 0, page.get_mediabox())
        text, read = _text_and_boxes(textpage, frame)
        boxes = [read.box_of(i) for i in range(len(text))]
        # all at once, when a page turns out to need its characters
        assert boxes == [read.every_box()(i) for i in range(len(text))]
        assert any(boxes)
        textpage.close()
    document.close()


@given(st.text(alphabet=st.sampled_from(["a", "é", " ", "\u00a0", "\r", "\n", "\t", "\ufffe"])))
def test_the_page_text_normalised_keeps_each_character_s_index(raw: str) -> None:
    """``normalise_text`` (pdfium's ``\\r\\n`` made ``\\n``, the line-end
    hyphen made "-") and ``visible_count`` agree with their definitions one
    character at a time, whatever the mix of line ends and spaces."""
    kept = [i for i, char in enumerate(raw) if not (char == "\r" and raw[i + 1 : i + 2] == "\n")]
    expected = "".join("\n" if raw[i] == "\r" else raw[i] for i in kept).replace("\ufffe", "-")
    assert normalise_text(raw) == (expected, kept)
    assert visible_count(raw) == sum(not char.isspace() for char in raw)


@given(
    st.text(alphabet=st.sampled_from(["a", "é", " ", "\n", "\t"]), max_size=60),
    st.data(),
)
def test_visible_characters_per_line_are_counted_line_by_line(text: str, data) -> None:
    """``visible_per_line`` (counted between the lines' starts) gives, for
    every line, what counting each character's line (``line_at``) gives,
    whichever of the page's characters were drawn."""
    lines = text_lines(text, lambda offset: None, PdfSettings())
    page = PageText(0, text, lines, has_ruling=True)
    drawn = data.draw(st.sets(st.integers(0, max(len(text) - 1, 0))))
    chars = tuple(
        PdfChar.of(offset, text[offset], (0.0, 0.0, 1.0, 1.0))
        for offset in sorted(drawn)
        if offset < len(text) and text[offset] != "\n"
    )
    expected = Counter(page.line_at(c.offset) for c in chars if not c.text.isspace())
    counted = visible_per_line(page, chars)
    assert {n: k for n, k in counted.items() if k} == expected
    assert set(counted) == {line.number for line in lines}
