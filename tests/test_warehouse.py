"""Loading: every record goes into the warehouse value for value, whatever
its column's type (a column empty in every record, amounts with cents, dates,
flags), in one columnar append per table."""

from dataclasses import astuple, fields
from decimal import Decimal

from calpae.warehouse.database import connect
from calpae.warehouse.load import replace_document
from tests import test_funding
from tests.text_factory import facts_of


def stored(con, record_type, document_id: str) -> set[tuple]:
    columns = ", ".join(f.name for f in fields(record_type))
    return set(
        con.execute(
            f"SELECT {columns} FROM {record_type.table} WHERE document_id = ?", [document_id]
        ).fetchall()
    )


def test_every_record_is_stored_value_for_value(tmp_path):
    text = test_funding.CONVENTION + "\nContribution de l'État pour 2021 : 48 215,35 €\n"
    facts = facts_of(text + test_funding.INDICATORS, "conv.txt")
    con = connect(tmp_path / "w.duckdb")
    replace_document(con, facts)
    by_type: dict[type, list] = {}
    for row in facts.rows:
        by_type.setdefault(type(row), []).append(row)
    assert len(by_type) >= 4  # amounts, indicators, dates, pages at least
    document_id = facts.document.document_id
    for record_type, records in by_type.items():
        assert stored(con, record_type, document_id) == {astuple(r) for r in records}
    assert stored(con, type(facts.document), document_id) == {astuple(facts.document)}
    (amounts,) = [t for t in by_type if t.table == "amounts"]
    assert (Decimal("48215.35"),) in con.execute(
        "SELECT amount_eur FROM amounts WHERE document_id = ?", [document_id]
    ).fetchall()
    assert any(r.amount_eur == Decimal("48215.35") for r in by_type[amounts])


def test_every_public_column_is_described_in_the_warehouse(sample_warehouse):
    import duckdb

    from calpae.warehouse.schema import PUBLIC_RELATIONS

    con = duckdb.connect(str(sample_warehouse), read_only=True)
    names = ", ".join(f"'{r}'" for r in PUBLIC_RELATIONS)
    undescribed = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        f"WHERE table_name IN ({names}) AND coalesce(comment, '') = ''"
    ).fetchall()
    described = con.execute(
        "SELECT comment FROM duckdb_columns() "
        "WHERE table_name = 'amounts' AND column_name = 'nature'"
    ).fetchone()
    con.close()
    assert undescribed == []
    assert described == (
        "What the figure is: prevu (planned), execute (spent), report (carried over), other",
    )
