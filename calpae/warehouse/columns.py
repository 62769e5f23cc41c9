"""What each public column holds (``columns.csv``): the warehouse's column
comments, and the README sheet of the Excel export."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import duckdb

from calpae.warehouse.schema import PUBLIC_RELATIONS
from calpae.warehouse.transactions import rollback


@cache
def column_descriptions() -> dict[tuple[str, str], str]:
    """(relation, column) → what the column holds; relation ``*`` for a
    column meaning the same wherever it stands (``columns.csv``)."""
    path = resources.files("calpae.warehouse") / "columns.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {(row["relation"], row["column"]): row["description"] for row in rows}


def column_description(relation: str, column: str) -> str | None:
    described = column_descriptions()
    return described.get((relation, column)) or described.get(("*", column))


def describe_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Comment every public column with what it holds (``COMMENT ON``: read
    them in ``duckdb_columns()``), from ``columns.csv``."""
    names = ", ".join(f"'{r}'" for r in PUBLIC_RELATIONS)
    columns = con.execute(
        "SELECT table_name, column_name, coalesce(comment, '') FROM duckdb_columns() "
        f"WHERE table_name IN ({names})"
    ).fetchall()
    con.execute("BEGIN TRANSACTION")  # one commit, not one per column
    try:
        for relation, column, comment in columns:
            text = column_description(relation, column)
            if text and text != comment:
                quoted = text.replace("'", "''")
                con.execute(f"COMMENT ON COLUMN {relation}.\"{column}\" IS '{quoted}'")
        con.execute("COMMIT")
    except Exception:
        rollback(con)
        raise
