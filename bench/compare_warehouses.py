"""Compare two warehouses table by table and row by row.

    .venv/bin/python -m bench.compare_warehouses BEFORE.duckdb AFTER.duckdb

Every table and view of the ``main`` schema is compared as a multiset of rows
(each row as text, columns in name order), except the columns that say when or
where a run happened rather than what the documents hold: timestamps of the
run, run ids, absolute folders, and the fingerprint (it hashes the extraction
code, which a restructuring changes on purpose). The exit code is 0 when both
hold the same relations, the same columns and the same rows; otherwise each
difference is printed (a few rows of each side) and the exit code is 1.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import duckdb

VOLATILE = {
    "ingested_at",
    "started_at",
    "finished_at",
    "run_id",
    "seen_at",
    "applied_at",
    "source_root",
    "fingerprint",
}
SKIPPED = {"schema_migrations", "ingest_runs", "skipped_files"}
"""Bookkeeping of runs and migrations: what happened, not what was found."""


def relations(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Each relation of the main schema with its compared columns."""
    found: dict[str, list[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, column_name"
    ).fetchall():
        if table not in SKIPPED and column not in VOLATILE:
            found.setdefault(table, []).append(column)
    return found


def rows_of(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> Counter:
    names = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in columns)
    return Counter(con.execute(f'SELECT {names} FROM "{table}"').fetchall())


def compare(before: Path, after: Path, shown: int = 5) -> list[str]:
    """The differences between two warehouses, as lines (none: identical)."""
    old = duckdb.connect(str(before), read_only=True)
    new = duckdb.connect(str(after), read_only=True)
    try:
        old_relations, new_relations = relations(old), relations(new)
        problems = [
            f"only in {before.name}: {name}" for name in old_relations.keys() - new_relations.keys()
        ]
        problems += [
            f"only in {after.name}: {name}" for name in new_relations.keys() - old_relations.keys()
        ]
        for table in sorted(old_relations.keys() & new_relations.keys()):
            if old_relations[table] != new_relations[table]:
                problems.append(
                    f"{table}: columns differ: {old_relations[table]} vs {new_relations[table]}"
                )
                continue
            old_rows = rows_of(old, table, old_relations[table])
            new_rows = rows_of(new, table, new_relations[table])
            if old_rows == new_rows:
                continue
            lost, gained = old_rows - new_rows, new_rows - old_rows
            problems.append(
                f"{table}: {sum(lost.values())} row(s) only before, "
                f"{sum(gained.values())} only after"
            )
            problems += [f"  - {row}" for row in list(lost)[:shown]]
            problems += [f"  + {row}" for row in list(gained)[:shown]]
        return problems
    finally:
        old.close()
        new.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--shown", type=int, default=5, help="rows shown per difference")
    arguments = parser.parse_args(argv)
    problems = compare(arguments.before, arguments.after, arguments.shown)
    for line in problems:
        print(line)
    old = duckdb.connect(str(arguments.before), read_only=True)
    count = len(relations(old))
    old.close()
    print("identical" if not problems else "DIFFERENT", f"({count} relations compared)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
