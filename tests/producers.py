"""Render documents to PDF through real producers, to test the PDF reader on
what départements publish: a browser (headless Chromium, from HTML), an
office suite (LibreOffice Writer, from a Writer document: ``libreoffice``;
and from the HTML its importer turns into one, whose tables come out with a
grid of their own per row: ``libreoffice_html``), and a scanner (pages
rasterised by ``pdftoppm``, then OCR'd back to a text-layer PDF by
``ocrmypdf`` with Tesseract's French model). reportlab is ``pdf_factory``.

A text export (the corpus format) becomes HTML or a flat OpenDocument text
(.fodt) through the reader's own intermediate representation: a heading is
``<h2>`` (an outline heading), a paragraph line a ``<p>`` (a paragraph), a
table a ruled table of its cells' plain text, a page break a page break. A
Writer table has one grid for all its rows, and a row may break across pages,
as Writer's default allows.

Rendered files are cached in ``tests/fixtures/producers/<producer>/`` next to
a ``.sha256`` of the source they were made from: a file is rendered again only
when its input or the source rendering changed.
``python -m tests.producers [--producer P] [NAME ...]`` renders the sample
corpus (``data/raw``).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from calpae.readers.text import read_text_export
from calpae.schemas.ir import Block

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
CACHE = ROOT / "tests" / "fixtures" / "producers"
TIMEOUT = 600
SCAN_DPI = 200
SCAN_QUALITY = 75  # JPEG quality of the scanned pages

STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }
h2 { font-size: 14pt; font-weight: bold; margin: 10pt 0 6pt; }
p { margin: 0 0 6pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
td { border: 0.6pt solid black; padding: 2pt; font-size: 8pt; vertical-align: top; }
tr { break-inside: avoid; page-break-inside: avoid; }
.page { page-break-after: always; }
"""


# --- text export to HTML -------------------------------------------------------


def text_to_html(text: str) -> str:
    pages = read_text_export(text)
    body = "\n".join(
        '<div class="page">\n' + "\n".join(block_html(b) for b in page.blocks) + "\n</div>"
        for page in pages
    )
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def block_html(block: Block) -> str:
    if block.kind == "table":
        rows = []
        for row in block.rows:
            cells = "".join(
                f"<td>{html.escape(cell.text).replace(chr(10), '<br>')}</td>" for cell in row.cells
            )
            rows.append(f"<tr>{cells}</tr>")
        return '<table border="1" cellspacing="0" cellpadding="2">' + "".join(rows) + "</table>"
    if block.kind == "heading":
        return f"<h2>{html.escape(block.text)}</h2>"
    return "\n".join(f"<p>{html.escape(line.text)}</p>" for line in block.lines if line.text)


# --- text export to a Writer document --------------------------------------------

FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/>
</office:font-face-decls>
<office:styles>
 <style:style style:name="Standard" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="10pt"/>
 </style:style>
 <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
  style:parent-style-name="Standard" style:default-outline-level="2">
  <style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.2cm"/>
  <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="1.5cm" fo:margin-right="1.5cm"/>
 </style:page-layout>
 <style:style style:name="Break" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:break-before="page"/>
 </style:style>
 <style:style style:name="Grid" style:family="table">
  <style:table-properties style:width="18cm" table:align="margins" fo:margin-top="0.1cm"
   fo:margin-bottom="0.2cm"/>
 </style:style>
 <style:style style:name="Cell" style:family="table-cell">
  <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.07cm"/>
 </style:style>
 <style:style style:name="CellText" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-bottom="0cm"/>
  <style:text-properties fo:font-size="8pt"/>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4"/>
