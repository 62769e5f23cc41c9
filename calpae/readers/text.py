"""Read a text export (the corpus format) into the intermediate representation.

Rules, in the order they apply to each source line:

- a line with nothing but white space is blank; a run of 3 or more blank lines
  between two pieces of content is a page break;
- a line holding a TAB is a table row, its cells split on TABs (an empty cell
  keeps its column position); consecutive rows form one table;
- a line starting with ``#`` is a heading of that level;
- other consecutive lines form a paragraph, which is a heading (level 0) when
  it is one ``**bold**`` span as a whole.

Offsets are in characters of the decoded file; line numbers are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass

from calpae.readers.continuation import join_continued_tables
from calpae.readers.plain_text import heading_level, is_bold_only, strip_heading_mark, to_plain
from calpae.schemas.ir import Block, Cell, Line, Page, Row

PAGE_BREAK_BLANK_LINES = 3


@dataclass(frozen=True)
class SourceLine:
    number: int
    start: int
    raw: str

    @property
    def end(self) -> int:
        return self.start + len(self.raw)

    @property
    def is_blank(self) -> bool:
        return not self.raw.strip()

    @property
    def is_row(self) -> bool:
        return "\t" in self.raw


def split_lines(text: str) -> list[SourceLine]:
    """Source lines with their offsets; a trailing ``\\r`` is not part of a line."""
    lines: list[SourceLine] = []
    start = 0
    for number, chunk in enumerate(text.split("\n"), start=1):
        raw = chunk[:-1] if chunk.endswith("\r") else chunk
        lines.append(SourceLine(number, start, raw))
        start += len(chunk) + 1
    return lines


def read_text_export(text: str) -> list[Page]:
    """Pages of blocks of a text export."""
    pages: list[list[Block]] = [[]]
    group: list[SourceLine] = []
    blank_run = 0

    def close_group() -> None:
        if group:
            pages[-1].append(_block_of(group, page=len(pages)))
            group.clear()

    for line in split_lines(text):
        if line.is_blank:
            close_group()
            blank_run += 1
            continue
        if blank_run >= PAGE_BREAK_BLANK_LINES and pages[-1]:
            pages.append([])
        blank_run = 0
        if line.is_row:
            if group and not group[-1].is_row:
                close_group()
            group.append(line)
        elif heading_level(line.raw):
            close_group()
            group.append(line)
            close_group()
        else:
            if group and group[-1].is_row:
                close_group()
            group.append(line)
    close_group()

    built = [Page(number=i, blocks=tuple(blocks)) for i, blocks in enumerate(pages, start=1)]
    return join_continued_tables(built)


def _block_of(group: list[SourceLine], page: int) -> Block:
    first, last = group[0], group[-1]
    span = dict(
        page=page,
        line_start=first.number,
        line_end=last.number,
        char_start=first.start,
        char_end=last.end,
    )
    if first.is_row:
        return Block(kind="table", rows=tuple(_row_of(line, page) for line in group), **span)
    level = heading_level(first.raw)
    if level:
        line = Line(
            first.number, first.start, first.end, first.raw, to_plain(strip_heading_mark(first.raw))
        )
        return Block(kind="heading", lines=(line,), level=level, **span)
    lines = tuple(Line(sl.number, sl.start, sl.end, sl.raw, to_plain(sl.raw)) for sl in group)
    joined_raw = "\n".join(sl.raw for sl in group)
    kind = "heading" if is_bold_only(joined_raw) else "paragraph"
    return Block(kind=kind, lines=lines, **span)


def _row_of(line: SourceLine, page: int) -> Row:
    cells = []
    start = line.start
    for raw in line.raw.split("\t"):
        cells.append(
            Cell(
                text=to_plain(raw),
                raw=raw,
                line=line.number,
                char_start=start,
                char_end=start + len(raw),
            )
        )
        start += len(raw) + 1
    return Row(cells=tuple(cells), line=line.number, page=page)
