"""One current schema, checked against the migrations: ``sql/schema.sql``
holds every table as the migrations leave it, the records of ``records.py``
hold exactly their table's columns, and every public column is described in
``columns.csv``.

A new column is a new migration (``sql/migrations/NNN_what.sql``) and the same
column in ``sql/schema.sql``; these tests fail until both say the same."""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest

from calpae.warehouse import records
from calpae.warehouse.columns import column_description
from calpae.warehouse.database import connect
from calpae.warehouse.schema import (
    FACT_TABLES,
    PUBLIC_RELATIONS,
    current_schema,
    migrate,
    migration_files,
    sql_files,
)

COLUMNS = """
    SELECT table_name, column_index, column_name, data_type, is_nullable, column_default
    FROM duckdb_columns()
    WHERE schema_name = 'main' AND NOT internal
    ORDER BY table_name, column_index
"""
CONSTRAINTS = """
    SELECT table_name, constraint_type, constraint_text, constraint_column_names
    FROM duckdb_constraints()
    WHERE schema_name = 'main'
"""


def shape(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """The tables, their columns and their constraints (primary keys, NOT NULL,
    CHECK), in a form two databases can be compared by."""
    tables = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
    constraints = sorted(
        (table, kind, text, tuple(columns))
        for table, kind, text, columns in con.execute(CONSTRAINTS).fetchall()
    )
    return {
        "tables": sorted(tables),
        "columns": con.execute(COLUMNS).fetchall(),
        "constraints": constraints,
    }


def from_migrations() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    migrate(con)
    return con


def from_schema() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(current_schema())
    return con


def test_schema_sql_is_what_the_migrations_build():
    migrated, declared = shape(from_migrations()), shape(from_schema())
    assert declared["tables"] == migrated["tables"]
    assert declared["columns"] == migrated["columns"]
    assert declared["constraints"] == migrated["constraints"]


def test_a_column_missing_from_schema_sql_is_caught():
    con = from_schema()
    con.execute("ALTER TABLE amounts DROP COLUMN table_row_line")
    assert shape(con)["columns"] != shape(from_migrations())["columns"]


def test_every_migration_holds_a_statement():
    """A migration that does nothing is not kept (versions already applied
    are only skipped: removing one breaks no warehouse)."""
    for version, sql in migration_files():
        code = re.sub(r"--[^\n]*", "", sql)
        assert code.strip(" \n;"), f"{version} holds no statement"


# --- records -------------------------------------------------------------------------

PYTHON_TYPES = {
    "VARCHAR": str,
    "INTEGER": int,
    "BIGINT": int,
    "DOUBLE": float,
    "BOOLEAN": bool,
    "DATE": date,
    "TIMESTAMP": datetime,
}


def python_type(data_type: str) -> type:
    return Decimal if data_type.startswith("DECIMAL") else PYTHON_TYPES[data_type]


def record_types() -> list[type]:
    """Every record of ``records.py``: a dataclass naming its table."""
    return [
        value
        for value in vars(records).values()
        if dataclasses.is_dataclass(value) and isinstance(getattr(value, "table", None), str)
    ]


def test_every_table_a_document_fills_has_its_record():
    tables = sorted(record.table for record in record_types())
    assert tables == sorted(("documents", *FACT_TABLES))


@pytest.mark.parametrize("record", record_types(), ids=lambda r: r.__name__)
def test_a_record_holds_exactly_its_tables_columns(record):
    con = from_schema()
    columns = {
        name: (data_type, nullable)
        for name, data_type, nullable in con.execute(
            "SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = ?",
            [record.table],
        ).fetchall()
    }
    hints = typing.get_type_hints(record)
    fields = {f.name: hints[f.name] for f in dataclasses.fields(record)}
    assert set(fields) == set(columns), record.table
    for name, hint in fields.items():
        data_type, nullable = columns[name]
        allowed = set(typing.get_args(hint)) if isinstance(hint, types.UnionType) else {hint}
        assert allowed - {type(None)} == {python_type(data_type)}, (record.table, name, hint)
        if not nullable:
            assert type(None) not in allowed, f"{record.table}.{name} is NOT NULL"


# --- descriptions ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    con = connect(tmp_path_factory.mktemp("empty") / "w.duckdb")
    yield con
    con.close()


def test_every_mart_is_a_public_relation():
    marts = [name for name, _ in sql_files("marts")]
    assert set(marts) <= set(PUBLIC_RELATIONS), sorted(set(marts) - set(PUBLIC_RELATIONS))


def test_every_public_column_is_described_in_columns_csv(empty_warehouse):
    names = ", ".join(f"'{r}'" for r in PUBLIC_RELATIONS)
    columns = empty_warehouse.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        f"WHERE table_name IN ({names}) ORDER BY ALL"
    ).fetchall()
    assert {table for table, _ in columns} == set(PUBLIC_RELATIONS)
    undescribed = [(t, c) for t, c in columns if not column_description(t, c)]
    assert undescribed == []
