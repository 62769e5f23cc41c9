#!/usr/bin/env python3
"""Verify the hand-checked actions gold (exit code 1 on any failure).

For every row of actions.csv:
  * the source file exists; first_line and every other_lines entry are valid 1-based lines
    (split on '\\n' exactly as sed/grep count), first_line is the smallest of them and no
    line is listed twice;
  * each listed line holds the action_ref (case, accents and whitespace normalised; '.' and
    '-' separators interchangeable, so '3-1' matches '3.1'; the ref must not be part of a
    longer number: '1.1' does not match inside '1.1.1'), or else the first words of the
    title, or else the first words of an `aka "..."` name given in notes. Lines named
    `ocr-damaged l.N` in notes are accepted with a warning;
  * every listed line lies in a range of ranges.csv for that file;
  * enumerations (section, measure_code, department_code per file), unique
    (source_file, department_code, action_ref) for non-empty refs, clean titles (no HTML,
    markdown, dot leaders, trailing page number or punctuation, surrounding spaces).

Usage: python3 gold/actions/check.py [--raw DIR] [--counts]
"""

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_RAW = HERE.parent.parent / "data" / "raw"

SECTIONS = {"socle", "cofinancee", "initiative", "fapi", "other"}
MEASURES = {
    "",
    "ASE_SORTIES",
    "MARAUDES",
    "PREVENTION_SPECIALISEE",
    "PREMIER_ACCUEIL",
    "REFERENT_PARCOURS",
    "RSA_ORIENTATION",
    "GARANTIE_ACTIVITE",
    "FORMATION_TS",
    "MOBILITE",
    "PETITE_ENFANCE",
}
DEPTS = {  # allowed department codes per file (document_parts.csv; 004 names none)
    "000_4abbc878dd54ddbd.txt": {"67"},
    "001_799a4874d703235c.txt": {"67", "68"},
    "002_6d0f682446c84194.txt": {"71"},
    "003_03964095504adcba.txt": {"47"},
    "004_33b71f1498aef849.txt": {""},
}
DEPT_LINES = {  # 001: the Bas-Rhin TOC entries precede the Haut-Rhin ones (l.151)
    ("001_799a4874d703235c.txt", "67"): (94, 150),
    ("001_799a4874d703235c.txt", "68"): (151, 186),
}
TITLE_WORDS = 4
ALLOWED_TRAILING_NUMBERS = ("Job 47", "Sauvegarde 71")  # names, not page numbers
AKA = re.compile(r'aka "([^"]+)"')
OCR = re.compile(r"ocr-damaged l\.(\d+)")

Ranges = dict[str, list[tuple[int, int]]]  # file -> declared (line_from, line_to)


