"""Layouts beyond the producer matrix (issue 11): prose in two columns, a
table drawn without rules, pages whose text is turned on the sheet. Each is
a hand-made page printed by Chromium (``tests/producers.py``, cached), read
for the facts a reader takes from it."""

from pathlib import Path

import pytest
from pdf_factory import write_story_pdf
from test_read_pdf import STORY

from calpae.extract.amounts.find import find_amounts
from calpae.readers.pdf import PdfSettings, read_pdf
from calpae.readers.pdf.unruled import LineLayout, line_layout, unruled_tables
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


def layout(*pieces: tuple[float, str], top: float) -> LineLayout | None:
    """A line of characters 5 wide and 10 high, each piece starting at its x."""
    chars = []
    for x, text in pieces:
        for char in text:
            chars.append((char, (x, top, x + 5.0, top + 10.0)))
            x += 5.0
    return line_layout(chars, PdfSettings())


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
