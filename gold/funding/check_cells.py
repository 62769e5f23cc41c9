"""Validate the complete key of funding_comparison cells (stdlib only).

Run from the repository root:  python gold/funding/check_cells.py

For every row of cells.csv it checks that
- the header is the expected one; enumerations and formats are valid (a `figure` row has an
  amount and a basis and no reason, a `no_figure` row a reason and no amount or basis; an empty
  department_code only with reason `no_department`);
- there is one row per cell (department_code, year, funder, nature);
- every source line exists in data/raw/<document>_*.txt and `evidence`, when given, occurs
  verbatim in the first source line;
- a `stated_total` row's evidence reads as amount_eur, and every other source line holds an
  equal figure (a figure written without cents may differ by at most 0.50);
- a `sum_of_items` row's amount_eur equals the sum of its items: where every item line holds a
  single money figure (one distinct value), the sum is checked exactly; where a line holds
  several (a table row with Dépenses, Prévisionnel, Part Etat, Part CD), it looks for one TAB
  column whose cells add up to the amount (the items are one column of one table), else for
  some choice of one figure per line, and prints which. What it cannot verify is printed, not
  counted as an error.
It prints one line per problem and exits 1 if there is any, else prints "N rows ok".
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RAW = ROOT / "data" / "raw"
CELLS = HERE / "cells.csv"

HEADER = [
    "department_code",
    "year",
    "funder",
    "nature",
    "status",
    "amount_eur",
    "basis",
    "reason",
    "document",
    "source_lines",
    "evidence",
    "note",
]
FUNDERS = {"etat", "departement", "total"}
NATURES = {"prevu", "execute", "report"}
BASES = {"stated_total", "sum_of_items"}
REASONS = {
    "partial_items",  # only some of the scope's items are stated
    "not_programme_money",  # another scheme, an envelope, a key, a unit cost, other budgets
    "out_of_period",  # a year the document does not report on (2018 or 2021 in a 2020 report)
    "ambiguous_column",  # a column whose year, funder or nature the document does not state
    "no_money_stated",  # the documents state no money for the cell (an empty template line)
    "counted_in_receiving_year",  # a carry-over, counted in the year that receives it
    "no_department",  # the document names no département: no cell can be keyed
}
AMOUNT_RE = re.compile(r"^\d+\.\d{2}$")
SEP = "[ \u00a0\u202f]"
NUMBER = rf"\d{{1,3}}(?:{SEP}\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?"
# a figure followed by its currency sign (k€ = thousands), anywhere in a line
MONEY_RE = re.compile(rf"({NUMBER}){SEP}?([kK])?{SEP}?(?:€|euros?\b)")
# a table cell that is a bare figure (the 000 synthesis writes no € sign)
CELL_RE = re.compile(rf"^({NUMBER}){SEP}?([kK])?{SEP}?(?:€|euros?)?$")
TAG_RE = re.compile(r"<[^>]+>|\*\*")

_lines_cache: dict[str, list[str] | None] = {}


def raw_lines(doc: str) -> list[str] | None:
    if doc not in _lines_cache:
        found = sorted(RAW.glob(f"{doc}_*.txt"))
        _lines_cache[doc] = (
            found[0].read_text(encoding="utf-8").split("\n") if len(found) == 1 else None
        )
    return _lines_cache[doc]


def to_value(number: str, thousands: str | None = None) -> float:
    value = float(re.sub(SEP, "", number).replace(",", "."))
    return value * 1000 if thousands else value


def evidence_value(evidence: str) -> float | None:
    """Digits of the evidence, spaces/€/markup removed, ',' -> '.'."""
    kept = re.sub(r"[^0-9,]", "", evidence)
    if kept == "" or kept.count(",") > 1:
        return None
    return float(kept.replace(",", "."))


def money_figures(line: str) -> list[tuple[float, bool]]:
    """The money figures of a line: numbers followed by a currency sign, and table cells
    that are a bare number. bool = written with decimals."""
    found = [(to_value(m.group(1), m.group(2)), "," in m.group(1)) for m in MONEY_RE.finditer(line)]
    for cell in line.split("\t"):
        m = CELL_RE.match(TAG_RE.sub("", cell).strip())
        if m:
            found.append((to_value(m.group(1), m.group(2)), "," in m.group(1)))
    return found


def restates(amount: float, line: str) -> bool:
    """The line holds a figure equal to amount (0.50 tolerance for a figure without cents)."""
    return any(
        abs(value - amount) < 0.005 or (not has_dec and abs(value - amount) <= 0.5)
        for value, has_dec in money_figures(line)
    )


def reachable_sums(choices: list[list[int]]) -> set[int]:
    """Every total (in cents) got by taking one value from each list."""
    sums = {0}
    for values in choices:
        sums = {s + v for s in sums for v in values}
    return sums


def same_columns(amount: int, lines: list[str]) -> list[int]:
    """The 1-based TAB cells that hold a figure on every line and whose figures add to
    amount (in cents): the items are one column of one table."""
    rows = [line.split("\t") for line in lines]
    found = []
    for c in range(max(len(cells) for cells in rows)):
        total = 0
        for cells in rows:
            m = CELL_RE.match(TAG_RE.sub("", cells[c]).strip()) if c < len(cells) else None
            if m is None:
                break
            total += round(to_value(m.group(1), m.group(2)) * 100)
        else:
            if total == amount:
                found.append(c + 1)
    return found


def field_problems(where: str, r: dict[str, str]) -> list[str]:
    """Problems of the columns every row has, whatever its status."""
    problems = []
    code = r["department_code"]
    if code and not re.fullmatch(r"\d{2,3}|2[AB]", code):
        problems.append(f"{where}: bad department_code {code!r}")
    if not code and r["reason"] != "no_department":
        problems.append(f"{where}: empty department_code needs reason no_department")
    if not re.fullmatch(r"\d{4}", r["year"]):
        problems.append(f"{where}: bad year {r['year']!r}")
    if r["funder"] not in FUNDERS:
        problems.append(f"{where}: funder {r['funder']!r} not in {sorted(FUNDERS)}")
    if r["nature"] not in NATURES:
        problems.append(f"{where}: nature {r['nature']!r} not in {sorted(NATURES)}")
    if not re.fullmatch(r"00[0-4]", r["document"]):
        problems.append(f"{where}: bad document {r['document']!r}")
    if not r["note"].strip():
        problems.append(f"{where}: empty note")
    return problems


def status_problems(where: str, r: dict[str, str]) -> list[str]:
    """Problems of the columns that depend on the row's status (figure or no_figure)."""
    status = r["status"]
    problems = []
    if status == "figure":
        if not AMOUNT_RE.match(r["amount_eur"]):
            problems.append(f"{where}: bad amount_eur {r['amount_eur']!r}")
        if r["basis"] not in BASES:
            problems.append(f"{where}: basis {r['basis']!r} not in {sorted(BASES)}")
        if r["reason"]:
            problems.append(f"{where}: a figure row has a reason")
    elif status == "no_figure":
        if r["amount_eur"] or r["basis"]:
            problems.append(f"{where}: a no_figure row has an amount or a basis")
        if r["reason"] not in REASONS:
            problems.append(f"{where}: reason {r['reason']!r} not in {sorted(REASONS)}")
    else:
        problems.append(f"{where}: status {status!r} not in ['figure', 'no_figure']")
    return problems


