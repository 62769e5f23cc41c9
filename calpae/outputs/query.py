"""An analyst's query on the warehouse: its columns and rows, within a time limit."""

from __future__ import annotations

import threading

import duckdb


class QueryTimeout(Exception):
    """An analyst's query ran past its time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the query ran over {seconds:g} s (CALPAE_QUERY_TIMEOUT) and was stopped: "
            "narrow it, or run it on a copy of the warehouse"
        )


def query(
    con: duckdb.DuckDBPyConnection, sql: str, timeout: float = 0
) -> tuple[list[str], list[tuple]]:
    """Run ``sql``; its columns and rows (none for a statement that returns none).
    DuckDB has no statement timeout: past ``timeout`` seconds (0: none) a timer
    thread interrupts the connection, and the query ends in ``QueryTimeout``;
    the connection, and so its hold on the warehouse file, is let go soon after."""
    timer = threading.Timer(timeout, con.interrupt) if timeout > 0 else None
    if timer:
        timer.daemon = True
        timer.start()
    try:
        result = con.execute(sql)
        if result is None or result.description is None:
            return [], []
        return [d[0] for d in result.description], result.fetchall()
    except duckdb.InterruptException as error:
        raise QueryTimeout(timeout) from error
    finally:
        if timer:
            timer.cancel()
