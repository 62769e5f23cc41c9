#!/usr/bin/env python3
"""Verify the hand-checked indicator-values gold files.

For every row of cells.csv:
  * the source file exists and source_line is a valid 1-based line number;
  * `value_raw` is an exact substring of that line (or of the line with HTML tags removed,
    for cells that hold HTML);
  * the line lies inside a table declared in tables.csv for the same file and département;
  * `value_num` re-parses from `value_raw` with the reading rules of README.md
    (leading number; `Au 31/12/2020 406` -> 406; `≥ 15` -> 15; `+2%` -> 2; words -> empty),
    unless the row's notes carry the `[override]` tag (reported, never silent);
  * `unit` is empty exactly when `value_num` is empty, and otherwise in the enumeration;
  * enumerations, booleans and years are valid; (file, line, year, is_target,
    is_half_year) is unique, except for rows whose notes carry the `[dup]` tag.

Then, as warnings (exit code unaffected unless --strict), it scans every declared table for
cells that look like values (start with a number, or read nc / ND / `/`) and that no gold row
on that line accounts for, minus the documented exclusions in EXCLUDED.

Usage: python gold/indicators/check.py [--raw DIR] [--strict]
"""

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_RAW = HERE.parent.parent / "data" / "raw"

UNITS = {"count", "percent", "days", "eur", "other"}
BOOLS = {"true", "false"}
DEPTS = {"47", "67", "68", "71"}
CELL_COLUMNS = [
    "source_file",
    "source_line",
    "department_code",
    "indicator_label",
    "year",
    "is_target",
    "is_half_year",
    "value_raw",
    "value_num",
    "unit",
    "column_header",
    "notes",
]
TABLE_COLUMNS = ["source_file", "line_from", "line_to", "department_code", "notes"]

F001 = "001_799a4874d703235c.txt"
F002 = "002_6d0f682446c84194.txt"

# Value-looking cells inside declared tables that are deliberately NOT gold rows
# (file, line, 0-based cell index) -> reason. README.md "Cells not listed" explains each.
EXCLUDED = {
    (F002, 250, 2): "comment column holds a stray copy of the 2018 value",
    (F002, 251, 2): "comment column holds a stray copy of the 2018 value",
    (F002, 252, 2): "comment column holds a stray copy of the 2018 value",
    (F002, 253, 2): "comment column holds a stray copy of the 2018 value",
    (F002, 256, 7): "unattributed duplicate cell (no header, not in fiche l.470)",
    (F002, 256, 8): "unattributed duplicate cell (no header, not in fiche l.470)",
    (F002, 257, 7): "unattributed duplicate cell (no header, not in fiche l.471)",
    (F002, 257, 8): "unattributed duplicate cell (no header, not in fiche l.471)",
    (F001, 3535, 4): "continuation (after a page break) of the 2020 cell of l.3527",
    (F001, 3540, 4): "continuation of the 2020 cell of l.3539 (same PDF cell)",
    (F001, 6055, 3): "continuation fragment of the 2020 objective cell started l.6053",
    (F001, 6054, 3): "continuation fragment of the 2020 objective cell started l.6053",
    (F001, 6927, 4): "garbled header text under 'Réalisé au 31-12-2020', not a value",
}

_TAG_RE = re.compile(r"<[^>]+>")
_DATE_PREFIX_RE = re.compile(r"^Au \d{1,2}/\d{1,2}/\d{2,4},?\s*")
_NUM_RE = re.compile(r"([-+])?\s*(\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/])")
# header cells: a bare year ("2020", "2022 (du 01/01/2022 au 31/05/2022)") or date piece
_HEADER_RE = re.compile(r"^(20\d\d( \(.*\))?|(\d{1,2}-){1,2}(\s*\d{4})?)$")
_WORD_VALUES = {"nc", "nd", "nd*", "/", "e.c.", "non concerné", "non"}


def strip_html(text):
    """Remove HTML tags (the only normalisation value_raw may carry)."""
    return _TAG_RE.sub("", text)


def parse_value(raw):
    """Number carried by a cell, following README.md rules; None when there is none.

    The number must lead the cell, after an optional `Au dd/mm/yyyy` date prefix and an
    optional comparison sign (≥, >, ≤, <). French spelling: space thousands, comma decimals.
    """
    s = _DATE_PREFIX_RE.sub("", raw.strip())
    s = re.sub(r"^[≥>≤<]\s*", "", s)
    m = _NUM_RE.match(s)
    if not m:
        return None
    num = float(m.group(2).replace(" ", "").replace(",", "."))
    return -num if m.group(1) == "-" else num


def unit_hint(raw):
    """Unit spelled right after the leading number: percent, days, eur, or None."""
    s = _DATE_PREFIX_RE.sub("", raw.strip())
    s = re.sub(r"^[≥>≤<]\s*", "", s)
    m = _NUM_RE.match(s)
    if not m:
        return None
    rest = s[m.end() :].lstrip()
    if rest.startswith("%"):
        return "percent"
    if rest.startswith("jour"):
        return "days"
    if rest.startswith("€") or rest.lower().startswith(("k€", "euro")):
        return "eur"
    return None