</office:master-styles>
<office:body><office:text>
"""
FODT_TAIL = "</office:text></office:body></office:document>\n"


def text_to_fodt(text: str) -> str:
    """A Writer document (flat OpenDocument) of a text export."""
    parts = [FODT_HEAD]
    for index, page in enumerate(read_text_export(text)):
        if index:
            parts.append('<text:p text:style-name="Break"/>\n')
        parts += [block_fodt(block) for block in page.blocks]
    parts.append(FODT_TAIL)
    return "".join(parts)


def block_fodt(block: Block) -> str:
    if block.kind == "table":
        width = block.n_columns
        rows = []
        for row in block.rows:
            cells = [cell.text for cell in row.cells] + [""] * (width - len(row.cells))
            rows.append(
                "<table:table-row>"
                + "".join(
                    '<table:table-cell table:style-name="Cell" office:value-type="string">'
                    + "".join(
                        f'<text:p text:style-name="CellText">{html.escape(line)}</text:p>'
                        for line in cell.split("\n")
                    )
                    + "</table:table-cell>"
                    for cell in cells
                )
                + "</table:table-row>"
            )
        return (
            f'<table:table table:style-name="Grid"><table:table-column '
            f'table:number-columns-repeated="{width}"/>' + "".join(rows) + "</table:table>\n"
        )
    if block.kind == "heading":
        return (
            '<text:h text:style-name="Heading_20_2" text:outline-level="2">'
            f"{html.escape(block.text)}</text:h>\n"
        )
    return "".join(
        f'<text:p text:style-name="Standard">{html.escape(line.text)}</text:p>\n'
        for line in block.lines
        if line.text
    )


# --- producers -------------------------------------------------------------------


def available(tool: str) -> bool:
    return shutil.which(tool) is not None


def run(command: list[str], cwd: Path | None = None) -> None:
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=TIMEOUT)


def chromium(html_text: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "doc.html"
        page.write_text(html_text, encoding="utf-8")
        run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ]
        )


def libreoffice(fodt_text: str, out: Path) -> None:
    """A Writer document to PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "doc.fodt").write_text(fodt_text, encoding="utf-8")
        profile = f"-env:UserInstallation=file://{folder}/profile"
        run(["soffice", profile, "--headless", "--norestore", "--convert-to",
             "pdf:writer_pdf_Export", "--outdir", str(folder), "doc.fodt"], folder)
        shutil.copyfile(folder / "doc.pdf", out)


