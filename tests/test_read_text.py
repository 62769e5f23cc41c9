"""The text-export reader: blocks, pages, tables, markup, offsets."""

from pathlib import Path

from calpae.readers.plain_text import to_plain
from calpae.readers.text import read_text_export

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def blocks_of(text):
    return [block for page in read_text_export(text) for block in page.blocks]


def test_paragraphs_headings_and_tables_are_told_apart():
    text = (
        "## **ARTICLE 1 – OBJET**\n"
        "\n"
        "Premier paragraphe\n"
        "sur deux lignes.\n"
        "\n"
        "**Président** : M. André Accary\n"
        "\n"
        "**CONVENTION D'APPUI  \n"
        "ANNEE 2022**\n"
        "\tPart Etat\tPart CD\n"
        "Action 1-1\t155 000\t\n"
    )
    blocks = blocks_of(text)
    assert [b.kind for b in blocks] == ["heading", "paragraph", "paragraph", "heading", "table"]
    assert blocks[0].level == 2 and blocks[0].text == "ARTICLE 1 – OBJET"
    assert blocks[1].text == "Premier paragraphe\nsur deux lignes."
    assert (blocks[1].line_start, blocks[1].line_end) == (3, 4)
    assert blocks[2].text == "Président : M. André Accary"  # bold label, not a heading
    assert blocks[3].text == "CONVENTION D'APPUI\nANNEE 2022"
    assert blocks[4].line_start == 10


def test_table_cells_keep_their_column_positions():
    table = blocks_of(
        "\tMontant\t\t\tPart CD\n\t2019\t2020\t2021\t\nAction 4-2\t90k€\t\t90 k€\t90 k€\n"
    )[0]
    assert table.kind == "table"
    assert [row.texts for row in table.rows] == [
        ["", "Montant", "", "", "Part CD"],
        ["", "2019", "2020", "2021", ""],
        ["Action 4-2", "90k€", "", "90 k€", "90 k€"],
    ]
    assert [row.line for row in table.rows] == [1, 2, 3]


def test_every_line_and_cell_points_at_its_exact_source_text():
    text = "Titre\r\n\n<b>Action</b> 1\t<p>1 000 €</p>\n  \nFin du texte"
    for block in blocks_of(text):
        assert text[block.char_start : block.char_end].startswith(
            (block.lines or block.rows[0].cells)[0].raw
        )
        for line in block.lines:
            assert text[line.char_start : line.char_end] == line.raw
        for row in block.rows:
            for cell in row.cells:
                assert text[cell.char_start : cell.char_end] == cell.raw
    table = blocks_of(text)[1]
    assert table.rows[0].cells[1].raw == "<p>1 000 €</p>"
    assert table.rows[0].cells[1].text == "1 000 €"


def test_html_in_cells_becomes_plain_text_with_list_items_on_their_own_lines():
    raw = (
        '<p>Part État : 111 663,80 €</p> <ul style="list-style-type: none"> '
        "<li>Accompagnement global</li><li>Garantie <b>d'activité</b></li></ul>"
    )
    assert to_plain(raw) == "Part État : 111 663,80 €\nAccompagnement global\nGarantie d'activité"
    assert (
        to_plain("1<sup>er</sup> semestre et 2^{ème} trimestre") == "1er semestre et 2ème trimestre"
    )
    assert to_plain("a &amp; b, &lt; 30 minutes") == "a & b, < 30 minutes"
    assert to_plain("> 300 000 € --> données") == "> 300 000 € --> données"


def test_three_blank_lines_break_the_page_but_two_do_not():
    text = "\n\n\n\nA\n\n\nB\n\n\n\nC\n\n\n\n\n\nD\n"
    pages = read_text_export(text)
    assert [[b.text for b in page.blocks] for page in pages] == [["A", "B"], ["C"], ["D"]]
    assert [page.number for page in pages] == [1, 2, 3]


def test_a_table_running_over_a_page_break_is_joined():
    text = "h1\th2\n1\t2\n\n\n\nh1\th2\n3\t4\n\n\n\n5\t6\t7\n"
    pages = read_text_export(text)
    table = pages[0].blocks[0]
    assert [row.texts for row in table.rows] == [["h1", "h2"], ["1", "2"], ["3", "4"]]
    assert [row.page for row in table.rows] == [1, 1, 2]
    assert pages[1].blocks == ()
    assert pages[2].blocks[0].rows[0].texts == ["5", "6", "7"]  # other width: a new table


def test_a_row_cut_by_a_page_break_is_joined_back_when_its_rest_goes_on():
    """Writer lets a row break across pages: the rest of its cells, in lower
    case, under cells that hold text, is the same row. A row that starts
    anew, or fills a cell empty above, stays a row."""
    text = (
        "Nom de la mesure\tSituation 2018 et\tRésultat du Département\n"
        "Mobilité\t12\t14\n\n\n\n"
        "Nom de la mesure\tSituation 2018 et\tRésultat du Département\n"
        "Premier accueil social\tnc\tnc\n\n\n\n"
        "inconditionnel\t\t\n"
        "Référent de parcours\t0\t94\n"
    )
    (table,) = [b for page in read_text_export(text) for b in page.blocks if b.kind == "table"]
    assert [row.texts for row in table.rows] == [
        ["Nom de la mesure", "Situation 2018 et", "Résultat du Département"],
        ["Mobilité", "12", "14"],
        ["Premier accueil social inconditionnel", "nc", "nc"],
        ["Référent de parcours", "0", "94"],
    ]


def test_corpus_convention_synthesis_table():
    text = (RAW / "000_4abbc878dd54ddbd.txt").read_text(encoding="utf-8")
    tables = [b for page in read_text_export(text) for b in page.blocks if b.kind == "table"]
    synthesis = next(t for t in tables if t.rows[0].texts[0] == "Annexe A")
    row = next(r for r in synthesis.rows if r.texts[0].startswith("Action 1-1"))
    assert row.line == 254
    assert row.texts == [
        "Action 1-1 Prévenir les sorties sèches de l'ASE",
        "155 000",
        "155 000",
        "155 000",
        "155 000",
    ]
    total = next(r for r in synthesis.rows if r.texts[0] == "TOTAL A")
    assert total.texts == ["TOTAL A", "725 000", "", "", "725 000"]
