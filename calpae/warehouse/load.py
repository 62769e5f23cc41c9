"""Loading: one document's facts in one transaction, the failures of a
document's new version, and the record of each ingestion run.

Loading a document replaces every row of the previous version of the same
source file (or the same content) by the new rows, or changes nothing: the
old rows are deleted and the new ones inserted in one transaction.
"""

from __future__ import annotations

from dataclasses import fields

import duckdb

from calpae.warehouse.records import Facts
from calpae.warehouse.schema import FACT_TABLES
from calpae.warehouse.transactions import rollback


def replace_document(con: duckdb.DuckDBPyConnection, facts: Facts) -> None:
    """Replace every row of ``facts.document.source_file`` by ``facts``, atomically."""
    source_file = facts.document.source_file
    con.execute("BEGIN TRANSACTION")
    try:
        old_ids = [
            row[0]
            for row in con.execute(
                "SELECT document_id FROM documents WHERE source_file = ? OR document_id = ?",
                [source_file, facts.document.document_id],
            ).fetchall()
        ]
        for table in (*FACT_TABLES, "documents"):
            for document_id in old_ids:
                con.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])
        _insert(con, [facts.document])
        _insert(con, facts.rows)
        con.execute("COMMIT")
    except Exception:
        rollback(con)
        raise


def record_failure(con: duckdb.DuckDBPyConnection, source_file: str, reason: str) -> bool:
    """Keep the loaded version of ``source_file`` and note that its new version
    failed; False when nothing is loaded for it (the failure is then loaded as
    a ``failed`` document)."""
    con.execute("BEGIN TRANSACTION")
    try:
        updated = con.execute(
            "UPDATE documents SET last_error = ?, failed_attempts = failed_attempts + 1 "
            "WHERE source_file = ? AND status = 'ok' RETURNING document_id",
            [reason, source_file],
        ).fetchall()
        con.execute("COMMIT")
    except Exception:
        rollback(con)
        raise
    return bool(updated)


KEY_FACTS = ("amounts", "actions", "indicator_values")
"""The facts a new version is measured by against the loaded one."""


def key_facts(con: duckdb.DuckDBPyConnection, document_id: str) -> int:
    """How many amounts, actions and indicator values a loaded document has."""
    counts = (
        con.execute(f"SELECT count(*) FROM {table} WHERE document_id = ?", [document_id]).fetchone()
        for table in KEY_FACTS
    )
    return sum(int(row[0]) for row in counts)


def record_held(
    con: duckdb.DuckDBPyConnection, document_id: str, source_file: str, reason: str
) -> None:
    """Keep the loaded version of ``source_file``; say why its new version was
    held, beside it (``last_error``) and in ``data_quality`` (one
    ``new_version_held`` warning, renewed on each run)."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE documents SET last_error = ? WHERE document_id = ?", [reason, document_id]
        )
        con.execute(
            "DELETE FROM extraction_checks "
            "WHERE document_id = ? AND check_name = 'new_version_held'",
            [document_id],
        )
        con.execute(
            "INSERT INTO extraction_checks (document_id, check_name, severity, message) "
            "VALUES (?, 'new_version_held', 'warning', ?)",
            [document_id, f"{source_file}: {reason}"],
        )
        con.execute("COMMIT")
    except Exception:
        rollback(con)
        raise


def failed_attempts(con: duckdb.DuckDBPyConnection, source_file: str) -> int:
    row = con.execute(
        "SELECT max(failed_attempts) FROM documents WHERE source_file = ?", [source_file]
    ).fetchone()
    return int(row[0] or 0) if row else 0


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: object) -> int:
    """Record a run as running; mark the runs still 'running' (killed midway)
    'interrupted', and return how many there were."""
    (interrupted,) = con.execute(
        "SELECT count(*) FROM ingest_runs WHERE status = 'running'"
    ).fetchone()
    con.execute("UPDATE ingest_runs SET status = 'interrupted' WHERE status = 'running'")
    con.execute(
        "INSERT INTO ingest_runs (run_id, started_at, status) VALUES (?, ?, 'running')",
        [run_id, started_at],
    )
    return int(interrupted)


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, documents: int, failed: int, finished_at: object
) -> None:
    status = "completed_with_failures" if failed else "completed"
    con.execute(
        "UPDATE ingest_runs SET finished_at = ?, status = ?, documents = ?, failed = ? "
        "WHERE run_id = ?",
        [finished_at, status, documents, failed, run_id],
    )


def _insert(con: duckdb.DuckDBPyConnection, rows: list) -> None:
    """Insert records, one columnar append per table: the records' columns as
    an Arrow table that DuckDB scans in bulk (binding rows one at a time is
    some ten times slower). Arrow is imported at the first load, not with the
    run: a run's process has its workers started sooner."""
    import pyarrow

    by_table: dict[type, list] = {}
    for row in rows:
        by_table.setdefault(type(row), []).append(row)
    for record_type, records in by_table.items():
        columns = [f.name for f in fields(record_type)]
        incoming = pyarrow.table(
            {column: [getattr(record, column) for record in records] for column in columns}
        )
        names = ", ".join(columns)
        con.register("incoming_rows", incoming)
        try:
            con.execute(
                f"INSERT INTO {record_type.table} ({names}) SELECT {names} FROM incoming_rows"
            )
        finally:
            con.unregister("incoming_rows")
