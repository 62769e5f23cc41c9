"""An analyst's query on the warehouse: its columns and rows, within a time
limit and a number of rows."""

from __future__ import annotations

import threading

import duckdb

MAX_ROWS = 1_000_000
"""Rows an analyst's query may return (``query_rows``): DuckDB holds a result
within its memory limit, but as Python values each row costs ten times more."""
CHUNK = 10_000


class QueryTimeout(Exception):
    """An analyst's query ran past its time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the query ran over {seconds:g} s (CALPAE_QUERY_TIMEOUT) and was stopped: "
            "narrow it, or run it on a copy of the warehouse"
        )


class QueryTooLarge(Exception):
    """An analyst's query returned more rows than it may."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the query returns over {limit:,} rows (CALPAE_QUERY_ROWS) and was stopped: "
            "aggregate or LIMIT it, or use 'calpae export'"
        )


def query(
    con: duckdb.DuckDBPyConnection, sql: str, timeout: float = 0, max_rows: int = MAX_ROWS
) -> tuple[list[str], list[tuple]]:
    """Run ``sql``; its columns and rows (none for a statement that returns none).
    DuckDB has no statement timeout: past ``timeout`` seconds (0: none) a timer
    thread interrupts the connection, and the query, or the fetching of its
    rows, ends in ``QueryTimeout``; the connection, and so its hold on the
    warehouse file, is let go soon after. Rows are fetched in chunks: past
    ``max_rows`` (0: no limit) the query ends in ``QueryTooLarge``."""
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        con.interrupt()

    timer = threading.Timer(timeout, stop) if timeout > 0 else None
    if timer:
        timer.daemon = True
        timer.start()
    try:
        result = con.execute(sql)
        if result is None or result.description is None:
            return [], []
        return [d[0] for d in result.description], fetch(result, expired, max_rows, timeout)
    except duckdb.InterruptException as error:
        raise QueryTimeout(timeout) from error
    finally:
        if timer:
            timer.cancel()


def fetch(
    result: duckdb.DuckDBPyConnection, expired: threading.Event, max_rows: int, timeout: float
) -> list[tuple]:
    """The rows of ``result``, chunk by chunk, while the time lasts and within ``max_rows``."""
    rows: list[tuple] = []
    while chunk := result.fetchmany(CHUNK):
        rows.extend(chunk)
        if expired.is_set():
            raise QueryTimeout(timeout)
        if 0 < max_rows < len(rows):
            raise QueryTooLarge(max_rows)
    return rows
