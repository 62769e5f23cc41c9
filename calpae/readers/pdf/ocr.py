"""OCR of the pages of a PDF that have no text layer (scans), with ocrmypdf
and Tesseract's French model, when they are installed.

``ocr_pdf`` runs ``ocrmypdf --skip-text`` (pages that have text are left as
they are; a page fed sideways or upside down is turned upright first, when
Tesseract's orientation guess is confident enough) in a private temporary
folder, in the worker that reads the document, with a page limit and a
timeout; it returns the PDF with a text layer and, per OCR'd page, the mean
confidence Tesseract gave its words (0 to 100, from the hOCR it wrote:
``x_wconf``). Without the engine, nothing is
OCR'd and the reader reports the document ``needs_ocr`` with how to install
it.

Limits come from the reader's settings: ``PdfSettings.ocr_max_pages``
(default 300) and ``ocr_timeout`` seconds (default 900), which the caller
fills from ``CALPAE_OCR_MAX_PAGES`` and ``CALPAE_OCR_TIMEOUT``. The subprocess
gets the environment with its own temporary folder and one thread.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from calpae.readers.errors import NeedsOCR
from calpae.readers.pdf.settings import PdfSettings

INSTALL_HINT = (
    "install the OCR engine to read it (Debian: apt-get install ocrmypdf tesseract-ocr-fra; "
    "bash scripts/setup.sh does it where it runs as root)"
)
WORD_CONFIDENCE = re.compile(r"x_wconf (\d+)")
HOCR_PAGE = re.compile(r"^(\d+)_ocr_hocr\.hocr$")


@dataclass(frozen=True)
class OcrResult:
    pdf: bytes
    confidence: dict[int, float]
    """Mean word confidence (0-100) per OCR'd page, 0-based."""


@cache
def ocr_available() -> bool:
    """ocrmypdf and Tesseract with its French model are installed."""
    if not (shutil.which("ocrmypdf") and shutil.which("tesseract")):
        return False
    try:
        languages = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return False
    return "fra" in languages


def ocr_pdf(data: bytes, pages: int, settings: PdfSettings) -> OcrResult:
    """The PDF with a text layer on its pages that had none."""
    if pages > settings.ocr_max_pages:
        raise NeedsOCR(
            f"{pages} pages: over the OCR limit of {settings.ocr_max_pages} (CALPAE_OCR_MAX_PAGES)"
        )
    with tempfile.TemporaryDirectory(prefix="calpae-ocr-") as tmp:
        folder = Path(tmp)
        source, target = folder / "in.pdf", folder / "out.pdf"
        source.write_bytes(data)
        command = [
            "ocrmypdf", "-l", "fra", "--skip-text", "--pdf-renderer", "hocr",
            "--rotate-pages", "--rotate-pages-threshold", str(settings.ocr_rotate_confidence),
            "--keep-temporary-files", "--optimize", "0", "--output-type", "pdf",
            "--jobs", "1", "--quiet", str(source), str(target),
        ]  # fmt: skip
        environment = {**os.environ, "TMPDIR": str(folder), "OMP_THREAD_LIMIT": "1"}
        try:
            subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=settings.ocr_timeout,
                env=environment,
                check=True,
            )
        except subprocess.TimeoutExpired as error:
            raise NeedsOCR(
                f"OCR timed out after {settings.ocr_timeout:.0f} s (CALPAE_OCR_TIMEOUT)"
            ) from error
        except subprocess.CalledProcessError as error:
            last = (error.stderr or "").strip().splitlines()[-1:] or [f"exit {error.returncode}"]
            raise NeedsOCR(f"OCR failed: {last[0]}") from error
        return OcrResult(target.read_bytes(), hocr_confidences(folder))


def hocr_confidences(folder: Path) -> dict[int, float]:
    """Mean word confidence per page of the hOCR files ocrmypdf kept."""
    confidence = {}
    for hocr in folder.rglob("*_ocr_hocr.hocr"):
        if match := HOCR_PAGE.match(hocr.name):
            words = [int(x) for x in WORD_CONFIDENCE.findall(hocr.read_text(errors="replace"))]
            confidence[int(match.group(1)) - 1] = sum(words) / len(words) if words else 0.0
    return confidence
