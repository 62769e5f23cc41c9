#!/usr/bin/env python3
"""Consistency checks for the gold files (exit code 1 on any failure).

- every evidence / name is a substring of its source line (1-based, lines split on '\n'
  exactly as sed/grep count them);
- the ISO date agrees with the French date written in the evidence (day, month, and year
  when the evidence states one);
- enumerations, line ranges, titles;
- with --recall: lists lines of the raw files that contain a full date but have no gold row,
  and lines holding more dates than gold rows (to review by hand; reported, not failures).
  "Full date" here: a day with a month name (with or without a year) or a numeric
  day/month/year; a numeric day/month without a year is only parsed in evidence strings.
"""

import csv
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

GOLD = Path(__file__).resolve().parent
RAW = GOLD.parent / "data" / "raw"

DOC_TYPES = {
    "convention",
    "avenant",
    "rapport_execution",
    "deliberation",
    "fiche_action",
    "recueil_actes",
    "other",
}
KINDS = {
    "deliberation",
    "signature",
    "transmission",
    "publication",
    "affichage",
    "convocation",
    "instruction",
    "other",
}
ROLES = {"president_cd", "prefet", "secretaire_seance", "signataire", "other"}
MONTHS = {
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "sep": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}

_lines_cache = {}


def lines(fname):
    if fname not in _lines_cache:
        _lines_cache[fname] = (RAW / fname).read_text(encoding="utf-8").split("\n")
    return _lines_cache[fname]


def line(fname, n):
    ls = lines(fname)
    if not 1 <= n <= len(ls):
        return None
    return ls[n - 1]


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


MONTH_NAMES = "(" + "|".join(MONTHS) + r")(?![a-z])\.?"  # full names and abbreviations
FIRST = r"(?:er|<sup>er</sup>|\^\{er\})"  # 1er, 1<sup>er</sup>, 1^{er} (text is folded)
DATE_RE = re.compile(
    # day + month name (+ year): "13 décembre", "29 SEP. 2022", "1^{er} janvier 2021"
    r"(?<!\d)(\d{1,2})\s*" + FIRST + r"?\s*" + MONTH_NAMES + r"\s*(\d{4}(?!\d))?"
    # numeric day / month / year with '/', '.' or '-' and optional spaces: "04/12/2019",
    # "31/12/18", "06 /08 /2020", "31.12.20", "31- 12-2020"; the year may be missing
    # ("31/12", "1er /09/", "31-12-" where OCR moved the year to the next line)
    r"|(?<![\d./-])(\d{1,2})\s*" + FIRST + r"?\s*([/.-])\s*(\d{1,2})(?!\d)"
    r"(?:\s*\5\s*(\d{4}|\d{2})(?!\d)|(\s*\5)?)"
)


def dates_in(text, yearless_numeric=False):
    """(day, month, year or None) for each date in text. A numeric date without a year
    ("31/12") is only returned with yearless_numeric=True (for evidence strings): in running
    text such forms are mostly fractions and ranges ("16/18 ans", "3/12ème")."""
    out = []
    for m in DATE_RE.finditer(fold(text.replace("*", ""))):
        if m.group(1):
            d, mo = int(m.group(1)), MONTHS[m.group(2)]
            y = int(m.group(3)) if m.group(3) else None
        else:
            d, mo = int(m.group(4)), int(m.group(6))
            y = m.group(7)
            if y is None and not yearless_numeric:
                continue
            y = None if y is None else (2000 + int(y) if len(y) == 2 else int(y))
        if 1 <= d <= 31 and 1 <= mo <= 12:
            out.append((d, mo, y))
    return out


