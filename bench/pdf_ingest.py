"""Benchmark: our PDF reader against pdfplumber's bare text and table extraction.

``render_corpus_pdfs`` turns the corpus text exports (``data/raw/*.txt``) into
PDFs: paragraphs as text, TAB-separated rows as real ruled tables (reportlab
``Table`` with a GRID style, long cells wrapped in a ``Paragraph``), so that
tables run over page breaks as in the source documents. Text is drawn in the
standard PDF fonts (``encodable``), cells are cut at ``MAX_CELL_CHARS`` and a
PDF at ``MAX_PAGES`` pages.

``bench_pdfs`` reads the same files, in one run, with

- pdfplumber alone: ``page.extract_text()`` and ``page.extract_tables()`` on
  every page (the baseline);
- ``read_pdf`` document by document in this process;
- ``read_pdf`` per document in worker processes (``ingest.pool.process_all``);

and reports pages, seconds and pages/s for each, the throughput ratios against
the baseline, and whether the same table cells were recovered (the sets of
non-empty cell texts, white space collapsed, compared).

Run from the repository root: ``python -m bench.pdf_ingest [--workers N] [--max-pages N]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar
from xml.sax.saxutils import escape

import pdfplumber
import pypdfium2 as pdfium
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from calpae.readers.pdf import read_pdf
from calpae.readers.text import read_text_export
from calpae.schemas.ir import Block, Page

RAW_DIR = Path(__file__).resolve().parents[1] / "data" / "raw"
MAX_PAGES = 60
CHARS_PER_PAGE = 3500
"""Rough text capacity of a rendered page, to stop building the story early."""
MAX_CELL_CHARS = 600
"""Longer cells are cut so that a row always fits on a page."""
TABLE_WIDTH = 17 * cm
T = TypeVar("T")

_STYLES = getSampleStyleSheet()
HEADING = ParagraphStyle("bench-heading", parent=_STYLES["Heading2"], fontSize=13, leading=16)
BODY = ParagraphStyle("bench-body", parent=_STYLES["Normal"], fontSize=10, leading=12, spaceAfter=6)
CELL = ParagraphStyle("bench-cell", parent=_STYLES["Normal"], fontSize=7, leading=8.5)
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


# --- rendering the corpus ---------------------------------------------------


def render_corpus_pdfs(
    txt_paths: Iterable[Path], out_dir: Path, max_pages: int = MAX_PAGES
) -> list[Path]:
    """Render each text export to ``out_dir/<stem>.pdf``, at most ``max_pages`` pages."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rendered = []
    for txt_path in txt_paths:
        pdf_path = out_dir / f"{txt_path.stem}.pdf"
        pages = read_text_export(txt_path.read_text(encoding="utf-8"))
        story = story_of(pages, char_budget=max_pages * CHARS_PER_PAGE)
        SimpleDocTemplate(
            str(pdf_path),
            pagesize=A4,
            leftMargin=2 * cm,
            rightMargin=2 * cm,
            topMargin=2 * cm,
            bottomMargin=2 * cm,
        ).build(story)
        keep_first_pages(pdf_path, max_pages)
        rendered.append(pdf_path)
    return rendered


def story_of(pages: list[Page], char_budget: int) -> list[Flowable]:
    """Flowables of the blocks of a read text export, until ``char_budget`` is spent."""
    story: list[Flowable] = []
    spent = 0
    for block in (block for page in pages for block in page.blocks):
        if spent > char_budget:
            break
        story.extend(flowables_of(block))
        spent += len(block.text)
    return story


def flowables_of(block: Block) -> list[Flowable]:
    if block.kind == "table":
        return [table_of(block), Spacer(1, 8)]
    text = "<br/>".join(escape(encodable(line.text)) for line in block.lines if line.text)
    if not text:
        return []
    return [Paragraph(text, HEADING if block.kind == "heading" else BODY)]


def table_of(block: Block) -> Table:
    """A ruled table; ragged rows are padded so every row has all the columns."""
    width = block.n_columns
    rows = [
        [cell_of(text) for text in row.texts] + [""] * (width - len(row.cells))
        for row in block.rows
    ]
    return Table(rows, colWidths=[TABLE_WIDTH / width] * width, style=GRID)


def cell_of(text: str) -> Paragraph | str:
    if not text:
        return ""
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS].rstrip() + "…"
    return Paragraph("<br/>".join(escape(encodable(line)) for line in text.split("\n")), CELL)


