"""The warehouse's tables: the migrations that create them, the relations
they hold, and the package's SQL files.

Tables come from the numbered files of ``sql/migrations/``, applied in order
once each and recorded in ``schema_migrations``; a warehouse written by an
older release gets the ones it lacks on its next writing connection.
``sql/schema.sql`` (``current_schema``) is the same tables written once, as
the migrations leave them: where to read a table's columns. A new column is a
new migration and the same column in ``schema.sql``; ``tests/test_schema.py``
builds a database from each and requires the same tables, columns and
constraints.
"""

from __future__ import annotations

from importlib import resources

import duckdb

from calpae.warehouse.transactions import rollback

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
"""The tables holding one document's facts (beside its row of ``documents``):
a new version of a document replaces its rows in each."""

PUBLIC_RELATIONS = (
    "documents",
    *(table for table in FACT_TABLES if table != "extraction_checks"),
    "data_quality",
    "funding_comparison",
    "funding_execution",
    "action_funding",
    "funding_by_department_year",
    "action_timeline",
    "indicator_comparison",
    "funding_comparison_items",
    "action_funding_items",
    "amount_roles",
)
"""The analysts' relations: the stable contract (DESIGN.md) and the other marts
(``tests/test_schema.py``: every mart is one)."""


def sql_files(folder: str) -> list[tuple[str, str]]:
    """(name, SQL) of every ``.sql`` file of a folder of ``warehouse/sql``, by name."""
    root = resources.files("calpae.warehouse") / "sql" / folder
    files = sorted(f for f in root.iterdir() if f.name.endswith(".sql"))
    return [(f.name.removesuffix(".sql"), f.read_text(encoding="utf-8")) for f in files]


def migration_files() -> list[tuple[str, str]]:
    """(version, SQL) of every migration, in version order."""
    return sql_files("migrations")


def current_schema() -> str:
    """The CREATE TABLE statements of every table as the migrations leave it
    (``sql/schema.sql``)."""
    path = resources.files("calpae.warehouse") / "sql" / "schema.sql"
    return path.read_text(encoding="utf-8")


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
            rollback(con)
            raise
        applied.append(version)
    return applied
