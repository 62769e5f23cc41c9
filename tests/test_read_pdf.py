"""PDF reader: blocks, tables tied to the page text, table pages only, errors, batches."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from pdf_factory import write_image_only_pdf, write_story_pdf

from calpae.readers.errors import NeedsOCR, UnreadableDocument
from calpae.readers.pdf import PdfSettings, read_pdf
from calpae.readers.pdf import tables as tables_module
from calpae.schemas.ir import Block, Page

HEADER = ["Action", "Montant 2019", "Commentaire"]
ROWS = [
    HEADER,
    ["Action 1-1 Prévenir les sorties", "97 000 €", ""],
    ["Action 2-2 Référent de parcours", "12 k€", "Reconduite"],
]
LONG_CELL = (
    "Action 3-1 Nouveau modèle du service public de l'insertion, avec une "
    "orientation de l'ensemble des bénéficiaires du RSA en moins d'un mois"
)
STORY = [
    ("heading", "ARTICLE 2 – ENGAGEMENTS FINANCIERS"),
    ("paragraph", "Le Département s'engage à mettre en œuvre les actions suivantes."),
    ("paragraph", "Le tableau ci-dessous détaille les montants prévus pour 2019."),
    ("table", [*ROWS, [LONG_CELL, "5 000 €", "Nouvelle"]]),
    ("paragraph", "Les crédits non consommés seront reversés à l'État."),
]


def squash(text: str) -> str:
    return " ".join(text.split())


def only_table(pages: list[Page]) -> Block:
    tables = [block for page in pages for block in page.blocks if block.kind == "table"]
    assert len(tables) == 1
    return tables[0]


@pytest.fixture(scope="module")
def story_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_story_pdf(tmp_path_factory.mktemp("pdf") / "story.pdf", STORY)


def test_heading_paragraphs_and_ruled_table(story_pdf: Path) -> None:
    (page,) = read_pdf(story_pdf.read_bytes())
    assert [block.kind for block in page.blocks] == [
        "heading",
        "paragraph",
        "paragraph",
        "table",
        "paragraph",
    ]
    heading, first, second, table, after = page.blocks
    assert heading.text == "ARTICLE 2 – ENGAGEMENTS FINANCIERS" and heading.level == 1
    assert first.text == STORY[1][1]
    assert after.text == STORY[4][1]

    assert [row.texts for row in table.rows[:3]] == ROWS
    assert table.rows[1].cells[2].text == "" and len(table.rows[1].cells) == 3
    cell = table.rows[3].cells[0]
    assert cell.text == LONG_CELL, "a wrapped cell reads as one line, its words spaced"
    assert "\n" not in page.text[cell.char_start : cell.char_end], "its wraps are joined"
    for block in (first, second, after):
        assert not any(word in block.text for word in ("Montant", "97 000", "Reconduite"))


def test_table_lines_and_offsets_point_into_the_page_text(story_pdf: Path) -> None:
    (page,) = read_pdf(story_pdf.read_bytes())
    lines = page.text.split("\n")
    _, _, second, table, after = page.blocks
    assert table.line_start == second.line_end + 1
    assert table.line_end == after.line_start - 1
    assert page.text[table.char_start : table.char_end] == "\n".join(
        lines[table.line_start - 1 : table.line_end]
    )
    assert lines[table.line_start - 1].startswith("Action Montant 2019")
    for row in table.rows:
        first_cell = next(cell for cell in row.cells if cell.text)
        assert lines[row.line - 1].startswith(first_cell.text.split("\n")[0])
        for cell in row.cells:
            assert page.text[cell.char_start : cell.char_end] == cell.raw
            assert squash(cell.raw) == squash(cell.text)
            assert cell.line >= row.line
            assert page.text.count("\n", 0, cell.char_start) + 1 == cell.line
    empty = table.rows[1].cells[2]
    assert (empty.raw, empty.line) == ("", table.rows[1].line)
    assert empty.char_start == empty.char_end == page.text.index("Action 1-1")
    for block in page.blocks:
        for line in block.lines:
            assert page.text[line.char_start : line.char_end] == line.raw
            assert lines[line.number - 1] == line.raw


def test_cells_equal_pdfplumber_own_extraction(story_pdf: Path) -> None:
    (page,) = read_pdf(story_pdf.read_bytes())
    with pdfplumber.open(story_pdf) as pdf:
        (expected,) = pdf.pages[0].extract_tables()
    table = only_table([page])
    assert [[squash(cell.text) for cell in row.cells] for row in table.rows] == [
        [squash(cell or "") for cell in row] for row in expected
    ]


def test_table_over_a_page_break_is_joined(tmp_path: Path) -> None:
    rows = [["Mesure", "Montant", "Statut"]] + [
        [f"Mesure {i}", f"{i * 100} €", "engagée"] for i in range(1, 71)
    ]
    story = [("paragraph", "Tableau des mesures.")] * 12 + [("table", rows)]
    pages = read_pdf(write_story_pdf(tmp_path / "long.pdf", story).read_bytes())

    assert len(pages) == 2
    table = only_table(pages)
    assert table.page == 1 and pages[1].blocks == ()
    assert [row.texts for row in table.rows] == rows
    assert {row.page for row in table.rows} == {1, 2}
    assert [row.page for row in table.rows] == sorted(row.page for row in table.rows)
    for row in table.rows:
        text = pages[row.page - 1].text
        cell = row.cells[0]
        assert text[cell.char_start : cell.char_end] == cell.raw == cell.text
        assert text.split("\n")[row.line - 1].startswith(cell.text)


def test_only_pages_with_ruling_reach_the_table_finder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = [
        ("paragraph", "Page de texte seul."),
        ("page break", None),
        ("table", ROWS),
        ("page break", None),
        ("paragraph", "Autre page de texte."),
        ("page break", None),
        ("heading", "ANNEXE"),
        ("table", [["Total", "109 000 €"]]),
    ]
    data = write_story_pdf(tmp_path / "mixed.pdf", story).read_bytes()
    seen: list[int] = []
    real = tables_module.find_page_tables

    def spy(pdf: pdfplumber.PDF, index: int, rules: object = None) -> list:
        seen.append(index)
        return real(pdf, index, rules)

    monkeypatch.setattr(tables_module, "find_page_tables", spy)
    pages = read_pdf(data)
    assert seen == [1, 3]
    assert [[block.kind for block in page.blocks] for page in pages] == [
        ["paragraph"],
        ["table"],
        ["paragraph"],
        ["heading", "table"],
    ]


def test_image_only_pdf_needs_ocr(tmp_path: Path) -> None:
    data = write_image_only_pdf(tmp_path / "scan.pdf", pages=2).read_bytes()
    with pytest.raises(NeedsOCR, match="no text layer on 2 pages"):
        read_pdf(data)


def test_the_reader_is_tuned_by_the_settings_it_is_given(
    story_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``PdfSettings`` reaches every step: the OCR limits come from it (the
    reader reads no environment), and so do the layout's knobs."""
    monkeypatch.setattr("calpae.readers.pdf.document.ocr_available", lambda: True)
    scan = write_image_only_pdf(tmp_path / "scan.pdf", pages=2).read_bytes()
    with pytest.raises(NeedsOCR, match="over the OCR limit of 1"):
        read_pdf(scan, replace(PdfSettings(), ocr_max_pages=1))
    kinds = [block.kind for page in read_pdf(story_pdf.read_bytes()) for block in page.blocks]
    untitled = read_pdf(story_pdf.read_bytes(), replace(PdfSettings(), heading_max_chars=0))
    assert "heading" in kinds
    assert [block.kind for page in untitled for block in page.blocks] == [
        "paragraph" if kind == "heading" else kind for kind in kinds
    ]


