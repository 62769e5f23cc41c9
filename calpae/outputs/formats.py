"""Rows as text: an aligned table, CSV, JSON (one object per row) or a
Markdown table. Every column is printed whole, whatever the terminal's
width (a piped table is not cut to 80 columns). Text from documents is
hostile: in a table (for a terminal) its control and bidi characters are
shown as escapes; in CSV (for a spreadsheet) it follows OWASP's rule
(``cells.csv_text``)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from calpae.outputs.cells import csv_text, visible

FORMATS = ("table", "csv", "json", "markdown")


def cell(value: object) -> str:
    """A value as printed on a terminal."""
    return "" if value is None else visible(str(value))


def csv_cell(value: object) -> str:
    """A value in a CSV file: text by OWASP's rule, numbers and dates as they are."""
    if isinstance(value, str):
        return csv_text(value)
    return "" if value is None else str(value)


def as_table(columns: list[str], rows: list[tuple]) -> str:
    """Columns padded to their widest value, numbers to the right."""
    columns = [cell(c) for c in columns]
    texts = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in texts)]) for i, c in enumerate(columns)]
    numeric = [
        bool(rows) and all(isinstance(r[i], int | float | Decimal) or r[i] is None for r in rows)
        for i in range(len(columns))
    ]

    def line(values: list[str]) -> str:
        padded = [
            v.rjust(w) if right else v.ljust(w)
            for v, w, right in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(columns), rule, *(line(r) for r in texts)]) + "\n"


def as_csv(columns: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(c) for c in columns])
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return out.getvalue()


def json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value) if value % 1 else int(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def as_json(columns: list[str], rows: list[tuple]) -> str:
    records = [{c: json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def as_markdown(columns: list[str], rows: list[tuple]) -> str:
    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in values) + " |"

    lines = [line([cell(c) for c in columns]), "|" + "|".join("---" for _ in columns) + "|"]
    lines += [line([cell(v) for v in row]) for row in rows]
    return "\n".join(lines) + "\n"


def render(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    writers = {"table": as_table, "csv": as_csv, "json": as_json, "markdown": as_markdown}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    return writers[fmt](columns, rows)
