"""Precision and recall of the warehouse against the hand-checked gold files.

    .venv/bin/calpae ingest                      # build data/curated/calpae.duckdb
    .venv/bin/python gold/evaluate.py metadata   # doc types, départements, dates, people…
    .venv/bin/python gold/evaluate.py metadata --db /tmp/other.duckdb
    .venv/bin/python gold/evaluate.py funding    # convention totals vs funding_comparison
    .venv/bin/python gold/evaluate.py cells      # every funding_comparison cell vs its key

Facts are matched on keys that say what they mean, never on evidence text:
a date on (file, line, kind, date), a person on (file, line, role).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import duckdb

GOLD = Path(__file__).resolve().parent
RESULTS: dict[str, tuple[float, float]] = {}  # name → (precision, recall) of the last run
TOLERANCE = 0.02  # funding_comparison reproduces a stated total within 2 %


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def report(name: str, gold: set, found: set, show: int = 8) -> None:
    report_counts(name, Counter(gold), Counter(found), show)


def per_file(con: duckdb.DuckDBPyConnection, sql: str) -> set[tuple]:
    return {tuple(row) for row in con.execute(sql).fetchall()}


def evaluate_metadata(con: duckdb.DuckDBPyConnection) -> None:
    documents = read_csv(GOLD / "documents.csv")
    for field in ("doc_type", "period_start", "period_end", "title"):
        gold = {(d["source_file"], normalise(d[field])) for d in documents}
        found = per_file(con, f"SELECT source_file, {field} FROM documents")
        report(f"documents.{field}", gold, {(f, normalise(v)) for f, v in found}, show=5)

    gold = {
        (d["source_file"], code)
        for d in documents
        for code in d["department_codes"].split(";")
        if code
    }
    found = per_file(
        con,
        "SELECT d.source_file, dd.department_code FROM document_departments dd "
        "JOIN documents d USING (document_id)",
    )
    report("document_departments", gold, found)

    evaluate_parts(con)

    gold = {
        (d["source_file"], int(d["source_line"]), d["kind"], d["date"])
        for d in read_csv(GOLD / "dates.csv")
    }
    found = per_file(
        con,
        "SELECT d.source_file, t.source_line, t.kind, CAST(t.date AS VARCHAR) "
        "FROM document_dates t JOIN documents d USING (document_id)",
    )
    report("document_dates", gold, found)

    gold = {
        (p["source_file"], int(p["source_line"]), p["role"]) for p in read_csv(GOLD / "people.csv")
    }
    found = per_file(
        con,
        "SELECT d.source_file, p.source_line, p.role FROM document_people p "
        "JOIN documents d USING (document_id)",
    )
    report("document_people", gold, found)


def evaluate_parts(con: duckdb.DuckDBPyConnection) -> None:
    """Each gold part (a département's part, a joint part, an out-of-scope act):
    does the warehouse segment holding its first line carry the same
    département (none for a joint part) and scope?"""
    segments = con.execute(
        "SELECT d.source_file, s.line_from, s.line_to, s.department_code, s.in_scope "
        "FROM document_segments s JOIN documents d USING (document_id)"
    ).fetchall()
    right = 0
    parts = read_csv(GOLD / "document_parts.csv")
    for part in parts:
        line = int(part["line_from"])
        code = None if ";" in part["department_code"] else part["department_code"]
        expected = (code, part["in_scope"] == "true")
        found = [
            (s_code, in_scope)
            for file, start, end, s_code, in_scope in segments
            if file == part["source_file"] and start <= line <= end
        ]
        if found == [expected]:
            right += 1
        else:
            print(f"    wrong: {part['source_file']}:{line} expected {expected}, found {found}")
    print(f"{'document_segments':<22} parts right {right / len(parts):.3f} ({right}/{len(parts)})")


def evaluate_amounts(
    con: duckdb.DuckDBPyConnection, gold_rows: list[dict[str, str]] | None = None
) -> None:
    """Per document, inside the gold's declared line ranges: recall and
    precision of (département, year, funder, nature, value, source line), and
    of (value, source line) alone, which tells finding from attributing.
    ``gold_rows`` replace the gold file's (a rewrite's gold, see
    ``bench/rewrite.py``)."""
    if gold_rows is None:
        gold_rows = read_csv(GOLD / "amounts" / "amounts.csv")
    ranges = [
        (r["source_file"], int(r["line_from"]), int(r["line_to"]))
        for r in read_csv(GOLD / "amounts" / "ranges.csv")
    ]
    found_rows = con.execute(
        "SELECT d.source_file, a.source_line, a.department_code, a.year, a.funder, a.nature, "
        "CAST(a.amount_eur AS VARCHAR) FROM amounts a JOIN documents d USING (document_id)"
    ).fetchall()

    def covered(file: str, line: int) -> bool:
        return any(f == file and start <= line <= end for f, start, end in ranges)

    def full(file, line, code, year, funder, nature, value) -> tuple:  # noqa: ANN001
        return (
            file,
            int(line),
            code or None,
            int(year) if year else None,
            funder,
            nature,
            f"{float(value):.2f}",
        )

    gold = Counter(
        full(
            r["source_file"],
            r["source_line"],
            r["department_code"],
            r["year"],
            r["funder"],
            r["nature"],
            r["amount_eur"],
        )
        for r in gold_rows
    )
    found = Counter(full(*row) for row in found_rows if covered(row[0], row[1]))
    for file in sorted({key[0] for key in gold}):
        g = Counter({k: v for k, v in gold.items() if k[0] == file})
        f = Counter({k: v for k, v in found.items() if k[0] == file})
        report_counts(f"amounts {file[:3]}", g, f)
        report_counts(f"  (value, line) {file[:3]}", _value_line(g), _value_line(f), show=0)
    report_counts("amounts all", gold, found, show=0)
    report_counts("  (value, line) all", _value_line(gold), _value_line(found), show=0)


def _value_line(counter: Counter) -> Counter:
    result: Counter = Counter()
    for (file, line, *_rest, value), n in counter.items():
        result[(file, line, value)] += n
    return result


def report_counts(
    name: str, gold: Counter, found: Counter, show: int = 6
) -> tuple[float, float]:
    """Like ``report`` for multisets: a fact stated twice on a line counts twice.
    Returns (precision, recall), also kept in ``RESULTS[name]``."""
    hits = sum((gold & found).values())
    n_gold, n_found = sum(gold.values()), sum(found.values())
    recall = hits / n_gold if n_gold else 1.0
    precision = hits / n_found if n_found else 1.0
    print(
        f"{name:<22} precision {precision:.3f} ({hits}/{n_found})  "
        f"recall {recall:.3f} ({hits}/{n_gold})"
    )
    for label, items in (("missed", gold - found), ("extra", found - gold)):
        for item in sorted(items, key=repr)[:show]:
            print(f"    {label}: {item}")
    RESULTS[name.strip()] = (precision, recall)
    return precision, recall


def evaluate_actions(con: duckdb.DuckDBPyConnection) -> None:
    """Actions inside the gold's ranges: recall and precision of (file,
    département, ref); for found refs, how many titles are right (fuzzy match
    of at least 85 on folded words) and how many measures are right."""
    from rapidfuzz import fuzz

    gold_rows = [r for r in read_csv(GOLD / "actions" / "actions.csv") if r["action_ref"]]
    ranges = [
        (r["source_file"], int(r["line_from"]), int(r["line_to"]))
        for r in read_csv(GOLD / "actions" / "ranges.csv")
    ]
    found_rows = con.execute(
        "SELECT d.source_file, a.department_code, a.action_ref, a.title, a.measure_code, "
        "a.source_line FROM actions a JOIN documents d USING (document_id) "
        "WHERE a.action_ref IS NOT NULL"
    ).fetchall()
    found_rows = [
        r for r in found_rows if any(f == r[0] and start <= r[5] <= end for f, start, end in ranges)
    ]

    def key(file: str, code: str | None, ref: str) -> tuple:
        return (file, code or None, ref.replace("-", ".").upper())

    gold = {key(r["source_file"], r["department_code"], r["action_ref"]): r for r in gold_rows}
    found = {key(f, c, ref): (title, measure) for f, c, ref, title, measure, _ in found_rows}
    report("actions (ref)", set(gold), set(found))
    matched = set(gold) & set(found)
    titles = sum(
        fuzz.token_set_ratio(normalise(gold[k]["title"]), normalise(found[k][0])) >= 85
        for k in matched
    )
    measures = sum((gold[k]["measure_code"] or None) == found[k][1] for k in matched)
    n = len(matched) or 1
    print(
        f"{'  titles right':<22} {titles / n:.3f} ({titles}/{len(matched)}); "
        f"with the ref: recall of ref+title {titles / len(gold):.3f}"
    )
    print(f"{'  measures right':<22} {measures / n:.3f} ({measures}/{len(matched)})")
    for k in sorted(matched):
        if (gold[k]["measure_code"] or None) != found[k][1]:
            print(f"    measure: {k} gold {gold[k]['measure_code'] or None} found {found[k][1]}")


def evaluate_indicators(con: duckdb.DuckDBPyConnection) -> None:
    """Cells of the gold's tables: recall and precision of (file, line, year,
    target, half year); for found cells, how many values (number and unit)
    are right."""
    gold_rows = read_csv(GOLD / "indicators" / "cells.csv")
    tables = [
        (r["source_file"], int(r["line_from"]), int(r["line_to"]))
        for r in read_csv(GOLD / "indicators" / "tables.csv")
    ]
    found_rows = con.execute(
        "SELECT d.source_file, v.source_line, v.year, v.is_target, v.is_half_year, "
        "v.value_num, v.unit FROM indicator_values v JOIN documents d USING (document_id)"
    ).fetchall()
    found_rows = [r for r in found_rows if any(f == r[0] and a <= r[1] <= b for f, a, b in tables)]

    def key(file, line, year, target, half) -> tuple:  # noqa: ANN001
        return (
            file,
            int(line),
            int(year) if year not in (None, "") else None,
            str(target).lower() == "true",
            str(half).lower() == "true",
        )

    gold: dict[tuple, list] = {}
    for r in gold_rows:
        k = key(r["source_file"], r["source_line"], r["year"], r["is_target"], r["is_half_year"])
        number = float(r["value_num"]) if r["value_num"] else None
        gold.setdefault(k, []).append((number, r["unit"] or None))
    found: dict[tuple, list] = {}
    for file, line, year, target, half, number, unit in found_rows:
        found.setdefault(key(file, line, year, target, half), []).append((number, unit))
    for file in sorted({k[0] for k in gold}):
        g = Counter({k: len(v) for k, v in gold.items() if k[0] == file})
        f = Counter({k: len(v) for k, v in found.items() if k[0] == file})
        report_counts(f"indicators {file[:3]}", g, f, show=3)
    report_counts(
        "indicators all",
        Counter({k: len(v) for k, v in gold.items()}),
        Counter({k: len(v) for k, v in found.items()}),
        show=0,
    )
    right = total = 0
    for k in set(gold) & set(found):
        for expected, got in zip(
            sorted(gold[k], key=repr), sorted(found[k], key=repr), strict=False
        ):
            total += 1
            same_number = (expected[0] is None and got[0] is None) or (
                expected[0] is not None and got[0] is not None and abs(expected[0] - got[0]) < 1e-6
            )
            right += same_number and (expected[0] is None or expected[1] == got[1])
    print(f"{'  values right':<22} {right / (total or 1):.3f} ({right}/{total})")


def evaluate_funding(con: duckdb.DuckDBPyConnection) -> None:
    """The convention-level totals each document states (gold/funding): how
    many ``funding_comparison`` reproduces within 2 % (the mart's one figure
    for the cell, whichever document gives it), how many the document's own
    figure reproduces (``int_document_funding``, before supersession), and how
    many are found as ``scope = 'convention'`` amounts on their line (or a line
    restating them) with their value, funder, nature and year. A statement
    whose note says ``variant`` (an initial figure an avenant replaced, a
    total including a carry-over) is to be found, not reproduced: the cell's
    figure is another."""
    cells = read_csv(GOLD / "funding" / "convention_totals.csv")
    files = {
        row[0][:3]: row
        for row in con.execute("SELECT source_file, document_id FROM documents").fetchall()
    }
    mart = {
        (r[0], r[1], r[2], r[3]): (float(r[4]), r[5])
        for r in con.execute(
            "SELECT department_code, year, funder, nature, amount_eur, document_id "
            "FROM funding_comparison"
        ).fetchall()
    }
    own = {
        (r[0], r[1], r[2], r[3], r[4]): float(r[5])
        for r in con.execute(
            "SELECT document_id, department_code, year, funder, nature, amount_eur "
            "FROM int_document_funding WHERE amount_eur IS NOT NULL"
        ).fetchall()
    }
    convention = Counter(
        (r[0], r[1], f"{float(r[2]):.2f}", r[3], r[4], r[5])
        for r in con.execute(
            "SELECT document_id, source_line, amount_eur, funder, nature, year FROM amounts "
            "WHERE scope = 'convention'"
        ).fetchall()
    )

    def close(value: float | None, expected: float) -> bool:
        return value is not None and abs(value - expected) <= TOLERANCE * abs(expected)

    tally: dict[str, Counter] = {}
    for cell in cells:
        doc = cell["document"]
        _, document_id = files.get(doc, (None, None))
        year = int(cell["year"]) if cell["year"] else None
        key = (cell["department_code"] or None, year, cell["funder"], cell["nature"])
        expected = float(cell["amount_eur"])
        lines = [int(cell["source_line"])] + [
            int(x) for x in cell["also_lines"].split(";") if x.strip()
        ]
        in_mart = mart.get(key)
        found_lines = [
            (document_id, line, f"{expected:.2f}", *key[2:], key[1]) for line in lines
        ]
        counts = tally.setdefault(doc, Counter())
        found = any(convention[k] for k in found_lines)
        counts["statements"] += 1
        counts["found"] += found
        if not found:
            print(f"    not found {doc} line {lines[0]} {key} {expected:.2f}")
        if cell["note"].lower().startswith("variant"):
            continue  # another figure of the document is the cell's (see gold/funding/README.md)
        counts["cells"] += 1
        counts["reproduced"] += close(in_mart[0] if in_mart else None, expected)
        counts["exact"] += bool(in_mart) and abs(in_mart[0] - expected) < 1
        counts["own figure"] += close(own.get((document_id, *key)), expected)
        if not close(in_mart[0] if in_mart else None, expected):
            got = f"{in_mart[0]:.2f} from {in_mart[1][:6]}" if in_mart else "no row"
            print(f"    not reproduced {doc} {key} {expected:.2f}: mart {got}")
    total: Counter = Counter()
    for doc, counts in sorted(tally.items()):
        total += counts
        _print_funding(doc, counts)
    _print_funding("all", total)
    n, m = total["cells"] or 1, total["statements"] or 1
    RESULTS["funding reproduced"] = (1.0, total["reproduced"] / n)
    RESULTS["funding own figure"] = (1.0, total["own figure"] / n)
    RESULTS["funding found"] = (1.0, total["found"] / m)


def _print_funding(name: str, counts: Counter) -> None:
    n, m = counts["cells"] or 1, counts["statements"] or 1
    print(
        f"funding {name:<4} cells {counts['cells']:>3}  reproduced {counts['reproduced']:>3} "
        f"({counts['reproduced'] / n:.3f}; to the euro {counts['exact']})  "
        f"own figure {counts['own figure']:>3} "
        f"({counts['own figure'] / n:.3f})  |  statements {counts['statements']:>3}  found as "
        f"convention {counts['found']:>3} ({counts['found'] / m:.3f})"
    )


CELL_TOLERANCE = 1.00  # euros: a cell's figure is right within 1 € of the key's


def evaluate_cells(con: duckdb.DuckDBPyConnection) -> None:
    """Every cell of ``funding_comparison`` against the complete key
    (``gold/funding/cells.csv``: a figure, or no figure with a reason).
    Precision = cells shown with a figure that are right / cells shown with a
    figure; recall = key figure cells shown right / key figure cells. Right =
    same (département, year, funder, nature) and |figure - key| <= 1.00 €. A
    row whose ``amount_eur`` is NULL is a cell shown without a figure: it is
    listed, not counted in precision. Prints each wrong figure, each cell shown
    with a figure the key does not support (the key's reason, or "not in key")
    and each key figure the mart misses."""
    key: dict[tuple, dict[str, str]] = {}
    for row in read_csv(GOLD / "funding" / "cells.csv"):
        cell = (row["department_code"] or None, int(row["year"]), row["funder"], row["nature"])
        key[cell] = row
    shown = con.execute(
        "SELECT department_code, year, funder, nature, amount_eur FROM funding_comparison"
    ).fetchall()
    right, wrong, unsupported, without = [], [], [], []
    seen: set[tuple] = set()
    for code, year, funder, nature, amount in shown:
        cell = (code or None, int(year) if year is not None else None, funder, nature)
        seen.add(cell)
        expected = key.get(cell)
        if amount is None:
            why = (expected["reason"] or "key has a figure") if expected else "not in key"
            without.append((cell, why))
            continue
        figure = float(amount)
        if expected is None or expected["status"] != "figure":
            why = expected["reason"] if expected else "not in key"
            unsupported.append((cell, figure, why))
        elif abs(figure - float(expected["amount_eur"])) <= CELL_TOLERANCE:
            right.append(cell)
        else:
            wrong.append((cell, figure, float(expected["amount_eur"])))
    figures = [cell for cell, row in key.items() if row["status"] == "figure"]
    shown_right = set(right)
    missing = [cell for cell in figures if cell not in shown_right and cell not in seen]
    with_figure = len(right) + len(wrong) + len(unsupported)
    precision = len(right) / with_figure if with_figure else 1.0
    recall = len(shown_right & set(figures)) / len(figures) if figures else 1.0
    print(
        f"{'funding cells':<22} precision {precision:.3f} ({len(right)}/{with_figure})  "
        f"recall {recall:.3f} ({len(shown_right & set(figures))}/{len(figures)})  "
        f"| shown {len(shown)} (without a figure {len(without)}), key {len(key)} "
        f"({len(figures)} with a figure)"
    )
    for cell, figure, expected in sorted(wrong, key=repr):
        print(f"    wrong figure: {_cell(cell)} shown {figure:,.2f} key {expected:,.2f}")
    for cell, figure, why in sorted(unsupported, key=repr):
        print(f"    not supported: {_cell(cell)} shown {figure:,.2f} ({why})")
    for cell in sorted(missing, key=repr):
        print(f"    missing: {_cell(cell)} key {float(key[cell]['amount_eur']):,.2f}")
    for cell, why in sorted(without, key=repr):
        print(f"    shown without a figure: {_cell(cell)} (key: {why})")
    RESULTS["funding cells"] = (precision, recall)


def _cell(cell: tuple) -> str:
    code, year, funder, nature = cell
    return f"{code or '--'}/{year}/{funder}/{nature}"


def normalise(value: object) -> str:
    return " ".join(str(value or "").split()).casefold()


EVALUATIONS: dict[str, Callable[[duckdb.DuckDBPyConnection], None]] = {
    "metadata": evaluate_metadata,
    "amounts": evaluate_amounts,
    "actions": evaluate_actions,
    "indicators": evaluate_indicators,
    "funding": evaluate_funding,
    "cells": evaluate_cells,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=sorted(EVALUATIONS))
    parser.add_argument("--db", default="data/curated/calpae.duckdb")
    args = parser.parse_args()
    if not Path(args.db).exists():
        sys.exit(f"no warehouse at {args.db}: run 'calpae ingest' first")
    con = duckdb.connect(args.db, read_only=True)
    EVALUATIONS[args.what](con)


if __name__ == "__main__":
    main()
