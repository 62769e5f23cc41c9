"""The SQL models: the views of the warehouse, in layers, one per file
(``sql/staging/``, ``sql/intermediate/``, ``sql/marts/``: a file ``name.sql``
holds the SELECT of the view ``name``), recreated on every writing connection
in the order their reads require.
"""

from __future__ import annotations

import re

import duckdb

from calpae.warehouse.schema import sql_files

MODEL_LAYERS = ("staging", "intermediate", "marts")


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