def encodable(text: str) -> str:
    """The text with what the standard PDF fonts cannot draw (Greek, arrows) made
    ``?``, and bullets made ``-``: reportlab draws a bullet with code 127, which
    pdfminer cannot decode. pdfminer and pdfium would read such glyphs
    differently, and this benchmark is about tables, not glyph decoding."""
    return text.replace("\u2022", "-").encode("cp1252", "replace").decode("cp1252")


def keep_first_pages(pdf_path: Path, max_pages: int) -> None:
    """Cut a rendered PDF down to its first ``max_pages`` pages, in place."""
    source = pdfium.PdfDocument(pdf_path.read_bytes())
    try:
        if len(source) <= max_pages:
            return
        cut = pdfium.PdfDocument.new()
        cut.import_pages(source, pages=list(range(max_pages)))
        cut.save(str(pdf_path))
        cut.close()
    finally:
        source.close()


# --- measuring ----------------------------------------------------------------


def normalise_cell(text: str | None) -> str:
    return " ".join((text or "").split())


def pdfplumber_baseline(path: Path) -> tuple[int, set[str]]:
    """Pages and table cells of a PDF read with pdfplumber alone, every page."""
    cells: set[str] = set()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            for table in page.extract_tables():
                cells.update(normalise_cell(cell) for row in table for cell in row)
            page.close()
        return len(pdf.pages), cells - {""}


def cells_of(pages: list[Page]) -> set[str]:
    cells = {
        normalise_cell(cell.text)
        for page in pages
        for block in page.blocks
        for row in block.rows
        for cell in row.cells
    }
    return cells - {""}


def timed(run: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


def bench_pdfs(paths: list[Path], workers: int = 2) -> dict:
    """Read ``paths`` with pdfplumber alone, ``read_pdf`` in this process, and
    ``read_pdf`` in ``workers`` processes.

    Returns the figures printed by ``main``: documents, pages, pages holding
    table rows, joined tables spanning pages; per reader seconds, pages/s, the
    throughput ratio to pdfplumber and whether it recovered the same table
    cells, and a few cells found by one side only.
    """
    baseline, baseline_s = timed(lambda: [pdfplumber_baseline(path) for path in paths])
    sequential, sequential_s = timed(lambda: [read_pdf(path.read_bytes()) for path in paths])
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parallel, parallel_s = timed(lambda: list(pool.map(read_pdf_of, paths)))

    n_pages = sum(pages for pages, _ in baseline)
    expected = set().union(*(cells for _, cells in baseline))
    sequential_cells = set().union(*(cells_of(pages) for pages in sequential))
    parallel_cells = set().union(*(cells_of(pages) for pages in parallel))

    def figures(seconds: float, cells: set[str]) -> dict:
        return {
            "seconds": round(seconds, 2),
            "pages_per_s": round(n_pages / seconds, 1),
            "ratio": round(baseline_s / seconds, 2),
            "same_cells": cells == expected,
        }

    return {
        "documents": len(paths),
        "pages": n_pages,
        "table_pages": sum(table_pages(pages) for pages in sequential),
        "tables_over_page_breaks": sum(tables_over_page_breaks(pages) for pages in sequential),
        "pdfplumber": figures(baseline_s, expected),
        "read_pdf": figures(sequential_s, sequential_cells),
        "read_pdf_in_workers": {**figures(parallel_s, parallel_cells), "workers": workers},
        "table_cells": len(expected),
        "cells_missing": sorted(expected - parallel_cells)[:5],
        "cells_extra": sorted(parallel_cells - expected)[:5],
    }


def read_pdf_of(path: Path) -> list[Page]:
    return read_pdf(path.read_bytes())


def table_pages(pages: list[Page]) -> int:
    """Pages holding table rows (a joined table counts on every page it spans)."""
    return len({row.page for page in pages for block in page.blocks for row in block.rows})


def tables_over_page_breaks(pages: list[Page]) -> int:
    return sum(len({row.page for row in block.rows}) > 1 for page in pages for block in page.blocks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-pages", type=int, default=MAX_PAGES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out_dir:
        start = time.perf_counter()
        paths = render_corpus_pdfs(sorted(RAW_DIR.glob("*.txt")), Path(out_dir), args.max_pages)
        print(f"rendered {len(paths)} PDFs in {time.perf_counter() - start:.1f} s")
        print(json.dumps(bench_pdfs(paths, workers=args.workers), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