def test_encrypted_pdf_is_unreadable(tmp_path: Path) -> None:
    data = write_story_pdf(tmp_path / "secret.pdf", STORY, encrypt="s3cret").read_bytes()
    with pytest.raises(UnreadableDocument, match=r"encrypted PDF \(password required\)"):
        read_pdf(data)


@pytest.mark.parametrize("cut", ["half", "in the trailer"])
def test_truncated_pdf_is_unreadable(story_pdf: Path, cut: str) -> None:
    """Cut in its trailer, a file still opens in pdfium, which repairs it."""
    data = story_pdf.read_bytes()
    kept = len(data) // 2 if cut == "half" else len(data) - 4
    with pytest.raises(UnreadableDocument, match="truncated"):
        read_pdf(data[:kept])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Convention d'appui, version texte\n", "not a PDF"),
        (b"", "not a PDF"),
        (b"%PDF-1.4\nnot really a PDF\n%%EOF\n", "corrupt PDF"),
    ],
)
def test_not_a_pdf_is_unreadable(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableDocument, match=reason):
        read_pdf(data)


def test_rows_sized_each_on_its_own_keep_the_tables_columns() -> None:
    """A grid whose rows do not share their edges (LibreOffice sizes each row
    on its own): every row's cells go to the table's columns, none lost."""
    from calpae.readers.pdf.cells import PlacedCell, PlacedRow, align_columns

    def row(*cells: tuple[str, float, float] | None) -> PlacedRow:
        placed = tuple(
            PlacedCell(c[0], (int(c[1]),), (), (c[1], 0, c[2], 10)) if c else PlacedCell("", ())
            for c in cells
        )
        return PlacedRow(0, placed)

    header = row(("Actions", 0, 100), ("Part Etat", 100, 200), None, ("Part CD", 205, 300), None)
    wide = row(("Action 1", 0, 100), ("10 000 €", 100, 195), None, ("8 000 €", 195, 300), None)
    split = row(("Action 2", 0, 100), None, ("12 000 €", 100, 205), None, ("9 000 €", 205, 300))
    aligned = align_columns([header, wide, split])
    assert [[c.text for c in r.cells] for r in aligned] == [
        ["Actions", "Part Etat", "Part CD"],
        ["Action 1", "10 000 €", "8 000 €"],
        ["Action 2", "12 000 €", "9 000 €"],
    ]


