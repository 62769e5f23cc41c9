#!/usr/bin/env python3
"""Verify the hand-checked amounts gold file.

For every row of amounts.csv:
  * the source file exists and source_line is a valid 1-based line number;
  * `evidence` is an exact substring of that line;
  * the line lies inside a range declared in ranges.csv for that file;
  * amount_eur re-parses from the evidence (same spelling rules as README.md);
  * enumerations / booleans / number formats are valid.

Then (warnings only, exit code unaffected unless --strict) it scans every declared
range for currency-marked tokens (`€`, `k€`, `K Euros`, `KE`, `euros`, `millions d'euros`)
and reports any that no gold row on that line accounts for, minus a short list of
documented exclusions.

Usage: python gold/amounts/check.py [--raw DIR] [--strict]
"""

import argparse
import csv
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_RAW = HERE.parent.parent / "data" / "raw"

FUNDERS = {"etat", "departement", "total", "other"}
NATURES = {"prevu", "execute", "report", "other"}
BOOLS = {"true", "false"}
DEPTS = {"", "47", "67", "68", "71"}

# tokens deliberately NOT listed (see README "Excluded")
EXCLUDED = {
    ("001_799a4874d703235c.txt", 7420, "625 €"),  # OCR residue of "676 625 €" in the FAPI total row
}


SAME_AS = re.compile(r"(?i)idem\b|contribution identique\b")
"""A cell giving no figure but the other party's share of its row (a row of its
own per year in amounts.csv, the figure read in that party's cell)."""


def parse_amount(ev):
    s = ev.strip().lstrip(">").strip()
    if re.fullmatch(r"-\s*€", s):
        return Decimal("0.00")
    mult = Decimal(1)
    if "million" in s:
        mult = Decimal(1000000)
    elif re.search(r"\d\s*(?:[kK]€|K Euros|KE\b)", s):
        mult = Decimal(1000)
    m = re.match(r"-?[\d\s\u00a0\u202f,]+", s)
    if not m:
        raise ValueError(f"cannot parse amount from evidence {ev!r}")
    num = re.sub(r"\s", "", m.group(0)).replace(",", ".")
    return (Decimal(num) * mult).quantize(Decimal("0.01"))


CAND = re.compile(
    r"(?:>\s?)?(?:-\s?)?\d[\d \u00a0\u202f,]*\s?(?:€|[kK]€|K Euros|KE\b|millions? d.euros|euros)|-\s?€"
)


Ranges = dict[str, list[tuple[int, int]]]  # file -> declared (line_from, line_to)
LinesOf = Callable[[str], list[str] | None]


def line_reader(raw: Path) -> LinesOf:
    """A reader of raw/<name>'s lines (None for a missing file), each file read once."""
    cache: dict[str, list[str] | None] = {}

    def lines_of(name: str) -> list[str] | None:
        if name not in cache:
            p = raw / name
            cache[name] = p.read_text(encoding="utf-8").split("\n") if p.exists() else None
        return cache[name]

    return lines_of


