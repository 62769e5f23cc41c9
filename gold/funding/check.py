"""Validate the convention-level funding key (stdlib only).

Run from the repository root:  python gold/funding/check.py

For every row of convention_totals.csv and section_totals.csv it checks that
- the header is the expected one and the enumerations / formats are valid;
- `evidence` occurs verbatim in line `source_line` of data/raw/<document>_*.txt;
- the number written in `evidence` equals `amount_eur`;
- every line listed in `also_lines` holds a figure equal to `amount_eur`
  (a figure written without cents may differ by at most 0.50, i.e. rounding);
- a (document, department, year, funder, nature[, section_label]) cell has at most one
  row whose note does not start with "variant:".
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

HEADER = [
    "document",
    "department_code",
    "year",
    "funder",
    "nature",
    "amount_eur",
    "source_line",
    "evidence",
    "also_lines",
    "note",
]
FILES = {
    "convention_totals.csv": HEADER,
    "section_totals.csv": HEADER + ["section_label"],
}
FUNDERS = {"etat", "departement", "total"}
NATURES = {"prevu", "execute", "report"}
AMOUNT_RE = re.compile(r"^-?\d+\.\d{2}$")
# a French-written number: 1 626 995,14 / 650 732 / 56000 / 403 962,5
NUM_RE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
SEP_RE = re.compile(r"[ \u00a0\u202f]")

_lines_cache: dict[str, list[str]] = {}


def raw_lines(doc: str) -> list[str] | None:
    if doc not in _lines_cache:
        found = sorted(RAW.glob(f"{doc}_*.txt"))
        if len(found) != 1:
            return None
        _lines_cache[doc] = found[0].read_text(encoding="utf-8").splitlines()
    return _lines_cache[doc]


def evidence_value(evidence: str) -> float | None:
    """Digits of the evidence, spaces/nbsp/tabs/€/markup removed, ',' -> '.'."""
    kept = re.sub(r"[^0-9,]", "", evidence)
    if kept == "":
        return 0.0 if "-" in evidence else None  # '- €' is a zero cell
    if kept.count(",") > 1:
        return None
    return float(kept.replace(",", "."))


def figures(line: str) -> list[tuple[float, bool]]:
    """Every number of the line, with every suffix of a grouped number
    ('2020 1 936 652' also yields '1 936 652'). bool = written with decimals."""
    out = []
    for m in NUM_RE.finditer(line):
        text = m.group(0)
        intpart, _, dec = text.partition(",")
        groups = SEP_RE.split(intpart)
        for i in range(len(groups)):
            digits = "".join(groups[i:])
            value = float(digits + ("." + dec if dec else ""))
            out.append((value, bool(dec)))
    return out


def matches(amount: float, line: str) -> bool:
    for value, has_dec in figures(line):
        if abs(value - amount) < 0.005:
            return True
        if not has_dec and abs(value - amount) <= 0.5:
            return True
    return False


def read_rows(name: str, header: list[str], problems: list[str]) -> list[dict[str, str]] | None:
    """The rows of HERE/name, or None (and a problem) when it is missing or its header differs."""
    path = HERE / name
    if not path.exists():
        problems.append(f"{name}: missing")
        return None
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != header:
            problems.append(f"{name}: header {reader.fieldnames} != {header}")
            return None
        return list(reader)


def enumeration_problems(where: str, r: dict[str, str]) -> list[str]:
    """Département code, year, funder and nature."""
    problems = []
    if not re.fullmatch(r"\d{2,3}|2[AB]", r["department_code"]):
        problems.append(f"{where}: bad department_code {r['department_code']!r}")
    if r["year"] and not re.fullmatch(r"20\d\d", r["year"]):
        problems.append(f"{where}: bad year {r['year']!r}")
    if r["funder"] not in FUNDERS:
        problems.append(f"{where}: funder {r['funder']!r} not in {sorted(FUNDERS)}")
    if r["nature"] not in NATURES:
        problems.append(f"{where}: nature {r['nature']!r} not in {sorted(NATURES)}")
    return problems


def source_line(where: str, r: dict[str, str]) -> tuple[list[str], int] | str:
    """(lines of the document's raw file, source_line), or the problem that prevents it."""
    doc = r["document"]
    lines = raw_lines(doc)
    if lines is None:
        return f"{where}: no single raw file for document {doc}"
    try:
        n = int(r["source_line"])
    except ValueError:
        return f"{where}: bad source_line {r['source_line']!r}"
    if not 1 <= n <= len(lines):
        return f"{where}: source_line {n} outside file (1-{len(lines)})"
    return lines, n


def evidence_problems(where: str, r: dict[str, str], line: str, n: int, amount: float) -> list[str]:
    """The evidence is on its line and reads as amount_eur."""
    ev = r["evidence"]
    if not ev or ev not in line:
        return [f"{where}: evidence {ev!r} not found in {r['document']} line {n}"]
    v = evidence_value(ev)
    if v is None or abs(v - amount) >= 0.005:
        return [f"{where}: evidence {ev!r} reads {v} != amount_eur {amount:.2f}"]
    return []


def also_line_problems(
    where: str, r: dict[str, str], lines: list[str], n: int, amount: float
) -> list[str]:
    """Every also_lines entry is another line of the file holding a figure equal to the amount."""
    problems: list[str] = []
    if not r["also_lines"].strip():
        return problems
    for part in r["also_lines"].split(";"):
        part = part.strip()
        if not part.isdigit():
            problems.append(f"{where}: bad also_lines entry {part!r}")
            continue
        m = int(part)
        if m == n:
            problems.append(f"{where}: also_lines repeats source_line {m}")
        elif not 1 <= m <= len(lines):
            problems.append(f"{where}: also_line {m} outside file")
        elif not matches(amount, lines[m - 1]):
            problems.append(f"{where}: also_line {m} holds no figure equal to {amount:.2f}")
    return problems


def cell_problems(
    where: str, i: int, r: dict[str, str], primary: dict[tuple, int], seen: set[tuple]
) -> list[str]:
    """Duplicate rows and a second non-variant row for a cell; records the row in primary/seen."""
    key = (
        r["document"],
        r["department_code"],
        r["year"],
        r["funder"],
        r["nature"],
        r.get("section_label", ""),
    )
    full = key + (r["amount_eur"], r["source_line"], r["evidence"])
    problems = []
    if full in seen:
        problems.append(f"{where}: duplicate row")
    seen.add(full)
    if not r["note"].lower().startswith("variant:"):
        if key in primary:
            problems.append(
                f"{where}: second non-variant row for cell {key} (first at line {primary[key]})"
            )
        else:
            primary[key] = i
    return problems


def row_problems(
    where: str, i: int, r: dict[str, str], primary: dict[tuple, int], seen: set[tuple]
) -> list[str]:
    """Every problem of the row at file line i (the checks stop where a value is unusable)."""
    doc = r["document"]
    if not re.fullmatch(r"00[0-4]", doc):
        return [f"{where}: bad document {doc!r}"]
    problems = enumeration_problems(where, r)
    if not AMOUNT_RE.match(r["amount_eur"]):
        return [*problems, f"{where}: bad amount_eur {r['amount_eur']!r}"]
    amount = float(r["amount_eur"])
    if "section_label" in r and not r["section_label"].strip():
        problems.append(f"{where}: empty section_label")
    found = source_line(where, r)
    if isinstance(found, str):
        return [*problems, found]
    lines, n = found
    problems += evidence_problems(where, r, lines[n - 1], n, amount)
    problems += also_line_problems(where, r, lines, n, amount)
    return problems + cell_problems(where, i, r, primary, seen)


def check_file(name: str, header: list[str], problems: list[str]) -> int:
    """Append the problems of one key file to problems; return its number of rows."""
    rows = read_rows(name, header, problems)
    if rows is None:
        return 0
    primary: dict[tuple, int] = {}
    seen: set[tuple] = set()
    for i, r in enumerate(rows, start=2):  # file line of the row
        problems += row_problems(f"{name}:{i}", i, r, primary, seen)
    return len(rows)


def main() -> int:
    problems: list[str] = []
    total = sum(check_file(name, header, problems) for name, header in FILES.items())
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) in {total} rows")
        return 1
    print(f"{total} rows ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