def test_a_grid_whose_rows_share_their_edges_is_kept() -> None:
    from calpae.readers.pdf.cells import PlacedCell, PlacedRow, align_columns

    cells = (PlacedCell("a", (0,), (), (0, 0, 50, 10)), PlacedCell("", ()))  # a spanning cell
    full = (PlacedCell("b", (1,), (), (0, 10, 25, 20)), PlacedCell("c", (2,), (), (25, 10, 50, 20)))
    rows = [PlacedRow(0, cells), PlacedRow(1, full)]
    assert align_columns(rows) == tuple(rows)


def test_a_cells_lines_wrap_or_break_by_what_goes_on() -> None:
    """Characters with their boxes, as a producer draws them without space
    glyphs: words from gaps, wrapped lines joined, a new item kept apart."""
    from calpae.readers.pdf.cells import text_of_chars
    from calpae.readers.pdf.chars import PdfChar

    def line(text: str, top: float, x: float = 0.0) -> list[tuple[str, tuple]]:
        chars = []
        for char in text:
            if char == " ":
                x += 2.5  # a gap a quarter of the height wide, no glyph drawn
                continue
            chars.append((char, (x, top, x + 5.0, top + 10.0)))
            x += 5.0
        return chars

    def read(*lines: list[tuple[str, tuple]], box: tuple | None = None) -> str:
        drawn = [c for chars in lines for c in chars]
        page_text = "".join(char for char, _ in drawn)  # no spaces, no line ends
        placed = [PdfChar.of(i, char, box) for i, (char, box) in enumerate(drawn)]
        return text_of_chars(placed, page_text, PdfSettings(), box)[0]

    assert read(line("médico-", 0), line("sociaux", 12)) == "médico-sociaux"
    assert read(line("155", 0), line("000 €", 12)) == "155 000 €"
    assert read(line("Part Etat", 0), line("prévue", 12)) == "Part Etat prévue"
    assert read(line("Montant total", 0), line("Etat 2021", 12)) == "Montant total\nEtat 2021"

    # In a cell, a capitalised line wraps when its first word had no room left
    # on the line above (the producer had to wrap), and breaks when it had.
    first, second = line("29 430 € dont", 0, x=2.0), line("Département et Etat", 12, x=2.0)
    narrow = (0.0, -2.0, 75.0, 24.0)  # "dont" ends at 72.5: no room for "Département"
    wide = (0.0, -2.0, 200.0, 24.0)
    assert read(first, second, box=narrow) == "29 430 € dont Département et Etat"
    assert read(first, second, box=wide) == "29 430 € dont\nDépartement et Etat"

    # pdfium may end a line after each glyph drawn one by one: on one line, the
    # gap decides, not the line end.
    glyphs = line("Durée de", 0)
    page_text = "\n".join(char for char, _ in glyphs)
    placed = [PdfChar.of(2 * i, char, box) for i, (char, box) in enumerate(glyphs)]
    assert text_of_chars(placed, page_text, PdfSettings()).text == "Durée de"

    # A word wider than its cell, cut at the rule, goes on without a space; a
    # whole word that happens to fill the line is followed by a whole word.
    cut = (0.0, -2.0, 64.0, 24.0)  # "inconditionn" ends at 62: no room for "e"
    assert read(line("inconditionn", 0, x=2.0), line("el de proximité", 12, x=2.0), box=cut) == (
        "inconditionnel de proximité"
    )
    full = (0.0, -2.0, 59.0, 24.0)  # "département" ends at 57
    assert read(line("département", 0, x=2.0), line("accessible", 12, x=2.0), box=full) == (
        "département accessible"
    )