def read(name):
    with open(GOLD / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def document_errors(d: dict[str, str]) -> list[str]:
    """doc_type, département codes, period and title line of one documents.csv row."""
    f = d["source_file"]
    errors = []
    if d["doc_type"] not in DOC_TYPES:
        errors.append(f"documents {f}: bad doc_type {d['doc_type']}")
    codes = [c for c in d["department_codes"].split(";") if c]
    if any(not re.fullmatch(r"\d{2}|2[AB]|97\d", c) for c in codes):
        errors.append(f"documents {f}: bad department code {d['department_codes']}")
    if not (
        d["period_start"].isdigit()
        and d["period_end"].isdigit()
        and int(d["period_start"]) <= int(d["period_end"])
    ):
        errors.append(f"documents {f}: bad period")
    tl = line(f, int(d["title_line"]))
    first_words = " ".join(d["title"].split()[:6])
    if tl is None or first_words not in " ".join(tl.replace("*", "").split()):
        errors.append(
            f"documents {f}: title start {first_words!r} not on line {d['title_line']}: {tl!r}"
        )
    return errors


def check_documents(raw_files: list[str]) -> list[str]:
    """documents.csv lists exactly the raw files, and each row is valid."""
    docs = read("documents.csv")
    errors = []
    if sorted(d["source_file"] for d in docs) != raw_files:
        errors.append("documents.csv does not list exactly the raw files")
    for d in docs:
        errors += document_errors(d)
    return errors


def part_errors(p: dict[str, str]) -> list[str]:
    """Range, blank ends, in_scope and département code of one document_parts.csv row."""
    f, a, b = p["source_file"], int(p["line_from"]), int(p["line_to"])
    n = len(lines(f))
    if not (1 <= a <= b <= n):
        return [f"parts {f} {a}-{b}: out of range (file has {n} lines)"]
    errors = []
    if not line(f, a).strip() or not line(f, b).strip():
        errors.append(f"parts {f} {a}-{b}: range starts or ends on a blank line")
    if p["in_scope"] not in ("true", "false"):
        errors.append(f"parts {f}: bad in_scope {p['in_scope']}")
    if any(not re.fullmatch(r"\d{2}", c) for c in p["department_code"].split(";")):
        errors.append(f"parts {f}: bad department_code {p['department_code']}")
    return errors


def gap_errors(parts: list[dict[str, str]]) -> list[str]:
    """Consecutive parts of a file neither overlap nor leave non-blank lines uncovered."""
    errors = []
    for f in {p["source_file"] for p in parts}:
        rs = sorted(
            (int(p["line_from"]), int(p["line_to"])) for p in parts if p["source_file"] == f
        )
        for (a1, b1), (a2, b2) in zip(rs, rs[1:], strict=False):
            if a2 <= b1:
                errors.append(f"parts {f}: overlapping ranges {a1}-{b1} and {a2}-{b2}")
            elif any(text.strip() for text in lines(f)[b1 : a2 - 1]):
                errors.append(f"parts {f}: non-blank lines between {b1} and {a2} not covered")
    return errors


def check_parts() -> list[str]:
    """Each row of document_parts.csv, then the gaps and overlaps between them."""
    parts = read("document_parts.csv")
    errors = []
    for p in parts:
        errors += part_errors(p)
    return errors + gap_errors(parts)


def evidence_date_errors(tag: str, r: dict[str, str], iso: date) -> list[str]:
    """The one date parsed from the evidence agrees with the ISO date and year_inferred."""
    found = dates_in(r["evidence"], yearless_numeric=True)
    if len(found) != 1:
        return [f"{tag}: expected exactly one date in evidence, parsed {found}"]
    d, m, y = found[0]
    errors = []
    if (d, m) != (iso.day, iso.month):
        errors.append(f"{tag}: evidence day/month {d}/{m} != {r['date']}")
    if y is None:
        if r["year_inferred"] != "true":
            errors.append(f"{tag}: evidence has no year but year_inferred != true")
    else:
        if y != iso.year:
            errors.append(f"{tag}: evidence year {y} != {r['date']}")
        if r["year_inferred"] != "false":
            errors.append(f"{tag}: evidence states the year but year_inferred != false")
    return errors


def date_errors(r: dict[str, str]) -> list[str]:
    """Line, evidence, kind and date of one dates.csv row."""
    f, n = r["source_file"], int(r["source_line"])
    ln = line(f, n)
    tag = f"dates {f}:{n} {r['evidence']!r}"
    if ln is None:
        return [f"{tag}: no such line"]
    errors = []
    if r["evidence"] not in ln:
        errors.append(f"{tag}: evidence not in line: {ln[:200]!r}")
    if r["kind"] not in KINDS:
        errors.append(f"{tag}: bad kind {r['kind']}")
    try:
        iso = date.fromisoformat(r["date"])
    except ValueError:
        return [*errors, f"{tag}: bad ISO date {r['date']}"]
    return errors + evidence_date_errors(tag, r, iso)


def check_dates() -> tuple[list[str], dict[tuple[str, int], int]]:
    """(errors, number of gold rows per (file, line)) of dates.csv."""
    errors = []
    gold_date_lines: dict[tuple[str, int], int] = {}
    for r in read("dates.csv"):
        f, n = r["source_file"], int(r["source_line"])
        gold_date_lines[(f, n)] = gold_date_lines.get((f, n), 0) + 1
        errors += date_errors(r)
    return errors, gold_date_lines


def check_people() -> list[str]:
    """Each name of people.csv is on its line and each role is in the enumeration."""
    errors = []
    for r in read("people.csv"):
        f, n = r["source_file"], int(r["source_line"])
        ln = line(f, n)
        if ln is None or r["name"] not in ln:
            errors.append(f"people {f}:{n} name {r['name']!r} not in line {ln!r}")
        if r["role"] not in ROLES:
            errors.append(f"people {f}:{n}: bad role {r['role']}")
    return errors


def print_recall(raw_files: list[str], gold_date_lines: dict[tuple[str, int], int]) -> None:
    """List the raw lines with a full date and no gold row, then those with more dates than rows."""
    print("Lines with a full date and no gold row (review: each should be a README exclusion):")
    for f in raw_files:
        for i, text in enumerate(lines(f), 1):
            if (f, i) not in gold_date_lines and dates_in(text):
                print(f"  {f}:{i}: {text[:140]}")
    print("Lines with more dates than gold rows (review likewise):")
    for f in raw_files:
        for i, text in enumerate(lines(f), 1):
            n = len(dates_in(text))
            if (f, i) in gold_date_lines and n > gold_date_lines[(f, i)]:
                print(f"  {f}:{i}: {n} dates, {gold_date_lines[(f, i)]} rows: {text[:120]}")


def main(recall: bool = False) -> int:
    raw_files = sorted(p.name for p in RAW.glob("*.txt"))
    errors = check_documents(raw_files)
    errors += check_parts()
    date_errs, gold_date_lines = check_dates()
    errors += date_errs
    errors += check_people()

    if recall:
        print_recall(raw_files, gold_date_lines)

    for e in errors:
        print("FAIL", e)
    print(f"{len(errors)} failure(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(recall="--recall" in sys.argv))
