"""Opening the warehouse: where it is, the bounded wait on DuckDB's file lock,
the analysts' read-only connection, and ``connect``, which brings a writing
connection's schema and models up to date.

DuckDB lets one process write a file at a time. The write lock is held
briefly (one document's load, see ``load``): ``open_database`` waits a bounded
time (``CALPAE_LOCK_WAIT`` seconds) for another process to let go of the file
before giving up with ``WarehouseLocked``.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import duckdb

from calpae.warehouse.columns import column_descriptions, describe_columns
from calpae.warehouse.models import create_models, model_files
from calpae.warehouse.schema import migrate

READ_ONLY_CONFIG = {
    "access_mode": "READ_ONLY",
    "enable_external_access": False,  # no COPY TO, ATTACH, read_text/read_csv/glob of files
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,  # no INSTALL / LOAD of extensions
    "temp_directory": "",  # nothing spills to disk: a query over its memory fails
}
"""The analysts' connection (``calpae sql``, ``status``, ``show``, the report),
opened with this configuration, then closed to every path (``CLOSE_TO_FILES``)."""

ANALYST_MEMORY = "2GB"

CLOSE_TO_FILES = (
    # DuckDB still lets a connection without external access read and write its
    # own database's paths (the file, its .wal, .wal.checkpoint, .wal.recovery):
    # with the local file system disabled once the file is open, no path can be
    # opened at all (the open file is still read through its handle)
    "SET disabled_filesystems = 'LocalFileSystem'",
    "SET lock_configuration = true",  # and no SET, RESET or PRAGMA lifts any of this
)


class WarehouseLocked(Exception):
    """Another process holds the warehouse file past the wait."""

    def __init__(self, path: Path, waited: float, holder: str) -> None:
        super().__init__(
            f"the warehouse {path} is in use by another process ({holder}); waited "
            f"{waited:.0f} s (CALPAE_LOCK_WAIT): try again when it is done"
        )


LOCK_WAIT = 120.0
"""Seconds a connection waits by default for another process to let go of
the file (the ``lock_wait`` setting)."""


def open_database(
    path: Path, config: dict | None = None, wait: float = LOCK_WAIT
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection, waiting (bounded, ``wait`` seconds) while another
    process holds the file: an analyst's query during the nightly load, or the
    load during a query."""
    deadline = time.monotonic() + wait
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path), config=config or {})
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() >= deadline:
                holder = str(error).split("Conflicting lock is held in ")[-1].split(". See")[0]
                raise WarehouseLocked(path, wait, holder) from error
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def analyst_connection(
    path: Path, wait: float = LOCK_WAIT, memory: str = ANALYST_MEMORY
) -> duckdb.DuckDBPyConnection:
    """The analysts' connection: it reads the warehouse and nothing else, can
    open no file at all (not even the warehouse's own WAL paths, nor the
    warehouse file through ``read_blob``), loads no extension, spills nothing
    to disk, uses at most ``memory``, and cannot change any of that."""
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run 'calpae ingest' first")
    con = open_database(path, {**READ_ONLY_CONFIG, "memory_limit": memory}, wait)
    for statement in CLOSE_TO_FILES:
        con.execute(statement)
    return con


def connect(
    path: Path,
    read_only: bool = False,
    wait: float = LOCK_WAIT,
    memory: str = ANALYST_MEMORY,
    models: bool = True,
) -> duckdb.DuckDBPyConnection:
    """The analysts' read-only connection (``analyst_connection``), or a writing one on which the
    migrations not yet applied are applied and, with ``models``, the models
    brought up to date and the public columns described (``refresh_models``)."""
    if read_only:
        return analyst_connection(path, wait, memory)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = open_database(path, wait=wait)
    applied = migrate(con)
    if models:
        refresh_models(con, renew=bool(applied))
    return con


MODELS_TABLE = "schema_migrations"
"""The table whose comment keeps the fingerprint of the models last created
(``refresh_models``): no relation of its own."""


def models_fingerprint(models: list[tuple[str, str]]) -> str:
    """What the models and the column comments are made of: every model's
    name and SQL (``model_files``), and every column's description."""
    digest = hashlib.sha256()
    for name, sql in models:
        digest.update(f"{name}\0{sql}\0".encode())
    for (relation, column), text in sorted(column_descriptions().items()):
        digest.update(f"{relation}\0{column}\0{text}\0".encode())
    return "models " + digest.hexdigest()[:32]


def refresh_models(con: duckdb.DuckDBPyConnection, renew: bool = False) -> bool:
    """Recreate the models and comment the public columns, unless the
    warehouse already holds these very models: their fingerprint is the one
    kept (the comment of ``MODELS_TABLE``) and every view is there. ``renew``
    (a migration was just applied) recreates them all the same. Whether they
    were recreated. Recreating them costs about 0.3 s, on every writing
    connection before: the start of every run."""
    models = model_files()
    wanted = models_fingerprint(models)
    if not renew:
        (kept,) = con.execute(
            "SELECT comment FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
            [MODELS_TABLE],
        ).fetchone()
        views = {name for (name,) in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
        if kept == wanted and {name for name, _ in models} <= views:
            return False
    create_models(con)
    describe_columns(con)
    con.execute(f"COMMENT ON TABLE {MODELS_TABLE} IS '{wanted}'")
    return True