def fmt_num(num):
    """Canonical text for value_num: integer without decimals, else shortest decimal."""
    if num is None:
        return ""
    if float(num).is_integer():
        return str(int(num))
    return repr(float(num))


def looks_like_value(cell):
    c = strip_html(cell).strip()
    if not c:
        return False
    if c.lower() in _WORD_VALUES:
        return True
    return bool(re.match(r"^(Au \d{1,2}/\d{1,2}/\d{2,4},?\s*)?[-+≥>]?\s*\d", c))


def read_csv(path, columns):
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != columns:
            raise SystemExit(f"{path.name}: header {reader.fieldnames} != {columns}")
        return list(reader)


Spans = dict[str, list[tuple[int, int, str]]]  # file -> declared (line_from, line_to, dept)
LinesOf = Callable[[str], list[str] | None]


def line_reader(raw: Path, errors: list[str]) -> LinesOf:
    """A reader of raw/<name>'s lines, each file read once; a missing file gives None and
    appends its error to errors at the first request (so errors keep the order of the scan)."""
    cache: dict[str, list[str] | None] = {}

    def lines_of(name: str) -> list[str] | None:
        if name not in cache:
            path = raw / name
            if not path.exists():
                errors.append(f"missing source file {path}")
                cache[name] = None
            else:
                cache[name] = path.read_text(encoding="utf-8").split("\n")
        return cache[name]

    return lines_of


def table_spans(tables: list[dict[str, str]]) -> tuple[Spans, list[str]]:
    """The declared tables per file (sorted), with the errors of their ranges and départements."""
    errors = []
    spans: Spans = defaultdict(list)
    for t in tables:
        a, b = int(t["line_from"]), int(t["line_to"])
        if a > b:
            errors.append(f"tables.csv: bad range {t['source_file']} {a}-{b}")
        if t["department_code"] not in DEPTS:
            errors.append(f"tables.csv: bad department {t['department_code']!r}")
        spans[t["source_file"]].append((a, b, t["department_code"]))
    for name, rngs in spans.items():
        rngs.sort()
        for (_a1, b1, _), (a2, _b2, _) in zip(rngs, rngs[1:], strict=False):
            if a2 <= b1:
                errors.append(f"tables.csv: overlapping tables in {name} at {a2}")
    return spans, errors


def placement_errors(where: str, r: dict[str, str], ln: int, line: str, spans: Spans) -> list[str]:
    """value_raw is on its line, and the line lies in a table of the row's département."""
    errors = []
    raw = r["value_raw"]
    if not raw.strip():
        errors.append(f"{where}: empty value_raw")
    elif raw not in line and raw not in strip_html(line):
        errors.append(f"{where}: value_raw {raw!r} not in line")
    table = [s for s in spans.get(r["source_file"], []) if s[0] <= ln <= s[1]]
    if not table:
        errors.append(f"{where}: line not inside a declared table")
    elif table[0][2] != r["department_code"]:
        errors.append(f"{where}: department {r['department_code']} != table's {table[0][2]}")
    return errors


def field_errors(where: str, r: dict[str, str]) -> list[str]:
    """Year, booleans (never both target and half-year), label and column header."""
    errors = []
    if not re.fullmatch(r"20(1[5-9]|2[0-5])", r["year"]):
        errors.append(f"{where}: bad year {r['year']!r}")
    for col in ("is_target", "is_half_year"):
        if r[col] not in BOOLS:
            errors.append(f"{where}: bad {col} {r[col]!r}")
    if r["is_target"] == "true" and r["is_half_year"] == "true":
        errors.append(f"{where}: a cell cannot be both target and half-year")
    if not r["indicator_label"].strip() or not r["column_header"].strip():
        errors.append(f"{where}: empty indicator_label or column_header")
    return errors


def value_num_findings(where: str, r: dict[str, str]) -> tuple[list[str], list[str]]:
    """(errors, overrides): value_num against the reading rule, unless tagged [override]."""
    expected = fmt_num(parse_value(r["value_raw"]))
    if r["value_num"] == expected:
        return [], []
    if "[override]" in r["notes"]:
        return [], [f"{where}: value_num {r['value_num']} (rule gives {expected or 'empty'})"]
    return [f"{where}: value_num {r['value_num']!r} but rule gives {expected!r}"], []