def fold(s):
    """Lower-case, strip accents, HTML tags and markdown, unify quotes/dashes, squeeze spaces."""
    s = re.sub(r"<[^>]+>", " ", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    s = s.replace("\u2014", "-").replace("\u0153", "oe").replace("\u00a0", " ")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("*", " ").replace("#", " ")
    return re.sub(r"\s+", " ", s).strip()


def words(s):
    """Folded text reduced to alphanumeric words (punctuation dropped)."""
    return " ".join(re.findall(r"[0-9a-z]+", fold(s)))


def ref_regex(ref):
    parts = re.findall(r"[0-9a-z]+|[.\-]", fold(ref))
    body = ""
    for p in parts:
        body += r"\s*[.\-]\s*" if p in ".-" else re.escape(p)
    body = body.replace(re.escape("fapi"), r"fapi\s*")
    tail = r"(?![0-9a-z])" if parts[-1].isalpha() else r"(?!\d)(?!\s*[.\-]\s*\d)"
    return re.compile(r"(?<![0-9a-z])(?<![0-9][.\-])" + body + tail)


def title_clean(title):
    """No HTML/markdown, dot leaders, surrounding spaces or trailing punctuation ('...)' kept).

    A trailing number is taken for a table-of-contents page number unless it is part of the
    name (ALLOWED_TRAILING_NUMBERS)."""
    if not title or title != title.strip():
        return False
    if re.search(r"<[^>]+>|\*\*|\.{3,}\s*\d|\t", title):
        return False
    if re.search(r"[,;:.]$", title) and not title.endswith("...)"):
        return False
    m = re.search(r"\s(\d{1,3})$", title)
    return not m or title.endswith(ALLOWED_TRAILING_NUMBERS)


def head(s, n=TITLE_WORDS):
    return " ".join(words(s).split()[:n])


def line_reader(raw: Path) -> Callable[[str], list[str]]:
    """A reader of raw/<name>'s lines, each file read once and split on '\\n' only."""
    cache: dict[str, list[str]] = {}

    def lines_of(name: str) -> list[str]:
        if name not in cache:
            cache[name] = (raw / name).read_text(encoding="utf-8").split("\n")
        return cache[name]

    return lines_of


def load_ranges(raw: Path, lines_of: Callable[[str], list[str]]) -> tuple[Ranges, list[str]]:
    """The declared ranges of ranges.csv per file, and the failures found reading them."""
    failures: list[str] = []
    ranges: Ranges = defaultdict(list)
    with open(HERE / "ranges.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            f, a, b = r["source_file"], int(r["line_from"]), int(r["line_to"])
            if not (raw / f).exists():
                failures.append(f"ranges: missing file {f}")
                continue
            if not 1 <= a <= b <= len(lines_of(f)):
                failures.append(f"ranges: bad range {f} {a}-{b}")
            ranges[f].append((a, b))
    return ranges, failures


def overlap_failures(ranges: Ranges) -> list[str]:
    """Sort each file's ranges (in place) and report the ones that overlap."""
    failures = []
    for f, rs in ranges.items():
        rs.sort()
        for (a1, b1), (a2, b2) in zip(rs, rs[1:], strict=False):
            if a2 <= b1:
                failures.append(f"ranges: overlap {f} {a1}-{b1} / {a2}-{b2}")
    return failures


def known_file(f: str, raw: Path) -> bool:
    """The row's source file is one of the samples and is present in the raw folder."""
    return f in DEPTS and (raw / f).exists()


def field_failures(where: str, r: dict[str, str]) -> list[str]:
    """Enumerations, the spelling of the ref and the cleanliness of the title."""
    f, dept, ref, title = r["source_file"], r["department_code"], r["action_ref"], r["title"]
    failures = []
    if dept not in DEPTS[f]:
        failures.append(f"{where}: department_code {dept!r} not allowed for this file")
    if r["section"] not in SECTIONS:
        failures.append(f"{where}: bad section {r['section']!r}")
    if r["measure_code"] not in MEASURES:
        failures.append(f"{where}: bad measure_code {r['measure_code']!r}")
    if ref and (ref != ref.strip() or re.match(r"(?i)(action|fiche)", ref)):
        failures.append(f"{where}: ref must be written without the word and without spaces around")
    if not title_clean(title):
        failures.append(f"{where}: title not clean: {title!r}")
    return failures


def listed_lines(r: dict[str, str]) -> list[int] | None:
    """first_line followed by the other_lines, or None when one is not an integer."""
    try:
        first = int(r["first_line"])
        others = [int(x) for x in r["other_lines"].split(";") if x.strip()]
    except ValueError:
        return None
    return [first, *others]


def line_list_failures(where: str, r: dict[str, str], all_lines: list[int]) -> list[str]:
    """No line twice, first_line the smallest, 001's lines inside the département's TOC part."""
    f, dept = r["source_file"], r["department_code"]
    first = all_lines[0]
    failures = []
    if len(set(all_lines)) != len(all_lines):
        failures.append(f"{where}: a line is listed twice")
    if first != min(all_lines):
        failures.append(f"{where}: first_line {first} is not the first appearance")
    if (f, dept) in DEPT_LINES:
        lo, hi = DEPT_LINES[(f, dept)]
        if not all(lo <= n <= hi for n in all_lines):
            failures.append(f"{where}: lines outside the {dept} part of the table of contents")
    return failures


def names_action(text: str, rx: re.Pattern | None, title: str, akas: list[str]) -> bool:
    """The line holds the action's ref, or the first words of its title or of an aka."""
    if rx and rx.search(fold(text)):
        return True
    w = words(text)
    return head(title) in w or any(head(a) in w for a in akas)


def line_findings(
    where: str, r: dict[str, str], all_lines: list[int], ls: list[str], rngs: list[tuple[int, int]]
) -> tuple[list[str], list[str]]:
    """(failures, warnings) of the listed lines: in the file, in a range, naming the action."""
    ref, title = r["action_ref"], r["title"]
    rx = ref_regex(ref) if ref else None
    akas = AKA.findall(r["notes"])
    ocr = {int(n) for n in OCR.findall(r["notes"])}
    failures, warnings = [], []
    for n in all_lines:
        if not 1 <= n <= len(ls):
            failures.append(f"{where}: line {n} out of file")
            continue
        if not any(a <= n <= b for a, b in rngs):
            failures.append(f"{where}: line {n} outside declared ranges")
        text = ls[n - 1]
        if names_action(text, rx, title, akas):
            continue
        if n in ocr:
            warnings.append(f"{where}: l.{n} accepted as OCR-damaged: {text.strip()[:60]!r}")
            continue
        failures.append(
            f"{where}: l.{n} holds neither the ref nor the title: {text.strip()[:80]!r}"
        )
    return failures, warnings


def row_findings(
    i: int, r: dict[str, str], raw: Path, lines_of: Callable[[str], list[str]], ranges: Ranges
) -> tuple[list[str], list[str]]:
    """(failures, warnings) of the actions.csv row at file line i."""
    f, dept, ref, title = r["source_file"], r["department_code"], r["action_ref"], r["title"]
    where = f"actions.csv:{i} {f[:3]} {dept or '-'} {ref or title[:30]!r}"
    if not known_file(f, raw):
        return [f"{where}: unknown or missing source file"], []
    ls = lines_of(f)
    failures = field_failures(where, r)
    all_lines = listed_lines(r)
    if all_lines is None:
        return [*failures, f"{where}: bad line numbers"], []
    failures += line_list_failures(where, r, all_lines)
    line_failures, warnings = line_findings(where, r, all_lines, ls, ranges.get(f, []))
    return failures + line_failures, warnings


def duplicate_key_failures(rows: list[dict[str, str]], raw: Path) -> list[str]:
    """Non-empty refs repeated for the same (source_file, department_code)."""
    keys = Counter(
        (r["source_file"], r["department_code"], fold(r["action_ref"]))
        for r in rows
        if known_file(r["source_file"], raw) and r["action_ref"]
    )
    return [
        f"duplicate key ({f[:3]}, {dept}, {ref}) x{k}"
        for (f, dept, ref), k in keys.items()
        if k > 1
    ]


def per_document_counts(rows: list[dict[str, str]], raw: Path) -> Counter:
    """Rows per (document prefix, department_code), for the rows whose file is known."""
    return Counter(
        (r["source_file"][:3], r["department_code"])
        for r in rows
        if known_file(r["source_file"], raw)
    )


def print_report(
    n_rows: int, failures: list[str], warnings: list[str], counts: Counter | None
) -> None:
    """Warnings, failures, the optional per-document counts and the summary line."""
    for w in warnings:
        print("WARN", w)
    for m in failures:
        print("FAIL", m)
    if counts is not None:
        for (doc, dept), k in sorted(counts.items()):
            print(f"{doc} {dept or '(none)'}: {k}")
    print(f"{n_rows} actions checked, {len(failures)} failures, {len(warnings)} warnings")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", default=str(DEFAULT_RAW))
    ap.add_argument("--counts", action="store_true", help="print per-document counts")
    args = ap.parse_args()
    raw = Path(args.raw)
    lines_of = line_reader(raw)

    ranges, failures = load_ranges(raw, lines_of)
    failures += overlap_failures(ranges)
    with open(HERE / "actions.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    warnings: list[str] = []
    for i, r in enumerate(rows, start=2):
        row_failures, row_warnings = row_findings(i, r, raw, lines_of, ranges)
        failures += row_failures
        warnings += row_warnings
    failures += duplicate_key_failures(rows, raw)

    counts = per_document_counts(rows, raw) if args.counts else None
    print_report(len(rows), failures, warnings, counts)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
