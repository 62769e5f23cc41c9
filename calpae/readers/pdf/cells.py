"""Placing a table's cells on the page text, and a cell's text from its characters.

Cell texts are made from pypdfium2's characters (their font boxes) by
pdfplumber's own rules: a character whose centre is in a row's box, then in a
cell's box, belongs to that cell, and the cell's characters are joined as
``Table.extract`` does, words and lines rebuilt from their positions
(``text_of_chars``). The same characters tie the table to the page text: a
page-text line whose visible characters lie mostly inside a table's box
belongs to that table (``PlacedTable.lines``). A grid whose rows do not share
their edges is brought back to the table's own columns (``align_columns``).
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from calpae.readers.pdf.chars import HYPHENS, RULE_GLYPHS, PageText, PdfChar
from calpae.readers.pdf.frame import Box
from calpae.readers.pdf.settings import PdfSettings
from calpae.readers.pdf.tables import TableGrid


@dataclass(frozen=True)
class PlacedCell:
    text: str
    offsets: tuple[int, ...]
    """Offsets of the cell's visible characters in the page text."""
    wraps: tuple[int, ...] = ()
    """Offsets of the page-text line ends where the cell's text only wraps."""
    box: Box | None = None
    """None where a spanning cell covers this grid column."""
    breaks: tuple[int, ...] = ()
    """Offsets of the characters that start a new line of the cell's text."""
    glued: tuple[int, ...] = ()
    """Offsets of the characters that go on with a word cut at the line above."""


@dataclass(frozen=True)
class PlacedRow:
    first: int | None
    """Offset of the row's first character in the page text."""
    cells: tuple[PlacedCell, ...]


@dataclass(frozen=True)
class PlacedTable:
    """A table with its cell texts and the page-text lines it replaces."""

    bbox: Box
    lines: frozenset[int]
    rows: tuple[PlacedRow, ...]


def place_tables(
    source: PageText, grids: list[TableGrid], settings: PdfSettings
) -> list[PlacedTable]:
    """Cell texts from pdfium's characters, by pdfplumber's own rules
    (``Table.extract``): a character whose centre lies in a row's box, then in a
    cell's box (left and top edges included, right and bottom excluded) is
    part of that cell; the cell's characters make its text (``extract_text``).
    A page-text line belongs to a table when most of its visible characters
    lie in the table's box."""
    chars = source.chars
    if source.is_scanned(settings):  # OCR reads a table's rules as "|": they are no text
        chars = tuple(char for char in chars if char.text not in RULE_GLYPHS)
    line_sizes = visible_per_line(source, chars)
    placed = []
    for grid in sorted(grids, key=lambda grid: (grid.bbox[1], grid.bbox[0])):
        inside = [char for char in chars if _inside(grid.bbox, char)]
        votes = Counter(source.line_at(char.offset) for char in inside if not char.text.isspace())
        lines = frozenset(
            number for number, count in votes.items() if count * 2 > line_sizes[number]
        )
        inside.sort(key=_centre_y)  # each row's characters found by bisection
        rows = align_columns(
            [
                place_row(source, row_box, cell_boxes, inside, settings)
                for row_box, cell_boxes in grid.rows
            ]
        )
        placed.append(PlacedTable(grid.bbox, lines, rows))
    return placed


def visible_per_line(source: PageText, chars: tuple[PdfChar, ...]) -> dict[int, int]:
    """How many of ``chars`` that are not white space stand on each page-text
    line (by number): counted between the lines' starts in their offsets."""
    offsets = sorted(char.offset for char in chars if not char.text.isspace())
    starts = [*source.line_starts, len(source.text) + 1]
    firsts = [bisect_left(offsets, start) for start in starts]
    return {number: firsts[number] - firsts[number - 1] for number in range(1, len(starts))}


def _centre_y(char: PdfChar) -> float:
    return char.y


def _centre_x(char: PdfChar) -> float:
    return char.x


def _inside(box: Box, char: PdfChar) -> bool:
    x0, top, x1, bottom = box
    return x0 <= char.x <= x1 and top <= char.y <= bottom