def libreoffice_html(html_text: str, out: Path) -> None:
    """HTML to an .odt (Writer's own format) by Writer's importer, then to PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "doc.html").write_text(html_text, encoding="utf-8")
        profile = f"-env:UserInstallation=file://{folder}/profile"
        base = ["soffice", profile, "--headless", "--norestore"]
        run([*base, "--convert-to", "odt:writer8", "--outdir", str(folder), "doc.html"], folder)
        run([*base, "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), "doc.odt"],
            folder)
        shutil.copyfile(folder / "doc.pdf", out)


def scan(html_text: str, out: Path) -> None:
    """A browser print, rasterised like a scanner, then OCR'd back to text."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        printed = folder / "printed.pdf"
        chromium(html_text, printed)
        run(["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(printed), str(folder / "p")])
        images = sorted(folder.glob("p*.png"))
        image_pdf = folder / "scan.pdf"
        images_to_pdf(images, image_pdf)
        run(["ocrmypdf", "-l", "fra", "--output-type", "pdf", "--optimize", "1", "--quiet",
             str(image_pdf), str(out)])


def images_to_pdf(images: list[Path], out: Path) -> None:
    """Grey pages, JPEG-compressed as a scanner's PDF holds them."""
    import io

    from PIL import Image

    pages = []
    for image in images:
        buffer = io.BytesIO()
        Image.open(image).convert("L").save(buffer, format="JPEG", quality=SCAN_QUALITY)
        pages.append(Image.open(io.BytesIO(buffer.getvalue())))
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=SCAN_DPI)


PRODUCERS: dict[str, tuple[str, Callable[[str], str], Callable[[str, Path], None]]] = {
    # producer: (the tool it needs, the source it renders, how it renders)
    "chromium": ("chromium", text_to_html, chromium),
    "libreoffice": ("soffice", text_to_fodt, libreoffice),
    "libreoffice_html": ("soffice", text_to_html, libreoffice_html),
    "scan": ("ocrmypdf", text_to_html, scan),
}


# --- the cache ---------------------------------------------------------------------


def rendered(producer: str, name: str, text: str) -> Path | None:
    """The PDF of ``text`` by ``producer``, rendered once per input; None when
    the producer is not installed and nothing is cached."""
    folder = CACHE / producer
    pdf = folder / f"{Path(name).stem}.pdf"
    stamp = pdf.with_suffix(".sha256")
    tool, source_of, render = PRODUCERS[producer]
    page = source_of(text)
    settings = f"{SCAN_DPI}/{SCAN_QUALITY}/optimize-1" if producer == "scan" else ""
    digest = hashlib.sha256((page + settings).encode()).hexdigest()
    if pdf.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return pdf
    if not available(tool):
        return pdf if pdf.exists() else None
    folder.mkdir(parents=True, exist_ok=True)
    render(page, pdf)
    stamp.write_text(digest + "\n")
    return pdf


# --- hand-made layouts --------------------------------------------------------------

LAYOUT_CACHE = ROOT / "tests" / "fixtures" / "layouts"
FILLER = (
    "Les parties conviennent de poursuivre les actions engagées au titre de la stratégie "
    "nationale de prévention et de lutte contre la pauvreté, en veillant à leur articulation "
    "avec les dispositifs existants sur le territoire et avec les partenaires associatifs. "
)
LAYOUTS = {
    # prose set in two columns, each holding one funder's commitment
    "two_columns": (
        ".cols { column-count: 2; column-gap: 1cm; text-align: justify; }",
        "<h2>ARTICLE 2 – ENGAGEMENTS FINANCIERS</h2><div class='cols'>"
        f"<p>{FILLER * 2}Au titre de l'année 2021, le soutien financier de l'Etat s'élève à un "
        f"montant de 250 000 €. {FILLER}</p><p>{FILLER}Le Département s'engage à financer les "
        f"actions à hauteur de 180 000 € en 2021. {FILLER * 2}</p></div>",
    ),
    # a financial table set without any rule
    "unruled": (
        "table { border-collapse: collapse; margin: 6pt 0; } "
        "td { border: none; padding: 2pt 14pt 2pt 0; font-size: 9pt; } td.n { text-align: right; }",
        "<h2>ANNEXE FINANCIÈRE</h2><p>Le tableau ci-dessous présente la répartition des crédits "
        "pour l'année 2021.</p><table>"
        "<tr><td>Actions</td><td>Part Etat 2021</td><td>Part Département 2021</td></tr>"
        "<tr><td>Action 1 Mobilité des jeunes</td><td class='n'>10 000 €</td>"
        "<td class='n'>5 000 €</td></tr>"
        "<tr><td>Action 2 Logement accompagné</td><td class='n'>20 000 €</td>"
        "<td class='n'>15 000 €</td></tr>"
        "<tr><td>Action 3 Premier accueil social</td><td class='n'>12 500 €</td>"
        "<td class='n'>12 500 €</td></tr>"
        "<tr><td>Total</td><td class='n'>42 500 €</td><td class='n'>32 500 €</td></tr>"
        "</table><p>Les crédits non consommés seront reversés à l'Etat.</p>",
    ),
}


def layout_pdf(name: str, turned: bool = False) -> Path | None:
    """A hand-made layout printed by Chromium (cached); ``turned``: the same
    pages set sideways on the paper and turned back for display by /Rotate,
    as a landscape annex often is. None when Chromium is not installed and
    nothing is cached."""
    style, body = LAYOUTS[name]
    page = (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<style>{STYLE} {style}</style></head><body>{body}</body></html>\n"
    )
    suffix = "_turned" if turned else ""
    pdf = LAYOUT_CACHE / f"{name}{suffix}.pdf"
    stamp = pdf.with_suffix(".sha256")
    digest = hashlib.sha256((page + suffix).encode()).hexdigest()
    if pdf.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return pdf
    if not available("chromium"):
        return pdf if pdf.exists() else None
    LAYOUT_CACHE.mkdir(parents=True, exist_ok=True)
    chromium(page, pdf)
    if turned:
        turn_pages(pdf)
    stamp.write_text(digest + "\n")
    return pdf


def turn_pages(pdf: Path) -> None:
    """Every page's content turned a quarter clockwise on a sideways sheet,
    the sheet marked /Rotate 270 so that it displays upright."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf.read_bytes())
    turned = pdfium.PdfDocument.new()
    for index in range(len(source)):
        width, height = source[index].get_size()
        content = source.page_as_xobject(index, turned).as_pageobject()
        content.transform(pdfium.PdfMatrix().rotate(90).translate(0, width))
        page = turned.new_page(height, width)
        page.insert_obj(content)
        page.gen_content()
        page.set_rotation(270)
    turned.save(str(pdf))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="files of data/raw (default: all)")
    parser.add_argument("--producer", choices=sorted(PRODUCERS), action="append")
    args = parser.parse_args()
    names = args.names or sorted(p.name for p in RAW.glob("*.txt"))
    for producer in args.producer or sorted(PRODUCERS):
        for name in names:
            pdf = rendered(producer, name, (RAW / name).read_text(encoding="utf-8"))
            print(f"{producer:<12} {name:<32} {pdf or 'producer not installed'}")


if __name__ == "__main__":
    main()
