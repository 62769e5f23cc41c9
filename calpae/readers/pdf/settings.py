"""The PDF reader's tuning: one frozen ``PdfSettings``, every knob with what it tunes.

The reader's entry points take it (``read_pdf_document(data, settings)``,
default ``PdfSettings()``) and pass it down; nothing in the reader reads the
environment. The caller builds it from its options, environment or config
(``dataclasses.replace(PdfSettings(), ocr_timeout=60)``). Lengths relative to
text are in character (font box) heights; lengths on the page in points.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PdfSettings:
    """Every tuning constant of the PDF reader (as pdfplumber's ``table_settings``)."""

    # --- scans and OCR (document.py, ocr.py) ---
    # Fewer visible characters than this over all pages (OCR included): the document needs OCR.
    min_text_chars: int = 10
    # A page with an image and fewer visible characters than this is a scan, to OCR.
    min_page_chars: int = 20
    # A page whose largest image covers this share of it is scanned: its table rules are
    # found in the image (raster.py).
    scan_cover: float = 0.5
    # A document with more pages than this is not OCR'd (needs_ocr) (was CALPAE_OCR_MAX_PAGES).
    ocr_max_pages: int = 300
    # Seconds the OCR of one document may take (was CALPAE_OCR_TIMEOUT).
    ocr_timeout: float = 900.0
    # Tesseract's orientation confidence from which a scanned page is turned before OCR
    # (ocrmypdf's default, 14, left a page fed sideways at 9.7 unturned; upright pages of
    # the corpus' scans all read as upright at 5.8 and over).
    ocr_rotate_confidence: int = 5

    # --- the page text (frame.py, chars.py) ---
    # Characters whose angle tells which way a page's text turns.
    turn_sample: int = 64
    # Characters a line's position is measured on.
    line_sample: int = 8

    # --- words from character positions (cells.py) ---
    # A gap between two characters over this share of their height is a space.
    space_gap: float = 0.12
    # The same, for characters the page text puts side by side (a ligature's glyphs have
    # boxes of their own, a little apart).
    wide_gap: float = 0.15
    # A character this many heights below the one before is on a new line.
    line_rise: float = 0.5
    # The width of a space, in character heights, with a margin: some producers' font boxes
    # are smaller than their font (LibreOffice's are three quarters of it), and a word that
    # only just fits was not left out on purpose.
    word_space: float = 0.5
    # The longest piece of a word a producer cut at a cell's rule carries over
    # ("inconditionn / el", "accompag / ner").
    cut_tail: int = 4

    # --- ruled tables (tables.py) ---
    # Straight path segments that make a page worth the table finder (one rectangle).
    ruling_min_segments: int = 3

    # --- paragraphs and headings (layout.py) ---
    # A vertical gap over this many line heights starts a new paragraph (when the page
    # shows no wrapped line to measure its leading by).
    paragraph_gap: float = 0.4
    # A line further below the one before than this many times the page's leading (in its
    # line height) starts a new paragraph.
    leading_slack: float = 1.25
    # A line height differing by more than this share starts a new paragraph.
    font_change: float = 0.15
    # A line this much taller than the page's body text may be a heading.
    heading_scale: float = 1.15
    # A heading has at most this many characters.
    heading_max_chars: int = 120
    # A heading has at most this many page-text lines.
    heading_max_lines: int = 2
    # A font weight from which a line is bold.
    bold: int = 600

    # --- tables drawn without rules (unruled.py) ---
    # A gap wider than this many character heights parts two columns.
    unruled_column_gap: float = 1.2
    # A table without rules has at least this many rows (lines of two figures or more).
    unruled_min_rows: int = 3
    # Lines further apart than this many heights are not rows of one table.
    unruled_max_pitch: float = 3.0
    # A column of figures: at least this share of the rows hold a figure there.
    unruled_figure_share: float = 0.5

    # --- rules in a scanned page's image (raster.py) ---
    # Resolution a scanned page is rendered at to find its rules.
    raster_dpi: int = 100
    # Grey level (0-255) under which a pixel is ink.
    raster_dark: int = 140
    # A rule is at least this long, in points (a narrow cell).
    raster_min_rule_pt: float = 18.0
    # A run of ink may be broken by this many light pixels (scan noise).
    raster_max_gap_px: int = 2
