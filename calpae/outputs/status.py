"""What the warehouse holds, in lines: documents by status and type, rows per
public relation, the last ingest, the documents that were not read."""

from __future__ import annotations

import duckdb

from calpae.warehouse.schema import PUBLIC_RELATIONS


def status_report(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What the warehouse holds: documents by status and type, rows per relation."""
    lines = []
    for status, doc_type, n in con.execute(
        "SELECT status, doc_type, count(*) FROM documents GROUP BY ALL ORDER BY ALL"
    ).fetchall():
        lines.append(f"documents {status:<9} {doc_type:<18} {n}")
    for relation in PUBLIC_RELATIONS:
        (n,) = con.execute(f"SELECT count(*) FROM {relation}").fetchone()
        lines.append(f"rows {relation:<22} {n}")
    (last,) = con.execute("SELECT max(ingested_at) FROM documents").fetchone()
    lines.append(f"last ingest {last}")
    for source_file, status, reason in con.execute(
        "SELECT source_file, status, status_reason FROM documents "
        "WHERE status <> 'ok' ORDER BY source_file"
    ).fetchall():
        lines.append(f"{status.upper()}: {source_file}: {reason}")
    return lines
