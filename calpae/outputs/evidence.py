"""The evidence of one fact: the fact, its document, page and line, and the
source lines around it with the fact's span marked.

The warehouse keeps each fact's evidence text and place; the lines around it
are read again from the source file, when it is still where it was loaded
from and unchanged (same SHA-256). Otherwise the evidence alone is shown,
with the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from calpae.schemas.ir import Document

FACTS = (  # relation, id column, the columns shown, the text that is the evidence
    ("amounts", "amount_id", "label, year, funder, nature, amount_eur, scope", "evidence"),
    ("actions", "action_id", "action_ref, title, section, measure_code", "title"),
    (
        "indicator_values",
        "indicator_value_id",
        "indicator_label, indicator_code, year, is_target, value_raw, unit",
        "value_raw",
    ),
)
MARK_OPEN, MARK_CLOSE = "»", "«"


class FactNotFound(Exception):
    pass


@dataclass(frozen=True)
class SourceLine:
    """A line of a document as read: a text line, or a table row's cells
    joined by tabs; ``pieces`` place its text in the page's characters
    (page offset, position in ``text``, length)."""

    page: int
    number: int
    text: str
    pieces: tuple[tuple[int, int, int], ...] = ()

    def position(self, char_start: int | None) -> int | None:
        """Where the page offset ``char_start`` falls in ``text``."""
        if char_start is None:
            return None
        for offset, at, length in self.pieces:
            if offset <= char_start <= offset + length:
                return at + char_start - offset
        return None


@dataclass
class Evidence:
    relation: str
    fact_id: str
    fields: dict[str, object]
    source_file: str
    page: int | None
    line: int | None
    text: str
    context: list[SourceLine] = field(default_factory=list)
    char_start: int | None = None
    note: str | None = None

    def lines(self) -> list[str]:
        out = [f"{self.relation} {self.fact_id}"]
        out += [f"  {name}: {'' if v is None else v}" for name, v in self.fields.items()]
        out.append(f"  source: {self.source_file}, page {self.page}, line {self.line}")
        out.append(f"  evidence: {self.text}")
        if self.note:
            out.append(f"  ({self.note})")
        for source in self.context:
            text = source.text
            if source.number == self.line and source.page == self.page:
                text = marked(source, self.text, self.char_start)
                out.append(f"> {source.number:>5} | {text}")
            else:
                out.append(f"  {source.number:>5} | {text}")
        return out


def marked(source: SourceLine, evidence: str, char_start: int | None) -> str:
    """The line with the evidence between marks: at its page offset when
    known, else at its first occurrence."""
    at = source.position(char_start)
    if at is None or source.text[at : at + len(evidence)] != evidence:
        at = source.text.find(evidence) if evidence else -1
    if at < 0:
        return source.text
    end = at + len(evidence)
    return f"{source.text[:at]}{MARK_OPEN}{source.text[at:end]}{MARK_CLOSE}{source.text[end:]}"


def source_lines(document: Document) -> dict[tuple[int, int], SourceLine]:
    """Every line of a document read again, by (page, line)."""
    lines: dict[tuple[int, int], SourceLine] = {}
    for page in document.pages:
        for block in page.blocks:
            for line in block.lines:
                lines[(page.number, line.number)] = SourceLine(
                    page.number, line.number, line.raw, ((line.char_start, 0, len(line.raw)),)
                )
            for row in block.rows:
                text, pieces = "", []
                for cell in row.cells:
                    if text:
                        text += "\t"
                    pieces.append((cell.char_start, len(text), len(cell.raw)))
                    text += cell.raw
                lines[(row.page, row.line)] = SourceLine(row.page, row.line, text, tuple(pieces))
    return lines


def find_fact(con: duckdb.DuckDBPyConnection, fact_id: str) -> tuple[str, dict[str, object]]:
    """The relation holding ``fact_id`` and the fact's row."""
    for relation, id_column, shown, text_column in FACTS:
        columns = (
            f"f.{text_column} AS evidence_text, f.page, f.source_line, "
            + ", ".join(f"f.{c.strip()}" for c in shown.split(","))
            + ", d.source_file, d.source_root, d.sha256"
            + (", f.char_start" if relation == "amounts" else ", NULL AS char_start")
        )
        result = con.execute(
            f"SELECT {columns} FROM {relation} f JOIN documents d USING (document_id) "
            f"WHERE f.{id_column} = ?",
            [fact_id],
        )
        row = result.fetchone()
        if row:
            names = [d[0] for d in result.description]
            return relation, dict(zip(names, row, strict=True))
    kinds = ", ".join(id_column for _, id_column, _, _ in FACTS)
    raise FactNotFound(f"no fact with the id {fact_id!r} (an {kinds})")


def evidence_of(con: duckdb.DuckDBPyConnection, fact_id: str, context: int = 2) -> Evidence:
    relation, row = find_fact(con, fact_id)
    shown = next(s for r, _, s, _ in FACTS if r == relation)
    fields = {name.strip(): row[name.strip()] for name in shown.split(",")}
    evidence = Evidence(
        relation,
        fact_id,
        fields,
        row["source_file"],
        row["page"],
        row["source_line"],
        str(row["evidence_text"] or ""),
        char_start=row["char_start"],
    )
    document, note = read_again(row)
    evidence.note = note
    if document is not None and evidence.line is not None:
        lines = source_lines(document)
        evidence.context = [
            lines[(evidence.page, number)]
            for number in range(evidence.line - context, evidence.line + context + 1)
            if (evidence.page, number) in lines
        ]
    return evidence


def read_again(row: dict[str, object]) -> tuple[Document | None, str | None]:
    """The fact's document read again from its source file, or why not."""
    from calpae.pipeline.ingest import read_document

    root = row["source_root"]
    path = Path(str(root)) / str(row["source_file"]) if root else Path(str(row["source_file"]))
    try:
        data = path.read_bytes()
    except OSError:
        return None, f"{path} is no longer there: the evidence alone is shown"
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        return None, f"{path} has changed since it was loaded: the evidence alone is shown"
    return read_document(path, data), None
