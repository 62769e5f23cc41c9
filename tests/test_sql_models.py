"""The SQL models: each declares the models it reads (its first line,
``-- reads: …``), they are recreated by a connect when they changed, in the order the
declarations give, and checked by the SQL tests of ``calpae/warehouse/sql/tests``
(each query returns the rows that break a rule: none is a pass), on the
sample corpus and on hand-made documents."""

import re
from pathlib import Path

import duckdb
import pytest

from calpae.warehouse import models
from calpae.warehouse.checks import enumeration_check, sql_checks
from calpae.warehouse.database import connect
from calpae.warehouse.load import replace_document
from calpae.warehouse.models import (
    MODEL_LAYERS,
    create_models,
    declared_reads,
    model_files,
    model_order,
)
from calpae.warehouse.schema import sql_files
from tests import test_funding
from tests.text_factory import facts_of

SQL_TESTS = sql_checks()


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("handmade") / "w.duckdb"
    con = connect(db)
    documents = {
        "conv": test_funding.CONVENTION,
        "avenant": test_funding.AVENANT,
        "report": test_funding.REPORT,
        "damaged": test_funding.DAMAGED,
        "gap": test_funding.GAP,
        "fiches": test_funding.fiches(3),
        "shares": test_funding.SHARES_REPORT,
        "indicators": test_funding.INDICATORS,
    }
    for name, text in documents.items():
        replace_document(con, facts_of(text, f"{name}.txt"))
    con.close()
    return db


@pytest.mark.parametrize("corpus", ["sample_warehouse", "handmade"])
@pytest.mark.parametrize(("name", "sql"), SQL_TESTS, ids=[name for name, _ in SQL_TESTS])
def test_sql_rule_holds(request, corpus, name, sql):
    """On the sample corpus and on the hand-made documents of test_funding."""
    con = duckdb.connect(str(request.getfixturevalue(corpus)), read_only=True)
    rows = con.execute(sql).fetchall()
    con.close()
    assert rows == [], f"{name}: {rows[:5]}"


def test_a_broken_grain_is_caught(handmade, tmp_path):
    """The grain test fails on a mart that repeats a cell."""
    copy = tmp_path / "broken.duckdb"
    copy.write_bytes(handmade.read_bytes())
    con = duckdb.connect(str(copy))
    con.execute(
        "CREATE OR REPLACE VIEW funding_comparison AS SELECT * FROM int_funding_sources"
    )  # every document's figure: no pick
    (sql,) = [sql for name, sql in SQL_TESTS if name == "funding_comparison__unique_cell"]
    assert con.execute(sql).fetchall() != []
    con.close()


MODELS = {name: (layer, sql) for layer in MODEL_LAYERS for name, sql in sql_files(layer)}


def models_named_in(sql: str) -> set[str]:
    """The models a model's SQL names, its comments aside."""
    code = re.sub(r"--[^\n]*", "", sql)
    return {name for name in MODELS if re.search(rf"\b{name}\b", code)}


@pytest.mark.parametrize("name", MODELS)
def test_a_model_declares_exactly_the_models_it_reads(name):
    """The declaration decides the order: it must name every model the SQL
    reads, and only those (a regex on the SQL checks it, it orders nothing)."""
    layer, sql = MODELS[name]
    declared = declared_reads(name, sql)
    assert declared <= MODELS.keys(), f"{name} declares unknown models"
    assert declared == models_named_in(sql) - {name}


@pytest.mark.parametrize("name", MODELS)
def test_a_model_reads_its_own_layer_or_the_ones_below(name):
    layer, sql = MODELS[name]
    for read in declared_reads(name, sql):
        assert MODEL_LAYERS.index(MODELS[read][0]) <= MODEL_LAYERS.index(layer), (name, read)


def test_models_come_after_the_models_they_read():
    order = [name for name, _ in model_files()]
    assert sorted(order) == sorted(MODELS)
    for name, (_, sql) in MODELS.items():
        for read in declared_reads(name, sql):
            assert order.index(read) < order.index(name), (read, name)
    assert order.index("stg_amounts") < order.index("int_action_figures")
    assert order.index("int_funding_sources") < order.index("funding_comparison")
    assert order.index("int_indicator_cells") < order.index("data_quality")