def enumeration_problems(where: str, r: dict[str, str]) -> list[str]:
    return field_problems(where, r) + status_problems(where, r)


def source_lines(where: str, r: dict[str, str]) -> tuple[list[str], list[int]] | str:
    lines = raw_lines(r["document"])
    if lines is None:
        return f"{where}: no single raw file for document {r['document']}"
    numbers = []
    for part in r["source_lines"].split(";"):
        if not part.strip().isdigit():
            return f"{where}: bad source_lines entry {part!r}"
        n = int(part)
        if not 1 <= n <= len(lines):
            return f"{where}: source line {n} outside the file (1-{len(lines)})"
        numbers.append(n)
    return lines, numbers


def stated_problems(
    where: str, r: dict[str, str], lines: list[str], numbers: list[int]
) -> list[str]:
    amount = float(r["amount_eur"])
    value = evidence_value(r["evidence"])
    if value is None or abs(value - amount) >= 0.005:
        return [f"{where}: evidence {r['evidence']!r} reads {value} != amount_eur {amount:.2f}"]
    return [
        f"{where}: line {n} holds no figure equal to {amount:.2f}"
        for n in numbers[1:]
        if not restates(amount, lines[n - 1])
    ]


def sum_check(
    where: str, r: dict[str, str], lines: list[str], numbers: list[int]
) -> tuple[str, str]:
    """('ok' | 'column' | 'chosen' | 'unverified' | 'error', message) for a sum_of_items row."""
    amount = round(float(r["amount_eur"]) * 100)
    choices = []
    for n in numbers:
        values = sorted({round(v * 100) for v, _ in money_figures(lines[n - 1])})
        if not values:
            return "unverified", f"{where}: line {n} holds no money figure"
        choices.append(values)
    if all(len(values) == 1 for values in choices):
        total = sum(values[0] for values in choices)
        if total != amount:
            return (
                "error",
                f"{where}: items add to {total / 100:.2f} != amount_eur {amount / 100:.2f}",
            )
        return "ok", ""
    columns = same_columns(amount, [lines[n - 1] for n in numbers])
    if columns:
        cells = " or ".join(str(c) for c in columns)
        return (
            "column",
            f"{where}: cell {cells} of lines {r['source_lines']} adds to {amount / 100:.2f}",
        )
    if amount in reachable_sums(choices):
        return "chosen", (
            f"{where}: {r['source_lines']} — some lines hold several figures; one figure per line "
            f"reproduces {amount / 100:.2f}"
        )
    return "unverified", (
        f"{where}: no choice of one figure per line of {r['source_lines']} adds to "
        f"{amount / 100:.2f}"
    )