def unit_errors(where: str, r: dict[str, str]) -> list[str]:
    """value_num is a number with a unit of the enumeration (agreeing with the cell), or both
    are empty."""
    if not r["value_num"]:
        return [f"{where}: unit without value_num"] if r["unit"] else []
    errors = []
    try:
        float(r["value_num"])
    except ValueError:
        errors.append(f"{where}: value_num not a number")
    if r["unit"] not in UNITS:
        errors.append(f"{where}: bad unit {r['unit']!r}")
    hint = unit_hint(r["value_raw"])
    if hint and hint != r["unit"] and "[override]" not in r["notes"]:
        errors.append(f"{where}: unit {r['unit']} but the cell spells {hint}")
    return errors


def cell_findings(
    where: str, r: dict[str, str], ln: int, line: str, spans: Spans
) -> tuple[list[str], list[str]]:
    """(errors, overrides) of one cells.csv row whose line exists."""
    errors = placement_errors(where, r, ln, line, spans) + field_errors(where, r)
    value_errors, overrides = value_num_findings(where, r)
    return errors + value_errors + unit_errors(where, r), overrides


def check_cells(
    cells: list[dict[str, str]], spans: Spans, lines_of: LinesOf, errors: list[str]
) -> tuple[Counter, dict[tuple[str, int], list[str]], list[str]]:
    """Append the errors of cells.csv to errors; return (keys, value_raw per line, overrides)."""
    keys: Counter = Counter()
    covered: dict[tuple[str, int], list[str]] = defaultdict(list)
    overrides: list[str] = []
    for i, r in enumerate(cells, start=2):
        where = f"cells.csv:{i} ({r['source_file']}:{r['source_line']})"
        lines = lines_of(r["source_file"])
        if lines is None:
            continue
        ln = int(r["source_line"])
        if not 1 <= ln <= len(lines):
            errors.append(f"{where}: line out of range")
            continue
        cell_errors, cell_overrides = cell_findings(where, r, ln, lines[ln - 1], spans)
        errors += cell_errors
        overrides += cell_overrides
        if "[dup]" not in r["notes"]:
            keys[(r["source_file"], ln, r["year"], r["is_target"], r["is_half_year"])] += 1
        covered[(r["source_file"], ln)].append(r["value_raw"])
    return keys, covered, overrides


def line_warnings(name: str, ln: int, line: str, covered: list[str]) -> list[str]:
    """Value-looking cells of a tab-separated line (label and headers aside) that no gold
    value_raw of the line accounts for, the exclusions aside."""
    left = list(covered)
    parts = line.split("\t")
    first = next((k for k, c in enumerate(parts) if strip_html(c).strip()), None)
    warnings = []
    for k, cell in enumerate(parts):
        if k == first and k <= 1:
            continue  # the row's label (measure name / indicator)
        text = strip_html(cell).strip()
        if not looks_like_value(cell) or _HEADER_RE.match(text):
            continue
        if (name, ln, k) in EXCLUDED:
            continue
        hit = next((v for v in left if v in text or text in v), None)
        if hit is not None:
            left.remove(hit)
        else:
            warnings.append(f"{name}:{ln} cell[{k}] {text[:40]!r} not in gold")
    return warnings


def completeness_warnings(
    spans: Spans, lines_of: LinesOf, covered: dict[tuple[str, int], list[str]]
) -> list[str]:
    """Completeness scan of every declared table (warnings)."""
    warnings = []
    for name, rngs in spans.items():
        lines = lines_of(name)
        if lines is None:
            continue
        for a, b, _dept in rngs:
            for ln in range(a, b + 1):
                line = lines[ln - 1]
                if "\t" in line:
                    warnings += line_warnings(name, ln, line, covered.get((name, ln), []))
    return warnings


def print_report(
    cells: list[dict[str, str]],
    tables: list[dict[str, str]],
    overrides: list[str],
    warnings: list[str],
    errors: list[str],
) -> None:
    """Overrides, warnings, errors and the summary line."""
    for msg in overrides:
        print("OVERRIDE", msg)
    for msg in warnings:
        print("WARN", msg)
    for msg in errors:
        print("ERROR", msg)
    by_doc = Counter(r["source_file"][:3] for r in cells)
    print(
        f"{len(cells)} cells ({', '.join(f'{k}: {v}' for k, v in sorted(by_doc.items()))}), "
        f"{len(tables)} tables, {len(overrides)} overrides, {len(warnings)} warnings, "
        f"{len(errors)} errors"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    ap.add_argument("--strict", action="store_true", help="warnings also fail")
    args = ap.parse_args(argv)

    tables = read_csv(HERE / "tables.csv", TABLE_COLUMNS)
    cells = read_csv(HERE / "cells.csv", CELL_COLUMNS)
    spans, errors = table_spans(tables)
    lines_of = line_reader(args.raw, errors)
    keys, covered, overrides = check_cells(cells, spans, lines_of, errors)
    errors += [f"duplicate cell key {key} x{n}" for key, n in keys.items() if n > 1]
    warnings = completeness_warnings(spans, lines_of, covered)

    print_report(cells, tables, overrides, warnings, errors)
    failed = errors or (args.strict and warnings)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