def test_the_order_is_computed_from_the_declarations_alone():
    """Ready models by name, whatever the SQL says; ties broken the same way
    on every run."""
    reads = {"c": {"a"}, "b": set(), "a": set(), "d": {"c", "b"}}
    assert model_order(reads) == ["a", "b", "c", "d"]
    assert model_order(dict(reversed(reads.items()))) == ["a", "b", "c", "d"]


def test_models_are_recreated_on_connect(tmp_path):
    db = tmp_path / "w.duckdb"
    con = connect(db)
    con.execute("DROP VIEW data_quality")
    con.execute("CREATE OR REPLACE VIEW funding_comparison AS SELECT 1 AS stale")
    con.close()
    con = connect(db)
    columns = {r[0] for r in con.execute("DESCRIBE funding_comparison").fetchall()}
    assert "stale" not in columns and "basis" in columns
    assert con.execute("SELECT count(*) FROM data_quality").fetchone() == (0,)
    con.close()


def test_models_reading_each_other_in_a_cycle_are_refused(monkeypatch):
    files = {
        "staging": [("a", "-- reads: b\nSELECT * FROM b")],
        "intermediate": [("b", "-- reads: a\nSELECT * FROM a")],
        "marts": [],
    }
    monkeypatch.setattr(models, "sql_files", lambda folder: files[folder])
    with pytest.raises(ValueError, match="cycle"):
        model_files()
    with pytest.raises(ValueError):
        create_models(duckdb.connect())


def test_a_model_declaring_an_unknown_model_is_refused(monkeypatch):
    files = {
        "staging": [("a", "-- reads: nowhere\nSELECT 1 AS x")],
        "intermediate": [],
        "marts": [],
    }
    monkeypatch.setattr(models, "sql_files", lambda folder: files[folder])
    with pytest.raises(ValueError, match="do not exist: \\['nowhere'\\]"):
        model_files()


@pytest.mark.parametrize("first_line", ["SELECT 1 AS x", "-- what it holds", "-- reads: a b"])
def test_a_model_without_its_declaration_is_refused(first_line):
    with pytest.raises(ValueError, match="model m"):
        declared_reads("m", first_line + "\nSELECT 1 AS x")


def test_a_declaration_is_read_from_the_first_line():
    assert declared_reads("m", "-- reads: none\nSELECT 1") == set()
    assert declared_reads("m", "-- reads: stg_a, int_b\nSELECT 1") == {"stg_a", "int_b"}


def test_an_enumeration_check_catches_a_value_outside_its_enumeration(tmp_path):
    con = duckdb.connect(str(tmp_path / "e.duckdb"))
    con.execute("CREATE TABLE amounts (funder VARCHAR)")
    con.execute("INSERT INTO amounts VALUES ('etat'), (NULL), ('State')")
    rows = con.execute(enumeration_check("amounts", "funder", ["etat", "departement"])).fetchall()
    assert rows == [("State",)]


def test_the_models_are_recreated_only_when_they_change_or_a_view_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from calpae.warehouse import database
    from calpae.warehouse.database import refresh_models

    db = tmp_path / "w.duckdb"
    connect(db).close()  # a new warehouse: created
    con = connect(db)
    try:
        assert refresh_models(con) is False  # the same models: kept as they are
        views = {v for (v,) in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
        assert {name for name, _ in model_files()} <= views
        con.execute("DROP VIEW funding_comparison")
        assert refresh_models(con) is True  # one is missing: all recreated
        assert con.execute("SELECT count(*) FROM funding_comparison").fetchone() == (0,)
        assert refresh_models(con, renew=True) is True  # after a migration
    finally:
        con.close()
    kept = "SELECT comment FROM duckdb_tables() WHERE table_name = 'schema_migrations'"
    before = database.models_fingerprint(model_files())
    changed = [(n, f"{s}\n-- edited" if n == "action_funding" else s) for n, s in model_files()]
    monkeypatch.setattr(database, "model_files", lambda: changed)
    assert database.models_fingerprint(changed) != before
    con = connect(db)  # the models changed (a new version of calpae): recreated, marked
    try:
        assert con.execute(kept).fetchone() == (database.models_fingerprint(changed),)
        assert refresh_models(con) is False
    finally:
        con.close()
