"""Render small test PDFs with reportlab.

A story is a list of items: ``("heading", text)``, ``("paragraph", text)``,
``("spaced paragraph", text)`` (lines set 1.8 apart, as a word processor's
"1.5 lines" spacing does),
``("table", rows)`` where rows are lists of cell strings (``""`` for an empty
cell), or ``("page break", None)``. Tables are real ruled tables (GRID style),
as in the source documents.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

StoryItem = tuple[str, object]

_STYLES = getSampleStyleSheet()
HEADING = ParagraphStyle("heading", parent=_STYLES["Heading1"], fontSize=14, leading=17)
BODY = ParagraphStyle("body", parent=_STYLES["Normal"], fontSize=10, leading=12, spaceAfter=8)
SPACED = ParagraphStyle("spaced", parent=BODY, leading=18, spaceAfter=14)
CELL = ParagraphStyle("cell", parent=_STYLES["Normal"], fontSize=8, leading=10)
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def write_story_pdf(path: Path, story: list[StoryItem], encrypt: str | None = None) -> Path:
    """A PDF of headings, paragraphs and ruled tables; ``encrypt`` is a user password."""
    document = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        encrypt=encrypt,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    document.build([flowable for item in story for flowable in _flowables(item)])
    return path


def _flowables(item: StoryItem) -> list[Flowable]:
    kind, content = item
    if kind == "heading":
        return [Paragraph(escape(str(content)), HEADING)]
    if kind == "paragraph":
        return [Paragraph(escape(str(content)), BODY)]
    if kind == "spaced paragraph":
        return [Paragraph(escape(str(content)), SPACED)]
    if kind == "page break":
        return [PageBreak()]
    rows = [[Paragraph(escape(cell), CELL) if cell else "" for cell in row] for row in content]
    return [
        Table(rows, style=GRID, colWidths=[17 * cm / len(rows[0])] * len(rows[0])),
        Spacer(1, 10),
    ]


def write_image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A scan-like PDF: one grey image per page and no text at all."""
    image = Image.new("RGB", (200, 100), (180, 180, 180))
    canvas = Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        canvas.drawImage(ImageReader(image), 2 * cm, 15 * cm, width=15 * cm, height=7 * cm)
        canvas.showPage()
    canvas.save()
    return path
