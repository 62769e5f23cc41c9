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

DOC_TYPES = {"convention", "avenant", "rapport_execution", "deliberation", "fiche_action",
             "recueil_actes", "other"}
KINDS = {"deliberation", "signature", "transmission", "publication", "affichage", "convocation",
         "instruction", "other"}
ROLES = {"president_cd", "prefet", "secretaire_seance", "signataire", "other"}
MONTHS = {"janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4,
          "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
          "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
          "decembre": 12, "dec": 12}

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
    r"(?:\s*\5\s*(\d{4}|\d{2})(?!\d)|(\s*\5)?)")


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


def main(recall=False):
    errors = []
    err = errors.append
    raw_files = sorted(p.name for p in RAW.glob("*.txt"))

    docs = read("documents.csv")
    if sorted(d["source_file"] for d in docs) != raw_files:
        err("documents.csv does not list exactly the raw files")
    for d in docs:
        f = d["source_file"]
        if d["doc_type"] not in DOC_TYPES:
            err(f"documents {f}: bad doc_type {d['doc_type']}")
        codes = [c for c in d["department_codes"].split(";") if c]
        if any(not re.fullmatch(r"\d{2}|2[AB]|97\d", c) for c in codes):
            err(f"documents {f}: bad department code {d['department_codes']}")
        if not (d["period_start"].isdigit() and d["period_end"].isdigit()
                and int(d["period_start"]) <= int(d["period_end"])):
            err(f"documents {f}: bad period")
        tl = line(f, int(d["title_line"]))
        first_words = " ".join(d["title"].split()[:6])
        if tl is None or first_words not in " ".join(tl.replace("*", "").split()):
            err(f"documents {f}: title start {first_words!r} not on line {d['title_line']}: {tl!r}")

    for p in read("document_parts.csv"):
        f, a, b = p["source_file"], int(p["line_from"]), int(p["line_to"])
        n = len(lines(f))
        if not (1 <= a <= b <= n):
            err(f"parts {f} {a}-{b}: out of range (file has {n} lines)")
            continue
        if not line(f, a).strip() or not line(f, b).strip():
            err(f"parts {f} {a}-{b}: range starts or ends on a blank line")
        if p["in_scope"] not in ("true", "false"):
            err(f"parts {f}: bad in_scope {p['in_scope']}")
        if any(not re.fullmatch(r"\d{2}", c) for c in p["department_code"].split(";")):
            err(f"parts {f}: bad department_code {p['department_code']}")
    parts = read("document_parts.csv")
    for f in {p["source_file"] for p in parts}:
        rs = sorted((int(p["line_from"]), int(p["line_to"])) for p in parts if p["source_file"] == f)
        for (a1, b1), (a2, b2) in zip(rs, rs[1:], strict=False):
            if a2 <= b1:
                err(f"parts {f}: overlapping ranges {a1}-{b1} and {a2}-{b2}")
            elif any(text.strip() for text in lines(f)[b1:a2 - 1]):
                err(f"parts {f}: non-blank lines between {b1} and {a2} not covered")

    gold_date_lines = {}  # (file, line) -> number of gold rows
    for r in read("dates.csv"):
        f, n = r["source_file"], int(r["source_line"])
        gold_date_lines[(f, n)] = gold_date_lines.get((f, n), 0) + 1
        ln = line(f, n)
        tag = f"dates {f}:{n} {r['evidence']!r}"
        if ln is None:
            err(f"{tag}: no such line")
            continue
        if r["evidence"] not in ln:
            err(f"{tag}: evidence not in line: {ln[:200]!r}")
        if r["kind"] not in KINDS:
            err(f"{tag}: bad kind {r['kind']}")
        try:
            iso = date.fromisoformat(r["date"])
        except ValueError:
            err(f"{tag}: bad ISO date {r['date']}")
            continue
        found = dates_in(r["evidence"], yearless_numeric=True)
        if len(found) != 1:
            err(f"{tag}: expected exactly one date in evidence, parsed {found}")
            continue
        d, m, y = found[0]
        if (d, m) != (iso.day, iso.month):
            err(f"{tag}: evidence day/month {d}/{m} != {r['date']}")
        if y is None:
            if r["year_inferred"] != "true":
                err(f"{tag}: evidence has no year but year_inferred != true")
        else:
            if y != iso.year:
                err(f"{tag}: evidence year {y} != {r['date']}")
            if r["year_inferred"] != "false":
                err(f"{tag}: evidence states the year but year_inferred != false")

    for r in read("people.csv"):
        f, n = r["source_file"], int(r["source_line"])
        ln = line(f, n)
        if ln is None or r["name"] not in ln:
            err(f"people {f}:{n} name {r['name']!r} not in line {ln!r}")
        if r["role"] not in ROLES:
            err(f"people {f}:{n}: bad role {r['role']}")

    if recall:
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

    for e in errors:
        print("FAIL", e)
    print(f"{len(errors)} failure(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(recall="--recall" in sys.argv))
