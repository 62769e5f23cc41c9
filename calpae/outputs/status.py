"""What the warehouse holds, in lines: documents by status and type, rows per
public relation, how the funding cells are supported (written totals, complete
sums, no figure and why; whether the written totals' items reproduce them),
the last ingest, the documents that were not read."""

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
    lines += funding_support(con)
    (last,) = con.execute("SELECT max(ingested_at) FROM documents").fetchone()
    lines.append(f"last ingest {last}")
    for source_file, status, reason in con.execute(
        "SELECT source_file, status, status_reason FROM documents "
        "WHERE status <> 'ok' ORDER BY source_file"
    ).fetchall():
        lines.append(f"{status.upper()}: {source_file}: {reason}")
    return lines


RECONCILED = 0.01
"""A written total is reproduced when its leaf items add up to it within 1 %."""


def funding_support(con: duckdb.DuckDBPyConnection) -> list[str]:
    """How the cells of ``funding_comparison`` are supported: per basis (a
    written total, a complete sum, the parties added, or no figure and why),
    and for the written totals whether their leaf items reproduce them."""
    lines = [
        f"funding cells {basis:<20} {n}"
        for basis, n in con.execute(
            "SELECT basis, count(*) FROM funding_comparison GROUP BY basis "
            "ORDER BY bool_or(amount_eur IS NULL), count(*) DESC, basis"
        ).fetchall()
    ]
    reproduced, off, without = con.execute(
        """
        SELECT
            count(*) FILTER (WHERE abs(gap_eur) <= ? * abs(stated_total_eur)),
            count(*) FILTER (WHERE abs(gap_eur) > ? * abs(stated_total_eur)),
            count(*) FILTER (WHERE items_sum_eur IS NULL)
        FROM funding_comparison
        WHERE basis = 'stated_total'
        """,
        [RECONCILED, RECONCILED],
    ).fetchone()
    lines.append(
        f"written totals reproduced by their items (1 %): {reproduced}, "
        f"not reproduced: {off} (in data_quality), without complete items: {without}"
    )
    return lines
