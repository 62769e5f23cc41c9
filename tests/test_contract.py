"""The analyst SQL interface of DESIGN.md: every public relation and column,
with its type. Analysts' queries and scheduled checks rely on it."""

import duckdb
import pytest

from calpae.warehouse.database import connect
from calpae.warehouse.schema import migrate

CONTRACT = {
    "documents": {
        "document_id": "VARCHAR",
        "source_file": "VARCHAR",
        "sha256": "VARCHAR",
        "doc_type": "VARCHAR",
        "title": "VARCHAR",
        "period_start": "INTEGER",
        "period_end": "INTEGER",
        "pages": "INTEGER",
        "status": "VARCHAR",
        "ingested_at": "TIMESTAMP",
    },
    "document_departments": {
        "document_id": "VARCHAR",
        "department_code": "VARCHAR",
        "department_name": "VARCHAR",
    },
    "document_dates": {
        "document_id": "VARCHAR",
        "kind": "VARCHAR",
        "date": "DATE",
        "evidence": "VARCHAR",
        "page": "INTEGER",
        "source_line": "INTEGER",
    },
    "actions": {
        "action_id": "VARCHAR",
        "document_id": "VARCHAR",
        "department_code": "VARCHAR",
        "action_ref": "VARCHAR",
        "title": "VARCHAR",
        "section": "VARCHAR",
        "measure_code": "VARCHAR",
        "page": "INTEGER",
        "source_line": "INTEGER",
    },
    "amounts": {
        "amount_id": "VARCHAR",
        "document_id": "VARCHAR",
        "department_code": "VARCHAR",
        "action_id": "VARCHAR",
        "label": "VARCHAR",
        "year": "INTEGER",
        "funder": "VARCHAR",
        "nature": "VARCHAR",
        "amount_eur": "DECIMAL(14,2)",
        "evidence": "VARCHAR",
        "page": "INTEGER",
        "source_line": "INTEGER",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "scope": "VARCHAR",
        "is_total": "BOOLEAN",
    },
    "indicator_values": {
        "indicator_value_id": "VARCHAR",
        "document_id": "VARCHAR",
        "department_code": "VARCHAR",
        "action_id": "VARCHAR",
        "indicator_label": "VARCHAR",
        "indicator_code": "VARCHAR",
        "year": "INTEGER",
        "is_target": "BOOLEAN",
        "value_raw": "VARCHAR",
        "value_num": "DOUBLE",
        "unit": "VARCHAR",
        "page": "INTEGER",
        "source_line": "INTEGER",
    },
    "data_quality": {
        "document_id": "VARCHAR",
        "check_name": "VARCHAR",
        "severity": "VARCHAR",
        "message": "VARCHAR",
        "page": "INTEGER",
        "source_line": "INTEGER",
        "stated_eur": "DECIMAL(14,2)",
        "computed_eur": "DECIMAL(14,2)",
        "gap_eur": "DECIMAL(14,2)",
        "relation": "VARCHAR",
        "fact_id": "VARCHAR",
    },
    "funding_comparison": {
        "department_code": "VARCHAR",
        "department_name": "VARCHAR",
        "year": "INTEGER",
        "funder": "VARCHAR",
        "nature": "VARCHAR",
        "amount_eur": "DECIMAL(14,2)",
        "basis": "VARCHAR",
        "stated_total_eur": "DECIMAL(14,2)",
        "items_sum_eur": "DECIMAL(14,2)",
        "gap_eur": "DECIMAL(14,2)",
        "document_id": "VARCHAR",
        "amount_id": "VARCHAR",
        "superseded_document_ids": "VARCHAR[]",
        "quality_flags": "VARCHAR[]",
    },
    "action_funding": {
        "department_code": "VARCHAR",
        "year": "INTEGER",
        "measure_code": "VARCHAR",
        "action_title": "VARCHAR",
        "funder": "VARCHAR",
        "planned_eur": "DECIMAL(14,2)",
        "executed_eur": "DECIMAL(14,2)",
        "carried_over_eur": "DECIMAL(14,2)",
        "execution_rate": "DOUBLE",
        "action_refs": "VARCHAR[]",
        "document_ids": "VARCHAR[]",
    },
}

ENUMERATIONS = [
    (
        "documents",
        "doc_type",
        [
            "convention",
            "avenant",
            "rapport_execution",
            "deliberation",
            "fiche_action",
            "recueil_actes",
            "other",
        ],
    ),
    (
        "document_dates",
        "kind",
        [
            "deliberation",
            "signature",
            "transmission",
            "publication",
            "affichage",
            "convocation",
            "instruction",
            "other",
        ],
    ),
    ("actions", "section", ["socle", "cofinancee", "initiative", "fapi", "other"]),
    ("amounts", "funder", ["etat", "departement", "total", "other"]),
    ("amounts", "nature", ["prevu", "execute", "report", "other"]),
    ("indicator_values", "unit", ["count", "percent", "days", "eur", "other"]),
    ("extraction_checks", "severity", ["info", "warning", "error"]),
]


@pytest.fixture
def con(db_path):
    con = connect(db_path)
    yield con
    con.close()


def columns_of(con, relation):
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [relation],
    ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("relation", CONTRACT)
def test_every_public_column_exists_with_its_type(con, relation):
    actual = columns_of(con, relation)
    for column, data_type in CONTRACT[relation].items():
        assert actual.get(column) == data_type, f"{relation}.{column}"


def test_enumerations_accept_the_contract_values_and_refuse_others(con):
    for table, column, values in ENUMERATIONS:
        (check,) = con.execute(
            "SELECT string_agg(expression, ' ') FROM duckdb_constraints() "
            "WHERE table_name = ? AND constraint_type = 'CHECK'",
            [table],
        ).fetchone()
        for value in values:
            assert f"'{value}'" in check, (table, column, value)
    with pytest.raises(duckdb.ConstraintException):
        con.execute(
            "INSERT INTO extraction_checks (document_id, check_name, severity, message) "
            "VALUES ('d', 'c', 'fatal', 'm')"
        )


@pytest.mark.parametrize(
    ("view", "columns"),
    [
        (
            "funding_by_department_year",
            ["document_id", "doc_type", "department_code", "year", "funder", "nature", "total_eur"],
        ),
        (
            "action_timeline",
            [
                "department_code",
                "action_key",
                "measure_code",
                "doc_type",
                "year",
                "funder",
                "prevu_eur",
                "execute_eur",
            ],
        ),
    ],
)
def test_analyst_views_exist_with_their_columns(con, view, columns):
    actual = columns_of(con, view)
    assert all(column in actual for column in columns), (view, sorted(actual))


def test_migrations_apply_once(con):
    assert migrate(con) == []
    versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()]
    assert versions == sorted(versions) and versions[0] == "001_core"
