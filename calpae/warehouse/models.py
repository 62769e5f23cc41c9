"""The SQL models: the views of the warehouse, in layers, one per file
(``sql/staging/``, ``sql/intermediate/``, ``sql/marts/``: a file ``name.sql``
holds the SELECT of the view ``name``), recreated by a writing connection
when they changed (``database.refresh_models``).

Each model declares, on its first line, the models it reads::

    -- reads: int_action_figures, int_document_priority

(``-- reads: none`` for a model reading tables only). The order the views are
created in is computed from these declarations: each model after the models
it reads, the ready ones by name (deterministic). ``tests/test_sql_models.py``
checks that each model declares exactly the models its SQL names.
"""

from __future__ import annotations

import re

import duckdb

from calpae.warehouse.schema import sql_files
from calpae.warehouse.transactions import rollback

MODEL_LAYERS = ("staging", "intermediate", "marts")
READS = re.compile(r"--\s*reads:\s*(?P<models>.*?)\s*")
NAME = re.compile(r"[a-z_][a-z0-9_]*")


def declared_reads(name: str, sql: str) -> set[str]:
    """The models that the model ``name`` declares it reads (its first line)."""
    first_line = sql.split("\n", 1)[0]
    declared = READS.fullmatch(first_line)
    if not declared:
        raise ValueError(
            f"model {name}: its first line must say what it reads "
            "('-- reads: model_a, model_b' or '-- reads: none')"
        )
    listed = declared["models"]
    if listed == "none":
        return set()
    names = [item.strip() for item in listed.split(",")]
    if not all(NAME.fullmatch(item) for item in names):
        raise ValueError(f"model {name}: cannot read its declaration {first_line!r}")
    return set(names)


def model_order(reads: dict[str, set[str]]) -> list[str]:
    """The models, each after the models it reads; those ready together by name."""
    for name, read in sorted(reads.items()):
        unknown = sorted(read - reads.keys())
        if unknown:
            raise ValueError(f"model {name} reads models that do not exist: {unknown}")
    ordered: list[str] = []
    while len(ordered) < len(reads):
        done = set(ordered)
        ready = sorted(n for n in reads if n not in done and reads[n] <= done)
        if not ready:
            raise ValueError(f"models read each other in a cycle: {sorted(reads.keys() - done)}")
        ordered += ready
    return ordered


def model_files() -> list[tuple[str, str]]:
    """(view name, SELECT) of every model, each after the models it reads."""
    models = {name: sql for layer in MODEL_LAYERS for name, sql in sql_files(layer)}
    reads = {name: declared_reads(name, sql) for name, sql in models.items()}
    return [(name, models[name]) for name in model_order(reads)]


def models_in_layer(layer: str) -> set[str]:
    """The names of the models of one layer (``MODEL_LAYERS``)."""
    return {name for name, _ in sql_files(layer)}


def models_read_by(names: tuple[str, ...]) -> list[str]:
    """The models ``names`` read, directly or not, and ``names`` themselves,
    each after the models it reads (the order they are created in)."""
    models = model_files()
    reads = {name: declared_reads(name, sql) for name, sql in models}
    wanted = set(names)
    for name, _ in reversed(models):  # a model comes after every model it reads
        if name in wanted:
            wanted |= reads[name]
    return [name for name, _ in models if name in wanted]


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
        rollback(con)
        raise
    return [name for name, _ in models]
