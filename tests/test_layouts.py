"""Layouts beyond the producer matrix (issue 11): prose in two columns, a
table drawn without rules, pages whose text is turned on the sheet. Each is
a hand-made page printed by Chromium (``tests/producers.py``, cached), read
for the facts a reader takes from it."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_factory import write_story_pdf
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table
from test_read_pdf import STORY

from calpae.extract.amounts.find import find_amounts
from calpae.readers.pdf import PdfSettings, read_pdf
from calpae.readers.pdf.document import read_pages
from calpae.readers.pdf.frame import Box
from calpae.readers.pdf.tables import may_hold_unruled_table
from calpae.readers.pdf.unruled import (
    LineLayout,
    line_layout,
    may_hold_figure_rows,
    unruled_tables,
)
from tests.producers import layout_pdf, turn_pages


def pdf(name: str, turned: bool = False) -> Path:
    path = layout_pdf(name, turned)
    if path is None:
        pytest.skip("Chromium is not installed and the layout is not cached")
    return path


def amounts_in(path: Path) -> list[tuple[str, int | None, str]]:
    blocks = [block for page in read_pdf(path.read_bytes()) for block in page.blocks]
    found = find_amounts(blocks, "convention", 2021)
    return [(a.funder, a.year, str(a.value)) for a in found.amounts]


@pytest.mark.parametrize("turned", [False, True])
def test_two_columns_of_prose_read_column_after_column(turned):
    pages = read_pdf(pdf("two_columns", turned).read_bytes())
    paragraphs = [b.text for b in pages[0].blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 2
    assert "250 000 €" in paragraphs[0] and "180 000 €" in paragraphs[1]
    assert amounts_in(pdf("two_columns", turned)) == [
        ("etat", 2021, "250000.00"),
        ("departement", 2021, "180000.00"),
    ]


@pytest.mark.parametrize("turned", [False, True])
def test_a_table_without_rules_is_read_by_its_columns(turned):
    pages = read_pdf(pdf("unruled", turned).read_bytes())
    (table,) = [b for b in pages[0].blocks if b.kind == "table"]
    assert [row.texts for row in table.rows] == [
        ["Actions", "Part Etat 2021", "Part Département 2021"],
        ["Action 1 Mobilité des jeunes", "10 000 €", "5 000 €"],
        ["Action 2 Logement accompagné", "20 000 €", "15 000 €"],
        ["Action 3 Premier accueil social", "12 500 €", "12 500 €"],
        ["Total", "42 500 €", "32 500 €"],
    ]
    assert amounts_in(pdf("unruled", turned)) == [
        ("etat", 2021, "10000.00"),
        ("departement", 2021, "5000.00"),
        ("etat", 2021, "20000.00"),
        ("departement", 2021, "15000.00"),
        ("etat", 2021, "12500.00"),
        ("departement", 2021, "12500.00"),
        ("etat", 2021, "42500.00"),
        ("departement", 2021, "32500.00"),
    ]
    prose = " ".join(b.text for b in pages[0].blocks if b.kind != "table")
    assert "10 000" not in prose


def test_a_ruled_table_on_a_turned_page_reads_as_upright(tmp_path):
    upright = write_story_pdf(tmp_path / "story.pdf", STORY)
    turned = tmp_path / "turned.pdf"
    turned.write_bytes(upright.read_bytes())
    turn_pages(turned)

    def blocks(path: Path) -> list[tuple[str, object]]:
        (page,) = read_pdf(path.read_bytes())
        return [
            (b.kind, [r.texts for r in b.rows] if b.kind == "table" else b.text)
            for b in page.blocks
        ]

    assert blocks(turned) == blocks(upright)


def layout(*parts: tuple[float, str], top: float) -> LineLayout | None:
    """A line of characters 5 wide and 10 high, each piece starting at its x."""
    return line_layout(pieces(*parts, top=top), PdfSettings())


def test_aligned_lines_without_figures_are_no_table():
    """A signature block, or prose set in two columns, lines up too: without
    a column of figures it stays prose."""
    signatures = [
        layout((20, "Le Préfet"), (300, "La Présidente"), top=100),
        layout((20, "de la région"), (300, "du Conseil"), top=112),
        layout((20, "Pierre Martin"), (300, "Anne Durand"), top=124),
    ]
    assert unruled_tables(signatures, PdfSettings()) == []
    table = [
        layout((20, "Actions"), (300, "Part Etat"), top=100),
        layout((20, "Mobilité"), (300, "10 000 €"), top=112),
        layout((20, "Logement"), (300, "20 000 €"), top=124),
    ]
    (grid,) = unruled_tables(table, PdfSettings())
    assert len(grid.rows) == 3 and all(len(cells) == 2 for _, cells in grid.rows)
    assert unruled_tables(table[:2], PdfSettings()) == []  # two lines: too few to tell


def pieces(*parts: tuple[float, str], top: float) -> list[tuple[str, Box]]:
    """A line's characters, 5 wide and 10 high, each piece starting at its x."""
    chars = []
    for x, text in parts:
        for char in text:
            chars.append((char, (x, top, x + 5.0, top + 10.0)))
            x += 5.0
    return chars