def figure_problems(where: str, r: dict[str, str], tally: dict[str, int]) -> tuple[list, list]:
    """(problems, notes) of one row read against its raw source lines."""
    found = source_lines(where, r)
    if isinstance(found, str):
        return [found], []
    lines, numbers = found
    if r["evidence"] and r["evidence"] not in lines[numbers[0] - 1]:
        return [f"{where}: evidence {r['evidence']!r} not in line {numbers[0]}"], []
    if r["status"] != "figure" or not AMOUNT_RE.match(r["amount_eur"]):
        return [], []
    if r["basis"] == "stated_total":
        if not r["evidence"]:
            return [f"{where}: a stated_total row needs its evidence"], []
        return stated_problems(where, r, lines, numbers), []
    if r["basis"] == "sum_of_items":
        outcome, message = sum_check(where, r, lines, numbers)
        tally[outcome] += 1
        if outcome == "error":
            return [message], []
        return [], [message] if message else []
    return [], []


def read_rows() -> list[dict[str, str]] | str:
    with CELLS.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != HEADER:
            return f"cells.csv: header {reader.fieldnames} != {HEADER}"
        return list(reader)


def main() -> int:
    rows = read_rows()
    if isinstance(rows, str):
        print(rows)
        return 1
    problems: list[str] = []
    notes: list[str] = []
    tally = {"ok": 0, "column": 0, "chosen": 0, "unverified": 0, "error": 0}
    seen: dict[tuple, int] = {}
    for i, r in enumerate(rows, start=2):
        where = f"cells.csv:{i}"
        problems += enumeration_problems(where, r)
        cell = (r["department_code"], r["year"], r["funder"], r["nature"])
        if cell in seen:
            problems.append(f"{where}: second row for cell {cell} (first at line {seen[cell]})")
        seen.setdefault(cell, i)
        row_problems, row_notes = figure_problems(where, r, tally)
        problems += row_problems
        notes += row_notes
    for note in notes:
        print(f"note: {note}")
    for problem in problems:
        print(problem)
    figures = sum(r["status"] == "figure" for r in rows)
    print(
        f"sums: {tally['ok']} from single figures, {tally['column']} from one table column, "
        f"{tally['chosen']} by some figure per line, "
        f"{tally['unverified']} not verifiable, {tally['error']} wrong"
    )
    if problems:
        print(f"{len(problems)} problem(s) in {len(rows)} rows")
        return 1
    print(f"{len(rows)} rows ok ({figures} figure, {len(rows) - figures} no_figure)")
    return 0

if __name__ == "__main__":
    sys.exit(main())