def test_a_cell_written_line_by_line_across_its_row_keeps_every_run_and_its_place() -> None:
    """Some producers (and OCR) write a row line by line across its cells: a
    cell's text stands in several runs of the page text. The cell keeps them
    all, and an amount in its second run points at that run's line."""
    from calpae.readers.pdf.cells import PlacedCell
    from calpae.readers.pdf.page import JoinedText, cell_of

    text = "58 860 € dont 29 430 € | 12 €\nDépartement et 29 430 € Etat | 13 €\n"
    first = text.index("58")
    second = text.index("Département")
    offsets = [i for i in range(first, text.index(" |")) if not text[i].isspace()] + [
        i for i in range(second, text.index(" | 13")) if not text[i].isspace()
    ]
    placed = PlacedCell("58 860 € dont 29 430 € Département et 29 430 € Etat", tuple(offsets))
    joined = JoinedText.of(text, set())
    cell = cell_of(placed, first, joined)

    assert cell.raw == "58 860 € dont 29 430 € Département et 29 430 € Etat"
    assert [(line, text[start:end]) for _, start, end, line in cell.pieces] == [
        (1, "58 860 € dont 29 430 €"),
        (2, "Département et 29 430 € Etat"),
    ]
    span = cell.span(page=1)
    last = cell.raw.rindex("29 430 €")
    line, start, end = span.place(last, last + len("29 430 €"))
    assert (line, text[start:end]) == (2, "29 430 €")
    line, start, end = span.place(0, len("58 860 €"))
    assert (line, text[start:end]) == (1, "58 860 €")


def test_widely_spaced_lines_are_one_paragraph_by_the_pages_own_leading(tmp_path: Path) -> None:
    """Lines set wide apart (a word processor's 1.5 spacing) wrap one paragraph;
    the wider space after it still parts it from the next: the page's leading
    is measured on the lines that surely wrap."""
    first = (
        "Vu la délibération du 20 décembre 2019 aux termes de laquelle l'Assemblée "
        "départementale a approuvé l'avenant n° 1 à la convention d'appui à la lutte contre "
        "la pauvreté et d'accès à l'emploi, pour une durée de trois années, entre l'Etat et le "
        "Département, dans les termes de la convention initiale et de ses annexes financières."
    )
    second = "Vu la délibération du 17 septembre 2020 approuvant l'avenant n° 3."
    story = [("spaced paragraph", first), ("spaced paragraph", second)]
    (page,) = read_pdf(write_story_pdf(tmp_path / "spaced.pdf", story).read_bytes())
    assert [block.text for block in page.blocks] == [first, second]


def test_a_word_cut_at_the_rule_is_whole_in_the_cells_raw_text() -> None:
    from calpae.readers.pdf.cells import PlacedCell
    from calpae.readers.pdf.page import JoinedText, cell_of

    text = "accueil inconditionn\nel de proximité\n"
    offsets = tuple(i for i, char in enumerate(text) if not char.isspace())
    placed = PlacedCell(
        "accueil inconditionnel de proximité",
        offsets,
        wraps=(text.index("\n"),),
        glued=(text.index("el de"),),
    )
    joined = JoinedText.of(text, {text.index("\n")})
    cell = cell_of(placed, 0, joined)
    assert cell.raw == "accueil inconditionnel de proximité"
    at = cell.raw.index("proximité")
    line, start, end = cell.span(page=1).place(at, at + len("proximité"))
    assert (line, text[start:end]) == (1, "proximité")  # the wrap is joined: one line


def test_a_scanned_page_with_too_few_rules_both_ways_is_no_table_page(tmp_path, monkeypatch):
    """One vertical rule in a scan's image (a margin line) makes no cell:
    pdfplumber refuses such rules, and the document must not fail for it."""
    from calpae.readers.pdf import raster
    from calpae.readers.pdf.tables import scanned_rules

    rule = {"x0": 10.0, "x1": 500.0, "top": 100.0, "bottom": 100.0}
    monkeypatch.setattr(
        raster, "page_rules", lambda document, index, settings: ([rule, rule], [rule])
    )
    pdf = write_image_only_pdf(tmp_path / "scan.pdf", pages=1)
    assert scanned_rules(pdf.read_bytes(), [0], PdfSettings()) == {}
