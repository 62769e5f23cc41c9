"""An analyst's query on the warehouse: its columns and rows."""

from __future__ import annotations

import duckdb


def query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Run ``sql``; its columns and rows (none for a statement that returns none)."""
    result = con.execute(sql)
    if result is None or result.description is None:
        return [], []
    return [d[0] for d in result.description], result.fetchall()