def align_columns(rows: list[PlacedRow]) -> tuple[PlacedRow, ...]:
    """The table's own columns, when its rows do not share their cell edges:
    pdfplumber's grid holds every edge of every row, so a table whose rows
    are sized each on its own (LibreOffice) comes back with more grid columns
    than it has, a row's cell spanning several. The rows with the most cells
    give the columns (their median edges); every row's cells go to the
    column they overlap most. A table whose rows share their edges keeps its
    grid (a spanning cell already sits in its first column)."""
    counts = [sum(1 for cell in row.cells if cell.box) for row in rows]
    width = max(counts, default=0)
    if not rows or width == 0 or width == len(rows[0].cells):
        return tuple(rows)
    reference = [row for row, count in zip(rows, counts, strict=True) if count == width]
    edges = [
        (
            statistics.median(real_cells(row)[i].box[0] for row in reference),  # type: ignore[index]
            statistics.median(real_cells(row)[i].box[2] for row in reference),  # type: ignore[index]
        )
        for i in range(width)
    ]
    aligned = []
    for row in rows:
        cells = [PlacedCell("", ()) for _ in range(width)]
        for cell in real_cells(row):
            x0, _, x1, _ = cell.box  # type: ignore[misc]
            overlaps = [min(x1, right) - max(x0, left) for left, right in edges]
            column = overlaps.index(max(overlaps))
            cells[column] = merge_cells(cells[column], cell)
        aligned.append(PlacedRow(row.first, tuple(cells)))
    return tuple(aligned)


def merge_cells(first: PlacedCell, second: PlacedCell) -> PlacedCell:
    """Two grid cells of one column: one cell, nothing of either lost."""
    if first.box is None:
        return second
    x0, top, x1, bottom = first.box
    box = second.box or first.box
    return PlacedCell(
        " ".join(text for text in (first.text, second.text) if text),
        first.offsets + second.offsets,
        first.wraps + second.wraps,
        (min(x0, box[0]), min(top, box[1]), max(x1, box[2]), max(bottom, box[3])),
        first.breaks + second.breaks,
        first.glued + second.glued,
    )


def real_cells(row: PlacedRow) -> list[PlacedCell]:
    return [cell for cell in row.cells if cell.box]


def place_row(
    source: PageText,
    row_box: Box,
    cell_boxes: tuple[Box | None, ...],
    chars: list[PdfChar],
    settings: PdfSettings,
) -> PlacedRow:
    """The row's cells, from ``chars`` (the table's, ordered by their centre's
    height): those whose centre lies in the row's box, ordered from left to
    right for ``place_cell``."""
    _, top, _, bottom = row_box
    row_chars = chars[
        bisect_left(chars, top, key=_centre_y) : bisect_left(chars, bottom, key=_centre_y)
    ]
    row_chars.sort(key=_centre_x)
    cells = tuple(place_cell(box, row_chars, source.text, settings) for box in cell_boxes)
    offsets = [offset for cell in cells for offset in cell.offsets]
    return PlacedRow(min(offsets) if offsets else None, cells)


def place_cell(
    box: Box | None, row_chars: list[PdfChar], text: str, settings: PdfSettings
) -> PlacedCell:
    """The cell's text, from ``row_chars`` (ordered by their centre from left
    to right): those whose centre lies in the cell's box."""
    if box is None:
        return PlacedCell("", ())
    x0, top, x1, bottom = box
    across = row_chars[
        bisect_left(row_chars, x0, key=_centre_x) : bisect_left(row_chars, x1, key=_centre_x)
    ]
    chars = [char for char in across if top <= char.y < bottom]
    visible = sorted((char for char in chars if not char.text.isspace()), key=_offset)
    read = text_of_chars(visible, text, settings, box)
    offsets = tuple(char.offset for char in visible)
    return PlacedCell(read.text, offsets, read.wraps, box, read.breaks, read.glued)


def _offset(char: PdfChar) -> int:
    return char.offset


class CellText(NamedTuple):
    text: str
    wraps: tuple[int, ...]
    """The page-text line ends that only wrap."""
    breaks: tuple[int, ...]
    """The offsets of the characters that start a new line."""
    glued: tuple[int, ...]
    """The offsets of the characters that go on with a word cut at the line above."""


