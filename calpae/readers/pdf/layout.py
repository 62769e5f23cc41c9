"""The page's layout outside its tables: paragraphs and headings.

Page-text lines outside tables are grouped into paragraphs (``page_layout``),
broken at blank lines, where a line stands further below the one before than
the page's leading allows (its pitch between lines that surely wrap; without
any, a gap over ``PdfSettings.paragraph_gap`` line heights), where the text
goes back up the page or changes font size or weight, and around tables. A
one-line group is a heading (level 1) when it is short and set in a larger
font than the page's body text, in capitals, or starts like "ARTICLE 2"
(``is_heading``).
"""

from __future__ import annotations

import re
import statistics

from calpae.readers.pdf.cells import PlacedTable
from calpae.readers.pdf.chars import PageText, TextLine
from calpae.readers.pdf.settings import PdfSettings

_NUMBERED_HEADING = re.compile(
    r"^(article|titre|chapitre|annexe|partie)\s+(\d+|[ivxlc]+\b|premier|1er)", re.I
)


def page_layout(
    source: PageText, placed: list[PlacedTable], owner: dict[int, int], settings: PdfSettings
) -> list[list[TextLine] | PlacedTable]:
    """The page's paragraphs (each a group of its lines) and tables, in the
    order of the page text: a table stands where the first of its lines (in
    ``owner``: line number to table) stood; a table none of whose text is in
    the page text goes last."""
    leading = _leading(source, owner, settings)
    layout: list[list[TextLine] | PlacedTable] = []
    group: list[TextLine] = []
    emitted: set[int] = set()

    def close_group() -> None:
        if group:
            layout.append(list(group))
            group.clear()

    for line in source.lines:
        table = owner.get(line.number)
        if table is not None:
            close_group()
            if table not in emitted:
                layout.append(placed[table])
                emitted.add(table)
        elif line.top is None:
            close_group()
        else:
            if group and breaks_paragraph(group[-1], line, settings, leading):
                close_group()
            group.append(line)
    close_group()
    layout += [table for i, table in enumerate(placed) if i not in emitted]
    return layout


def body_height_of(source: PageText, owner: dict[int, int]) -> float:
    """The median height of the page's lines outside its tables."""
    heights = [
        line.height for line in source.lines if line.top is not None and line.number not in owner
    ]
    return statistics.median(heights) if heights else 0.0


def body_weight_of(source: PageText, owner: dict[int, int]) -> int:
    """The median font weight of the page's lines outside its tables."""
    weights = [
        line.weight for line in source.lines if line.top is not None and line.number not in owner
    ]
    return int(statistics.median(weights)) if weights else 400


def _leading(source: PageText, owner: dict[int, int], settings: PdfSettings) -> float | None:
    """The page's line pitch within a paragraph, in line heights, measured on
    the lines that surely wrap (the next one goes on in lower case, in the
    same font size): producers space lines and paragraphs each their own
    way, and their font boxes are not the line's pitch. None when no line
    surely wraps."""
    lines = [line for line in source.lines if line.top is not None and line.number not in owner]
    pitches = [
        ((line.top or 0.0) - (previous.top or 0.0)) / previous.height
        for previous, line in zip(lines, lines[1:], strict=False)
        if line.number == previous.number + 1
        and line.text[:1].islower()
        and abs(line.height - previous.height) <= settings.font_change * previous.height
        and previous.height > 0
        and 0 < (line.top or 0.0) - (previous.top or 0.0) < 3 * previous.height
    ]
    return statistics.median(pitches) if pitches else None


def breaks_paragraph(
    previous: TextLine, line: TextLine, settings: PdfSettings, leading: float | None = None
) -> bool:
    """A new paragraph: further below than the page's leading allows (or, not
    knowing it, a gap over ``paragraph_gap`` line heights), back up the page,
    or another font size or weight."""
    height = previous.height
    if leading is not None:
        slack = settings.leading_slack
        apart = (line.top or 0.0) - (previous.top or 0.0) > slack * leading * height
    else:
        apart = (line.top or 0.0) - (previous.bottom or 0.0) > settings.paragraph_gap * height
    goes_up = (line.top or 0.0) < (previous.top or 0.0) - height / 2
    font_change = abs(line.height - height) > settings.font_change * height
    weight_change = (line.weight >= settings.bold) != (previous.weight >= settings.bold)
    return apart or goes_up or font_change or weight_change


def is_heading(
    text: str,
    first: TextLine,
    n_lines: int,
    body_height: float,
    body_weight: int,
    settings: PdfSettings,
) -> bool:
    """Short, and set larger than the body text, or bold where the body is not,
    or in capitals, or numbered like "ARTICLE 2"."""
    if len(text) > settings.heading_max_chars or n_lines > settings.heading_max_lines:
        return False
    letters = [char for char in text if char.isalpha()]
    capitals = len(letters) >= 3 and text == text.upper()
    larger = body_height > 0 and first.height >= settings.heading_scale * body_height
    bold = first.weight >= settings.bold > body_weight
    return capitals or larger or bold or bool(_NUMBERED_HEADING.match(text))
