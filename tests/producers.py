"""Render documents to PDF through real producers, to test the PDF reader on
what départements publish: a browser (headless Chromium, from HTML), an
office suite (LibreOffice, from an .odt it converts the HTML to), and a
scanner (pages rasterised by ``pdftoppm``, then OCR'd back to a text-layer PDF
by ``ocrmypdf`` with Tesseract's French model). reportlab is ``pdf_factory``.

A text export (the corpus format) becomes HTML through the reader's own
intermediate representation: a heading is ``<h2>``, a paragraph line a
``<p>``, a table a ruled ``<table>`` (its cells' plain text), a page break a
CSS page break.

Rendered files are cached in ``tests/fixtures/producers/<producer>/`` next to
a ``.sha256`` of the HTML they were made from: a file is rendered again only
when its input or the HTML rendering changed.
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

from calpae.pipeline.read_text import read_text_export
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


def libreoffice(html_text: str, out: Path) -> None:
    """HTML to an .odt (Writer's own format), then the .odt to PDF."""
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


PRODUCERS: dict[str, tuple[str, Callable[[str, Path], None]]] = {
    "chromium": ("chromium", chromium),
    "libreoffice": ("soffice", libreoffice),
    "scan": ("ocrmypdf", scan),
}


# --- the cache ---------------------------------------------------------------------


def rendered(producer: str, name: str, text: str) -> Path | None:
    """The PDF of ``text`` by ``producer``, rendered once per input; None when
    the producer is not installed and nothing is cached."""
    folder = CACHE / producer
    pdf = folder / f"{Path(name).stem}.pdf"
    stamp = pdf.with_suffix(".sha256")
    page = text_to_html(text)
    settings = f"{SCAN_DPI}/{SCAN_QUALITY}/optimize-1" if producer == "scan" else ""
    digest = hashlib.sha256((page + settings).encode()).hexdigest()
    if pdf.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return pdf
    tool, render = PRODUCERS[producer]
    if not available(tool):
        return pdf if pdf.exists() else None
    folder.mkdir(parents=True, exist_ok=True)
    render(page, pdf)
    stamp.write_text(digest + "\n")
    return pdf


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