def text_of_chars(
    chars: list[PdfChar], text: str, settings: PdfSettings, box: Box | None = None
) -> CellText:
    """The text of a cell's visible characters (in page-text order), words and
    lines rebuilt from their positions, whether or not the producer drew
    space glyphs: on one line, a space where the page text has a space
    (drawn or generated by pdfium) between two characters, or where their gap
    exceeds ``space_gap`` of the character height when other text stands
    between them in the page text (pdfplumber's ``x_tolerance``, relative to
    the font size), ``wide_gap`` when the page text puts them side by side or
    parts them by a line end only (pdfium breaks the text of some glyphs drawn
    one by one after each: "D / u / r / é / e");
    a line below the last either wraps the same text or starts a new one
    (``\n``): it wraps when it goes on in lower case or a number goes on
    ("155 / 000 €"), or when its first word had no room left on the line
    above within the cell's ``box`` ("29 430 € / Département et …": the
    producer had to wrap). A line of one word that leaves no room for one
    more character before the rule, and goes on with a short piece of word,
    goes on without a space: the word was wider than the cell, and the
    producer cut it ("accompagneme / nt"); a whole word that happens to fill
    the line ("département / accessible") is followed by a longer one."""
    if not chars:
        return CellText("", (), (), ())
    parts = [chars[0].text]
    wraps: list[int] = []
    breaks: list[int] = []
    glued_at: list[int] = []
    right = usable_right(chars, box)
    one_word = True  # the line read so far is one word
    for i, (previous, char) in enumerate(zip(chars, chars[1:], strict=False), start=1):
        between = text[previous.offset + 1 : char.offset]
        size = max(previous.box[3] - previous.box[1], char.box[3] - char.box[1]) or 1.0
        below = char.y - previous.y > settings.line_rise * size
        if below:
            wrapped = continues(previous.text, char.text) or (
                right is not None and not has_room(previous, chars, i, right, size, settings)
            )
            cut = (  # a word wider than the cell, broken where the rule stopped it
                wrapped
                and one_word
                and right is not None
                and previous.box[2] + (char.box[2] - char.box[0]) > right  # no room for one more
                and char.text.islower()
                and len(first_word(chars, i, size, settings)) <= settings.cut_tail
            )
            glued = previous.text in HYPHENS or cut
            if cut:
                glued_at.append(char.offset)
            separator = ("" if glued else " ") if wrapped else "\n"
            one_word = True
            if not wrapped:
                breaks.append(char.offset)
            if wrapped and between.strip() == "":
                wraps += [previous.offset + 1 + k for k, c in enumerate(between) if c == "\n"]
        else:
            gap = char.box[0] - previous.box[2]
            if between == "":  # adjacent in the page text: a space only on a clear gap
                spaced = gap > settings.wide_gap * size
            elif " " in between:  # a space between them (drawn or generated)
                spaced = True
            elif between.strip() == "":  # a line end pdfium put inside a line: the gap decides
                spaced = gap > settings.wide_gap * size
            else:  # another cell's characters in between: the gap decides
                spaced = gap > settings.space_gap * size
            separator = " " if spaced else ""
            one_word = one_word and not spaced
        parts.append(separator + char.text)
    return CellText("".join(parts), tuple(wraps), tuple(breaks), tuple(glued_at))


def has_room(
    previous: PdfChar,
    chars: list[PdfChar],
    start: int,
    right: float,
    size: float,
    settings: PdfSettings,
) -> bool:
    """Whether the word starting at ``chars[start]`` would have fitted, after a
    space, on the line ending with ``previous``: if it would, the producer
    broke the line on purpose."""
    word = chars[word_end(chars, start, size, settings)].box[2] - chars[start].box[0]
    return previous.box[2] + settings.word_space * size + word <= right


def first_word(chars: list[PdfChar], start: int, size: float, settings: PdfSettings) -> str:
    """The word starting at ``chars[start]``."""
    word = "".join(char.text for char in chars[start : word_end(chars, start, size, settings) + 1])
    return word.rstrip(".,;:)")


def word_end(chars: list[PdfChar], start: int, size: float, settings: PdfSettings) -> int:
    """The index of the last character of the word starting at ``chars[start]``:
    up to a gap or the line's end."""
    end = start
    for a, b in zip(chars[start:], chars[start + 1 :], strict=False):
        if (
            abs(b.y - a.y) > settings.line_rise * size
            or b.box[0] - a.box[2] > settings.space_gap * size
        ):
            break
        end += 1
    return end


def usable_right(chars: list[PdfChar], box: Box | None) -> float | None:
    """The right edge text may reach in a cell: its rule, less the padding
    its text keeps on the left (a cell is padded alike on both sides), at
    most one character height."""
    if box is None:
        return None
    size = max(char.box[3] - char.box[1] for char in chars) or 1.0
    padding = min(max(min(char.box[0] for char in chars) - box[0], 0.0), size)
    return box[2] - padding


def continues(last: str, first: str) -> bool:
    """Whether a line starting with ``first`` goes on with the text of a line
    ending with ``last`` (a wrap), rather than starting a new item."""
    if first.islower() or first in ",.;:)»%€":
        return True
    return last.isdigit() and (first.isdigit() or first == "€")
