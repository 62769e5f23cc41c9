"""Rolling a transaction back without hiding why it failed."""

from __future__ import annotations

import contextlib

import duckdb


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if DuckDB has not already aborted it
    (a failed COMMIT on a full disk leaves none: rolling back would hide the
    real error under "cannot rollback - no transaction is active")."""
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")
