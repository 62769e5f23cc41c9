"""The public set: fifteen short public texts from nineteen other départements
(press releases, news pages, a recueil, a Senate report) and the facts a
careful reader takes from them (``public/expected.json``, copied from the
shared corpus). A first check that the rules hold beyond the five samples.

    .venv/bin/python gold/public.py                  # ingest the set, print the scores
    .venv/bin/python gold/public.py --db w.duckdb    # score an existing warehouse
    .venv/bin/python gold/public.py --show 20        # list what is missed

Scored as the set's README says: an expected amount counts when its document
has an ``amounts`` row of that value; a date when its document has that date
in ``document_dates``; a département when ``document_departments`` lists it.
Recall only: the texts state more than their expected facts. A stricter line,
``amounts+year+funder``, counts an amount only when a row of that value also
has the expected year and funder (where the expected fact gives them).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import duckdb

PUBLIC = Path(__file__).resolve().parent / "public"
RESULTS: dict[str, float] = {}  # relation → recall of the last run


def expected() -> list[dict]:
    return json.loads((PUBLIC / "expected.json").read_text(encoding="utf-8"))


def found(con: duckdb.DuckDBPyConnection, sql: str) -> set[tuple]:
    return {tuple(row) for row in con.execute(sql).fetchall()}


def score(con: duckdb.DuckDBPyConnection, show: int = 0) -> dict[str, float]:
    attributed = found(
        con,
        "SELECT d.source_file, a.amount_eur, a.year, a.funder "
        "FROM amounts a JOIN documents d USING (document_id)",
    )
    amounts = {fact[:2] for fact in attributed}
    dates = found(
        con,
        "SELECT d.source_file, CAST(t.date AS VARCHAR) FROM document_dates t "
        "JOIN documents d USING (document_id)",
    )
    departments = found(
        con,
        "SELECT d.source_file, p.department_code FROM document_departments p "
        "JOIN documents d USING (document_id)",
    )
    wanted: dict[str, list[tuple]] = {
        "amounts": [],
        "amounts+year+funder": [],
        "dates": [],
        "departments": [],
    }
    for entry in expected():
        name = entry["file"]
        wanted["amounts"] += [
            (name, Decimal(str(a["amount_eur"])).quantize(Decimal("0.01")), a["evidence"])
            for a in entry.get("amounts", [])
        ]
        wanted["amounts+year+funder"] += [
            (
                name,
                Decimal(str(a["amount_eur"])).quantize(Decimal("0.01")),
                a.get("year"),
                a.get("funder"),
                a["evidence"],
            )
            for a in entry.get("amounts", [])
        ]
        wanted["dates"] += [(name, d["date"], d["evidence"]) for d in entry.get("dates", [])]
        wanted["departments"] += [
            (name, p["code"], p["name"]) for p in entry.get("departments", [])
        ]
    have = {
        "amounts": amounts,
        "amounts+year+funder": attributed,
        "dates": dates,
        "departments": departments,
    }
    for relation, facts in wanted.items():
        size = 4 if relation == "amounts+year+funder" else 2
        missed = [fact for fact in facts if fact[:size] not in have[relation]]
        hits = len(facts) - len(missed)
        RESULTS[relation] = hits / len(facts) if facts else 1.0
        print(f"public {relation:<20} recall {RESULTS[relation]:.3f} ({hits}/{len(facts)})")
        for fact in missed[:show]:
            print(f"    missed: {fact}")
    return RESULTS


def ingest_set(db: Path) -> None:
    from calpae.ingest.run import ingest

    ingest(sorted(PUBLIC.glob("[0-9]*.txt")), db, workers=2)  # the texts, not SOURCE.md


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="score this warehouse instead of a fresh one")
    parser.add_argument("--show", type=int, default=0, help="list N missed facts per relation")
    args = parser.parse_args(argv)
    if args.db:
        con = duckdb.connect(str(args.db), read_only=True)
        score(con, args.show)
        con.close()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "public.duckdb"
        ingest_set(db)
        con = duckdb.connect(str(db), read_only=True)
        score(con, args.show)
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
