"""Every analyst relation written to files: Parquet, CSV or JSON by DuckDB's
own writers (one file per relation), or one Excel workbook with a sheet per
relation and a README sheet describing every column (the warehouse's
column comments)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from calpae.outputs.cells import csv_text_sql, workbook_text
from calpae.warehouse.columns import column_description
from calpae.warehouse.database import LOCK_WAIT, open_database
from calpae.warehouse.schema import PUBLIC_RELATIONS

EXPORT_FORMATS = ("parquet", "csv", "json", "xlsx")
COPY_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER", "json": "FORMAT json"}


def column_comments(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    """(relation, column, type, description) of every public column, in order:
    the warehouse's comment, or this release's description for a warehouse
    last written by an older one."""
    names = ", ".join(f"'{r}'" for r in PUBLIC_RELATIONS)
    rows = con.execute(
        "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
        f"WHERE table_name IN ({names}) ORDER BY table_name, column_index"
    ).fetchall()
    order = {name: i for i, name in enumerate(PUBLIC_RELATIONS)}
    described = [
        (table, column, kind, comment or column_description(table, column) or "")
        for table, column, kind, comment in rows
    ]
    return sorted(described, key=lambda r: order[r[0]])


def export(db_path: Path, folder: Path, fmt: str, wait: float = LOCK_WAIT) -> list[Path]:
    """Write the public relations of the warehouse at ``db_path`` into
    ``folder``; the files written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of: {', '.join(EXPORT_FORMATS)})")
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run 'calpae ingest' first")
    folder.mkdir(parents=True, exist_ok=True)
    con = open_database(db_path, {"access_mode": "READ_ONLY"}, wait)
    try:
        if fmt == "xlsx":
            return [write_workbook(con, folder / "calpae.xlsx")]
        written = []
        for relation in PUBLIC_RELATIONS:
            path = folder / f"{relation}.{fmt}"
            target = str(path).replace("'", "''")
            columns = exported_columns(con, relation) if fmt == "csv" else "*"
            con.execute(
                f"COPY (SELECT {columns} FROM {relation}) TO '{target}' ({COPY_OPTIONS[fmt]})"
            )
            written.append(path)
        return written
    finally:
        con.close()


def exported_columns(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    """The columns of ``relation`` for a CSV file: text columns by OWASP's rule
    (``cells.csv_text``), the others as they are."""
    described = con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    return ", ".join(
        f"{csv_text_sql(quoted(name))} AS {quoted(name)}" if kind == "VARCHAR" else quoted(name)
        for name, kind, *_ in described
    )


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def excel_value(value: object) -> object:
    """What a cell can hold: lists (ids of documents, flags) as text; text
    without the control characters a workbook refuses, within a cell's length; any other value a
    workbook cannot hold (a time zone…) as its text."""
    if isinstance(value, list | tuple | dict):
        value = ", ".join(str(v) for v in value) if not isinstance(value, dict) else str(value)
    if isinstance(value, str):
        return workbook_text(value)
    if getattr(value, "tzinfo", None) is not None:
        return str(value)
    return value


def append_row(sheet: object, values: list) -> None:
    """One row, text written as text: a cell from a document that starts with
    ``=`` is a string, never a formula; a value no cell takes is its text."""
    try:
        sheet.append(values)
    except (TypeError, ValueError):  # one odd value must not lose the workbook
        sheet.append([v if isinstance(v, int | float | str) else str(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def write_workbook(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    readme = book.active
    readme.title = "README"
    readme.append(["CALPAE warehouse export: one sheet per relation; the columns below."])
    readme.append([])
    readme.append(["relation", "column", "type", "description"])
    for cell in readme[3]:
        cell.font = Font(bold=True)
    for row in column_comments(con):
        append_row(readme, [excel_value(v) for v in row])
    for relation in PUBLIC_RELATIONS:
        result = con.execute(f"SELECT * FROM {relation}")
        sheet = book.create_sheet(relation[:31])
        sheet.append([d[0] for d in result.description])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in result.fetchall():
            append_row(sheet, [excel_value(v) for v in row])
        sheet.freeze_panes = "A2"
    book.save(path)
    return path
