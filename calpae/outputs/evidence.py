"""The evidence of one fact, for ``calpae show``: the fact, its document,
page and line, and the source lines around it with the fact's span marked
(``outputs.source``: read again from the source file when it is still where
it was loaded from and unchanged; otherwise the evidence alone, with the
reason).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import SimpleNamespace

import duckdb

from calpae.outputs.cells import visible
from calpae.outputs.source import Snippet, fact_snippet, load_source, source_path

FACTS = (  # relation, id column, the columns shown, the text that is the evidence
    (
        "amounts",
        "amount_id",
        "label, year, funder, nature, amount_eur, scope, attribution",
        "evidence",
    ),
    ("actions", "action_id", "action_ref, title, section, measure_code", "title"),
    (
        "indicator_values",
        "indicator_value_id",
        "indicator_label, indicator_code, year, is_target, value_raw, value_num, unit",
        "value_raw",
    ),
)
MARK_OPEN, MARK_CLOSE = "»", "«"


class FactNotFound(Exception):
    pass


@dataclass
class Evidence:
    relation: str
    fact_id: str
    fields: dict[str, object]
    source_file: str
    page: int | None
    line: int | None
    text: str
    snippet: Snippet = field(default_factory=lambda: Snippet((), exact=False))
    note: str | None = None

    def lines(self) -> list[str]:
        """What ``calpae show`` prints, every control and bidi character of the
        document shown as its escape (``cells.visible``)."""
        out = [f"{self.relation} {self.fact_id}"]
        fields = dict(self.fields)
        decided = attribution_lines(fields.pop("attribution", None))
        out += [f"  {name}: {'' if v is None else v}" for name, v in fields.items()]
        out += decided
        out.append(f"  source: {self.source_file}, page {self.page}, line {self.line}")
        out.append(f"  evidence: {self.text}")
        if self.note:
            out.append(f"  ({self.note})")
        for line in self.snippet.lines:
            if line.is_marked:
                text = f"{line.before}{MARK_OPEN}{line.marked}{MARK_CLOSE}{line.after}"
                out.append(f"> {line.number:>5} | {text}")
            else:
                out.append(f"  {line.number:>5} | {line.before}{line.after}")
        return [visible(line) for line in out]


def attribution_lines(attribution: object) -> list[str]:
    """How an amount's funder, year and nature were decided (``amounts.attribution``):
    a table cell's column header and row label first, then each field's rule
    and the words that decided it."""
    if not attribution:
        return []
    decided = json.loads(str(attribution))
    out = []
    for name, title in (("column", "column header"), ("row", "row label")):
        if name in decided:
            out.append(f"  {title}: {decided.pop(name)['words']}")
    for name, reason in sorted(decided.items()):
        words = f" ({reason['words']})" if reason.get("words") else ""
        out.append(f"  {name} decided by: {reason['rule']}{words}")
    return out


def find_fact(con: duckdb.DuckDBPyConnection, fact_id: str) -> tuple[str, dict[str, object]]:
    """The relation holding ``fact_id`` and the fact's row (with its document's place)."""
    for relation, id_column, shown, text_column in FACTS:
        span = "f.char_start, f.char_end" if relation == "amounts" else "NULL, NULL"
        columns = (
            f"f.{text_column} AS evidence_text, f.page, f.source_line, {span}, "
            + ", ".join(f"f.{c.strip()}" for c in shown.split(","))
            + ", d.source_file, d.source_root, d.source_format, d.sha256"
        )
        result = con.execute(
            f"SELECT {columns} FROM {relation} f JOIN documents d USING (document_id) "
            f"WHERE f.{id_column} = ?",
            [fact_id],
        )
        row = result.fetchone()
        if row:
            names = [d[0] for d in result.description]
            names[3:5] = ["char_start", "char_end"]
            return relation, dict(zip(names, row, strict=True))
    kinds = ", ".join(id_column for _, id_column, _, _ in FACTS)
    raise FactNotFound(f"no fact with the id {fact_id!r} (an {kinds})")


def evidence_of(con: duckdb.DuckDBPyConnection, fact_id: str, context: int = 2) -> Evidence:
    relation, row = find_fact(con, fact_id)
    shown = next(s for r, _, s, _ in FACTS if r == relation)
    document = SimpleNamespace(
        **{k: row[k] for k in ("source_file", "source_root", "source_format", "sha256")}
    )
    text = str(row["evidence_text"] or "")
    source = load_source(document)
    snippet = fact_snippet(
        source, row["page"], row["source_line"], row["char_start"], row["char_end"], text
    )
    note = None
    if source is None:
        where = source_path(document)
        note = f"{where} is gone or changed since it was loaded: the evidence alone is shown"
    return Evidence(
        relation,
        fact_id,
        {name.strip(): row[name.strip()] for name in shown.split(",")},
        row["source_file"],
        row["page"],
        row["source_line"],
        text,
        trimmed(snippet, row["source_line"], context),
        note,
    )


def trimmed(snippet: Snippet, line: int | None, context: int) -> Snippet:
    """The snippet's lines within ``context`` of the fact's line."""
    if line is None:
        return snippet
    kept = tuple(s for s in snippet.lines if abs(s.number - line) <= context or s.is_marked)
    return Snippet(kept, snippet.exact)