def test_prose_full_of_dates_and_sums_holds_no_rows_of_figures():
    """The test a page passes before its characters are read for a table
    without rules: lines parted by a wide gap, with a figure for a piece. Prose
    (one piece a line, however many figures) and a signature block (wide gaps,
    no figure) fail it; two rows of a financial table pass it, one does not."""
    prose = [
        pieces((20, "votée le 12 avril 2019 par 34 élus pour 82 400 € en 2020"), top=100),
        pieces((20, "transmis au préfet de la Somme avant le 15 juin 2022, 7 actions"), top=112),
        pieces((20, "Solde au 30/06/2021 : 48 215 €"), top=124),
    ]
    signatures = [
        pieces((20, "Le Préfet"), (300, "La Présidente"), top=100),
        pieces((20, "Pierre Martin"), (300, "Anne Durand"), top=112),
    ]
    rows = [
        pieces((20, "Mobilité"), (300, "10 000 €"), (400, "5 000 €"), top=100),
        pieces((20, "Logement"), (300, "20 000 €"), (400, "15 000 €"), top=112),
    ]
    settings = PdfSettings()
    assert not may_hold_figure_rows(prose, settings)
    assert not may_hold_figure_rows(signatures + prose, settings)
    assert not may_hold_figure_rows(prose + rows[:1], settings)
    assert may_hold_figure_rows(prose + rows, settings)


WORDS = ["Action", "Mobilité des jeunes", "Part Etat", "10 000 €", "2021", "38 %", "Total", "5"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(WORDS), st.integers(0, 60)), min_size=1, max_size=4),
        min_size=1,
        max_size=7,
    )
)
def test_a_page_failing_the_test_holds_no_table_without_rules(lines):
    """The test reads fewer characters, never fewer tables: whenever lines
    (pieces set at random gaps, words and figures) make a table without rules,
    they pass it."""
    chars = []
    for row, line in enumerate(lines):
        x, parts = 20.0, []
        for text, gap in line:
            x += gap
            parts.append((x, text))
            x += 5.0 * len(text)
        chars.append(pieces(*parts, top=100.0 + 12 * row))
    page_settings = PdfSettings()
    layouts = [line_layout(line, page_settings) for line in chars]
    if unruled_tables(layouts, page_settings):
        assert may_hold_figure_rows(chars, page_settings)


def unruled_story_pdf(path: Path) -> Path:
    """A page of prose full of dates and sums, then a page with a table set
    without rules (reportlab's table, no style: no line drawn)."""
    dated = (
        "Le 21 février 2019, le Département a signé la convention pour 2019 et 2020. "
        "Au 31 décembre 2020, 430 jeunes de 18 à 25 ans ont été accompagnés, 110 de plus "
        "qu'au 1er janvier 2020, pour 155 000 € et 35 700 € engagés. "
    )
    body = getSampleStyleSheet()["Normal"]
    table = Table(
        [
            ["Actions", "Part Etat 2021", "Part Département 2021"],
            ["Action 1 Mobilité", "10 000 €", "5 000 €"],
            ["Action 2 Logement", "20 000 €", "15 000 €"],
            ["Total", "30 000 €", "20 000 €"],
        ],
        colWidths=[6 * cm, 4 * cm, 5 * cm],
    )
    document = SimpleDocTemplate(str(path), pagesize=A4)
    document.build([Paragraph(dated * 6, body), PageBreak(), table])
    return path


def test_only_a_page_with_rows_of_figures_has_its_characters_read(tmp_path):
    """Prose whose lines hold two figures and more passes the text test but
    not the gaps: its characters stay unread. The table without rules on the
    next page is read by its columns."""
    data = unruled_story_pdf(tmp_path / "dated.pdf").read_bytes()
    prose, table_page = read_pages(data, PdfSettings())
    assert may_hold_unruled_table(prose, {}, PdfSettings())  # the text test
    assert prose.chars == ()
    assert table_page.chars
    pages = read_pdf(data)
    (table,) = [b for b in pages[1].blocks if b.kind == "table"]
    assert [row.texts for row in table.rows][1] == ["Action 1 Mobilité", "10 000 €", "5 000 €"]
    assert not [b for b in pages[0].blocks if b.kind == "table"]