def load_ranges(lines_of: LinesOf) -> tuple[Ranges, list[str]]:
    """The declared ranges of ranges.csv per file, and the errors found reading them."""
    errors: list[str] = []
    ranges: Ranges = defaultdict(list)
    with open(HERE / "ranges.csv", newline="", encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            a, b = int(r["line_from"]), int(r["line_to"])
            L = lines_of(r["source_file"])
            if L is None:
                errors.append(f"ranges.csv:{i}: unknown file {r['source_file']}")
                continue
            if not (1 <= a <= b <= len(L)):
                errors.append(f"ranges.csv:{i}: bad range {a}-{b} (file has {len(L)} lines)")
            for a2, b2 in ranges[r["source_file"]]:
                if a <= b2 and a2 <= b:
                    errors.append(f"ranges.csv:{i}: range {a}-{b} overlaps {a2}-{b2}")
            ranges[r["source_file"]].append((a, b))
    return ranges, errors


def locate(where: str, r: dict[str, str], lines_of: LinesOf) -> tuple[int, str] | str:
    """(line number, line text) of the row's source line, or the error that prevents it."""
    L = lines_of(r["source_file"])
    if L is None:
        return f"{where}: unknown source file"
    try:
        ln = int(r["source_line"])
    except ValueError:
        return f"{where}: source_line not an integer"
    if not 1 <= ln <= len(L):
        return f"{where}: line out of file"
    return ln, L[ln - 1]


def enumeration_errors(where: str, r: dict[str, str]) -> list[str]:
    """Funder, nature, département, year and the two booleans."""
    errors = []
    if r["funder"] not in FUNDERS:
        errors.append(f"{where}: bad funder {r['funder']!r}")
    if r["nature"] not in NATURES:
        errors.append(f"{where}: bad nature {r['nature']!r}")
    if r["department_code"] not in DEPTS:
        errors.append(f"{where}: unexpected department_code {r['department_code']!r}")
    if r["year"] and not re.fullmatch(r"20[12]\d", r["year"]):
        errors.append(f"{where}: bad year {r['year']!r}")
    for b in ("is_lower_bound", "is_total_row"):
        if r[b] not in BOOLS:
            errors.append(f"{where}: bad {b} {r[b]!r}")
    return errors


def amount_errors(where: str, r: dict[str, str]) -> list[str]:
    """amount_eur is a 2-decimal number equal to the amount parsed from the evidence."""
    if not re.fullmatch(r"-?\d+\.\d\d", r["amount_eur"]):
        return [f"{where}: amount_eur not a 2-decimal number: {r['amount_eur']!r}"]
    ev = r["evidence"]
    if SAME_AS.match(ev):  # "Idem Part Etat": the figure is the other party's, same line
        return []
    try:
        if parse_amount(ev) != Decimal(r["amount_eur"]):
            return [f"{where}: amount_eur {r['amount_eur']} != parsed evidence {parse_amount(ev)}"]
    except (ValueError, InvalidOperation) as e:
        return [f"{where}: {e}"]
    return []


def row_errors(where: str, r: dict[str, str], ln: int, line: str, ranges: Ranges) -> list[str]:
    """Every check of a row whose source line exists."""
    ev = r["evidence"]
    errors = []
    if not ev or ev not in line:
        errors.append(f"{where}: evidence {ev!r} not in line")
    if not any(a <= ln <= b for a, b in ranges.get(r["source_file"], [])):
        errors.append(f"{where}: line not inside a declared range")
    errors += enumeration_errors(where, r)
    errors += amount_errors(where, r)
    if not r["label"].strip():
        errors.append(f"{where}: empty label")
    return errors


def check_amounts(
    lines_of: LinesOf, ranges: Ranges
) -> tuple[int, list[str], dict[tuple[str, int], list[str]]]:
    """(rows read, errors, gold evidences per (file, line)) of amounts.csv."""
    errors: list[str] = []
    gold_by_line: dict[tuple[str, int], list[str]] = defaultdict(list)
    n = 0
    with open(HERE / "amounts.csv", newline="", encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            n += 1
            where = f"amounts.csv:{i} ({r['source_file']}:{r['source_line']})"
            found = locate(where, r, lines_of)
            if isinstance(found, str):
                errors.append(found)
                continue
            ln, line = found
            errors += row_errors(where, r, ln, line, ranges)
            gold_by_line[(r["source_file"], ln)].append(r["evidence"])
    return n, errors, gold_by_line


def uncovered_tokens(f: str, ln: int, line: str, gold: list[str]) -> list[str]:
    """Warnings for the money-like tokens of a line that no gold evidence accounts for."""
    warnings = []
    for m in CAND.finditer(line):
        tok = m.group(0).strip()
        if (f, ln, tok) in EXCLUDED:
            continue
        core = tok.lstrip("> ")
        if not any(core in g or g in tok for g in gold):
            warnings.append(f"{f}:{ln}: money-like token {tok!r} not covered by any gold row")
    return warnings


def recall_warnings(
    ranges: Ranges, lines_of: LinesOf, gold_by_line: dict[tuple[str, int], list[str]]
) -> list[str]:
    """Recall scan: currency-marked tokens inside ranges not accounted for by a gold row."""
    warnings = []
    for f, rs in ranges.items():
        L = lines_of(f)
        for a, b in rs:
            for ln in range(a, b + 1):
                warnings += uncovered_tokens(f, ln, L[ln - 1], gold_by_line.get((f, ln), []))
    return warnings


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", default=str(DEFAULT_RAW))
    ap.add_argument("--strict", action="store_true", help="treat recall-scan warnings as errors")
    args = ap.parse_args()
    lines_of = line_reader(Path(args.raw))

    ranges, errors = load_ranges(lines_of)
    n, row_errs, gold_by_line = check_amounts(lines_of, ranges)
    errors += row_errs
    warnings = recall_warnings(ranges, lines_of, gold_by_line)

    for e in errors:
        print("ERROR", e)
    for w in warnings:
        print("WARN ", w)
    print(f"{n} rows checked; {len(errors)} errors; {len(warnings)} recall warnings")
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
