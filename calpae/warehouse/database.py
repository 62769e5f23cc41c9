"""The DuckDB warehouse: where it is, how it is created, how facts go in.

Tables come from the numbered SQL files of ``calpae/schemas/sql/migrations``,
applied in order once each and recorded in ``schema_migrations``. Views are
models in layers, one per file (``staging/``, ``intermediate/``, ``marts/``:
a file ``name.sql`` holds the SELECT of the view ``name``); they are recreated
on every writing connection, in the order their references require. The write lock is held
briefly: ``open_database`` waits a bounded time for another process to let
go of the file. Loading one
document's facts is one transaction: every row of the previous version of the
same source file is deleted and the new rows inserted, or nothing changes.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import fields
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow

from calpae.warehouse.columns import column_description
from calpae.warehouse.records import Facts

FACT_TABLES = (
    "document_departments",
    "document_pages",
    "document_segments",
    "document_people",
    "document_dates",
    "actions",
    "amounts",
    "indicator_values",
    "extraction_checks",
)
MODEL_LAYERS = ("staging", "intermediate", "marts")
PUBLIC_RELATIONS = (
    "documents",
    *(table for table in FACT_TABLES if table != "extraction_checks"),
    "data_quality",
    "funding_comparison",
    "action_funding",
    "funding_by_department_year",
    "action_timeline",
    "indicator_comparison",
)
"""The analysts' relations: the stable contract (DESIGN.md) and the other marts."""


READ_ONLY_CONFIG = {
    "access_mode": "READ_ONLY",
    "enable_external_access": False,  # no COPY TO, ATTACH, read_text/read_csv/glob of files
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,  # no INSTALL / LOAD of extensions
    "lock_configuration": True,  # and no SET that would lift any of this
}
"""The analysts' connection (``calpae sql``, ``status``): it reads the
warehouse and nothing else, and can write nothing anywhere."""


class WarehouseLocked(Exception):
    """Another process holds the warehouse file past the wait."""

    def __init__(self, path: Path, waited: float, holder: str) -> None:
        super().__init__(
            f"the warehouse {path} is in use by another process ({holder}); waited "
            f"{waited:.0f} s (CALPAE_LOCK_WAIT): try again when it is done"
        )


def lock_wait() -> float:
    return float(os.environ.get("CALPAE_LOCK_WAIT", "30"))


def open_database(path: Path, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection, waiting (bounded, ``CALPAE_LOCK_WAIT`` seconds) while
    another process holds the file: an analyst's query during the nightly
    load, or the load during a query."""
    deadline = time.monotonic() + lock_wait()
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path), config=config or {})
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() >= deadline:
                holder = str(error).split("Conflicting lock is held in ")[-1].split(". See")[0]
                raise WarehouseLocked(path, lock_wait(), holder) from error
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no warehouse at {path}: run 'calpae ingest' first")
        return open_database(path, READ_ONLY_CONFIG)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = open_database(path)
    migrate(con)
    create_models(con)
    describe_columns(con)
    return con


def describe_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Comment every public column with what it holds (``COMMENT ON``: read
    them in ``duckdb_columns()``), from ``schemas/reference/columns.csv``."""
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
        con.execute("ROLLBACK")
        raise


def sql_files(folder: str) -> list[tuple[str, str]]:
    """(name, SQL) of every ``.sql`` file of a folder of ``schemas/sql``, by name."""
    root = resources.files("calpae.warehouse") / "sql" / folder
    files = sorted(f for f in root.iterdir() if f.name.endswith(".sql"))
    return [(f.name.removesuffix(".sql"), f.read_text(encoding="utf-8")) for f in files]


def migration_files() -> list[tuple[str, str]]:
    """(version, SQL) of every migration, in version order."""
    return sql_files("migrations")


def model_files() -> list[tuple[str, str]]:
    """(view name, SELECT) of every model, each after the models it reads."""
    models = {name: sql for layer in MODEL_LAYERS for name, sql in sql_files(layer)}
    reads = {
        name: {other for other in models if other != name and re.search(rf"\b{other}\b", sql)}
        for name, sql in models.items()
    }
    ordered: list[str] = []
    while len(ordered) < len(models):
        ready = [n for n in models if n not in ordered and reads[n] <= set(ordered)]
        if not ready:
            waiting = sorted(set(models) - set(ordered))
            raise ValueError(f"models read each other in a cycle: {waiting}")
        ordered += sorted(ready)
    return [(name, models[name]) for name in ordered]


def create_models(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every model view, in one transaction; return their names."""
    models = model_files()
    con.execute("BEGIN TRANSACTION")
    try:
        for name, _ in reversed(models):
            con.execute(f"DROP VIEW IF EXISTS {name}")
        for name, sql in models:
            con.execute(f"CREATE VIEW {name} AS\n{sql.strip().rstrip(';')}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return [name for name, _ in models]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the schema files not yet applied; return their versions."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version VARCHAR PRIMARY KEY, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, sql in migration_files():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version) VALUES (?)", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


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
        con.execute("ROLLBACK")
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
        con.execute("ROLLBACK")
        raise
    return bool(updated)


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


def failed_attempts(con: duckdb.DuckDBPyConnection, source_file: str) -> int:
    row = con.execute(
        "SELECT max(failed_attempts) FROM documents WHERE source_file = ?", [source_file]
    ).fetchone()
    return int(row[0] or 0) if row else 0


def _insert(con: duckdb.DuckDBPyConnection, rows: list) -> None:
    """Insert records, one columnar append per table: the records' columns as
    an Arrow table that DuckDB scans in bulk (binding rows one at a time is
    some ten times slower)."""
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
