"""Rewrites of the sample documents as another département would have written
them, every fact kept, and the score of the warehouse on them against the
rewritten gold.

    .venv/bin/python -m bench.rewrite                        # the five samples
    .venv/bin/python -m bench.rewrite 000_4abbc878dd54ddbd.txt 003_03964095504adcba.txt
    .venv/bin/python -m bench.rewrite --shift-years 1 --show 10

A rewrite keeps every line where it is (the gold's line numbers still hold)
and changes:

- the département: its name in every spelling (``Bas-Rhin``, ``BAS-RHIN``,
  ``Bas Rhin``), its adjective, its préfecture and its ``CD67`` code become
  another's, of the same article ("du Bas-Rhin" → "du Loiret");
- the table layout: in a tab-separated table whose header names the State
  and the département in two neighbouring column groups, the two groups
  trade places in every row from the header down (spanning headers move
  with their columns);
- the words: "Part État" → "Contribution de l'État", "Participation CD" →
  "Apport du Département"…;
- the spelling of amounts: one prose amount in three is respelled in K€ or
  M€ (``155 000 €`` → ``155 K€``, ``1 125 000 €`` → ``1,125 M€``);
- with ``--shift-years N``, every year (and two-digit year of a date) moves
  by N, in the text and in the gold.

Amounts are scored as ``gold/evaluate.py amounts`` does: (département, year,
funder, nature, value, line); dates on (line, kind, date).
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import duckdb

from calpae.extract.text import fold
from calpae.ingest.run import ingest
from calpae.schemas.reference import departments

T = TypeVar("T")
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
SAMPLE_DEPARTMENTS = {"67": "45", "68": "83", "71": "49", "47": "82"}  # same article each
SYNONYMS = (  # a template's own words for the same columns
    (r"\bPart (?:de l')?(?:Etat|État)\b", "Contribution de l'État"),
    (r"\bPart (?:du )?(?:CD|Département)\b", "Contribution du Département"),
    (r"\bParticipation (?:de l')?(?:Etat|État)\b", "Apport de l'État"),
    (r"\bParticipation (?:du )?(?:CD|Département)\b", "Apport du Département"),
    (r"\bPart financement CD\b", "Cofinancement du Département"),
    (r"\bMontant prévisionnel Etat\b", "Crédits prévus de l'État"),
    (r"\bMontant prévisionnel\b", "Crédits prévus"),
)
STATE = re.compile(r"\betat\b")
DEPARTMENT = re.compile(r"\bcd\b|\bdepartement\b")
HEADER_CELL = 60  # a header cell is short
PROSE_MONEY = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?:,00)?\s?(?:€|euros\b)")
YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
SHORT_YEAR = re.compile(r"(?<![\d./-])(\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?)(1\d|2\d)(?![\d/])")


@dataclass(frozen=True)
class Rewrite:
    departments: dict[str, str] = field(default_factory=lambda: dict(SAMPLE_DEPARTMENTS))
    swap_columns: bool = True
    synonyms: bool = True
    respell_every: int = 3  # one prose amount in N; 0: none
    shift_years: int = 0


# --- the text ---------------------------------------------------------------------


def rewrite_text(text: str, plan: Rewrite) -> str:
    """The text as the other département would have written it, line for line."""
    lines = text.split("\n")
    if plan.swap_columns:
        lines = swap_money_columns(lines)
    text = "\n".join(lines)
    if plan.synonyms:
        for pattern, words in SYNONYMS:
            text = re.sub(pattern, words, text)
    if plan.respell_every:
        text = respell_amounts(text, plan.respell_every)
    for source, target in plan.departments.items():
        text = rename_department(text, source, target)
    if plan.shift_years:
        text = shift_years(text, plan.shift_years)
    return text


def changes(text: str, plan: Rewrite) -> dict[str, int]:
    """How many lines each part of a rewrite changes, alone."""
    alone = {
        "département": Rewrite(plan.departments, False, False, 0, 0),
        "table layout": Rewrite({}, plan.swap_columns, False, 0, 0),
        "header words": Rewrite({}, False, plan.synonyms, 0, 0),
        "amount spelling": Rewrite({}, False, False, plan.respell_every, 0),
        "years": Rewrite({}, False, False, 0, plan.shift_years),
    }
    before = text.split("\n")
    counts = {}
    for part, only in alone.items():
        after = rewrite_text(text, only).split("\n")
        counts[part] = sum(1 for a, b in zip(before, after, strict=True) if a != b)
    return counts


def rename_department(text: str, source: str, target: str) -> str:
    by_code = {d.code: d for d in departments()}
    old, new = by_code[source], by_code[target]
    pairs = [(old.name, new.name), (old.prefecture, new.prefecture)]
    for old_words, new_words in pairs:
        spelled = r"[- ]".join(re.escape(part) for part in re.split(r"[- ]", old_words))
        text = re.sub(
            rf"(?<!\w){spelled}(?!\w)",
            lambda m, new_words=new_words: new_words.upper() if m.group(0).isupper() else new_words,
            text,
            flags=re.IGNORECASE,
        )
    if old.demonym and new.demonym:
        text = re.sub(
            rf"(?<!\w){re.escape(old.demonym)}(e|s|es)?(?!\w)",
            lambda m: new.demonym + (m.group(1) or ""),
            text,
            flags=re.IGNORECASE,
        )
    return re.sub(rf"\bCD\s?{source}\b", f"CD{target}", text)


def swap_money_columns(lines: list[str]) -> list[str]:
    """Each tab table whose header has the State's and the département's
    column groups side by side, with the two groups traded. A table is a
    run of tab lines, over blank lines (a page break) when the next line has
    as many tabs, and lines without tabs (a wrapped cell), which stay as they
    are."""
    result = list(lines)
    for start, end in table_runs(lines):
        if found := swapped_header(lines, start, end):
            index, order = found
            headed = last_filled(lines[index].split("\t"))
            for row in range(index, end):
                if "\t" in lines[row]:
                    result[row] = reorder(lines[row], order, headed)
    return result


def table_runs(lines: list[str]) -> list[tuple[int, int]]:
    """The (start, end) line indices of each tab table (end excluded)."""
    runs = []
    start = 0
    while start < len(lines):
        if "\t" not in lines[start]:
            start += 1
            continue
        end = start + 1
        while end < len(lines) and goes_on(lines, end, lines[start].count("\t")):
            end += 1
        runs.append((start, end))
        start = end
    return runs


def swapped_header(lines: list[str], start: int, end: int) -> tuple[int, list[int]] | None:
    """The first header line of a table whose State and département groups
    can be traded, with the new order of its columns."""
    for index in range(start, end):
        if "\t" in lines[index] and (order := swapped_order(lines[index].split("\t"))):
            return index, order
    return None


def goes_on(lines: list[str], index: int, tabs: int) -> bool:
    """Whether line ``index`` still belongs to a table of ``tabs`` tabs."""
    if lines[index].strip():
        return True
    following = next((line for line in lines[index + 1 :] if line.strip()), "")
    return following.count("\t") == tabs


def swapped_order(header: list[str]) -> list[int] | None:
    """The new order of a header row's columns, when one short cell names the
    State and a neighbouring group's names the département."""
    starts = [i for i, cell in enumerate(header) if cell.strip()]
    groups = [(a, b) for a, b in zip(starts, [*starts[1:], len(header)], strict=True)]
    for (a, b), (c, d) in zip(groups, groups[1:], strict=False):
        first, second = fold(header[a]), fold(header[c])
        if len(first) > HEADER_CELL or len(second) > HEADER_CELL:
            continue
        state_then_department = STATE.search(first) and DEPARTMENT.search(second)
        department_then_state = DEPARTMENT.search(first) and STATE.search(second)
        if (state_then_department or department_then_state) and not (
            STATE.search(first) and DEPARTMENT.search(first)
        ):
            rest = list(range(d, len(header)))
            return [*range(a), *range(c, d), *range(a, b), *rest]
    return None


def reorder(line: str, order: list[int], headed: int) -> str:
    """The line's cells in the new order (see ``reorder_cells``)."""
    return "\t".join(reorder_cells(line.split("\t"), order, headed, str, str))


def reorder_cells(
    cells: list[T], order: list[int], headed: int, text: Callable[[T], str], blank: Callable[[], T]
) -> list[T]:
    """The row's cells in the new order. A row whose last cell stands past
    the header's last (a merged cell pushed it right) is shifted by as many.
    ``text`` gives a cell's text, ``blank`` makes an empty cell."""
    shift = row_shift([text(cell) for cell in cells], headed)
    cells = cells + [blank() for _ in range(len(order) + shift - len(cells))]
    moved = cells[:shift] + [cells[i + shift] for i in order]
    return moved + cells[len(order) + shift :]


def row_shift(texts: list[str], headed: int) -> int:
    """How many cells a row stands right of its header (its last filled cell
    past the header's last filled one)."""
    return max(0, last_filled(texts) - headed)


def last_filled(cells: list[str]) -> int:
    return max((i for i, cell in enumerate(cells) if cell.strip()), default=-1)


def respell_amounts(text: str, every: int) -> str:
    """One prose amount in ``every`` in K€ or M€, outside tables."""
    out = []
    count = 0
    for line in text.split("\n"):
        if "\t" in line:
            out.append(line)
            continue

        def respell(match: re.Match[str]) -> str:
            nonlocal count
            value = int(re.sub(r"\D", "", match.group(1)))
            respelled = in_large_unit(value)
            if respelled is None:
                return match.group(0)
            count += 1
            return respelled if count % every == 0 else match.group(0)

        out.append(PROSE_MONEY.sub(respell, line))
    return "\n".join(out)


def in_large_unit(value: int) -> str | None:
    if value >= 1_000_000 and value % 1_000 == 0:
        millions = Decimal(value) / Decimal(1_000_000)
        return f"{millions.normalize():f}".replace(".", ",") + " M€"
    if value >= 1_000 and value % 1_000 == 0:
        return f"{value // 1_000} K€"
    return None


def shift_years(text: str, years: int) -> str:
    text = YEAR.sub(lambda m: str(int(m.group(1)) + years), text)
    return SHORT_YEAR.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + years:02d}", text)


# --- the gold ----------------------------------------------------------------------


def rewrite_amount(row: dict[str, str], plan: Rewrite) -> dict[str, str]:
    row = dict(row)
    row["department_code"] = plan.departments.get(row["department_code"], row["department_code"])
    if row["year"] and plan.shift_years:
        row["year"] = str(int(row["year"]) + plan.shift_years)
    return row


def rewrite_date(row: dict[str, str], plan: Rewrite) -> dict[str, str]:
    row = dict(row)
    if plan.shift_years:
        year, rest = row["date"].split("-", 1)
        row["date"] = f"{int(year) + plan.shift_years}-{rest}"
    return row


# --- the score ---------------------------------------------------------------------


def score(names: list[str], plan: Rewrite | None, show: int = 0) -> dict[str, tuple]:
    """Ingest the samples (rewritten when ``plan`` is given) and score their
    amounts and dates against the (rewritten) gold."""
    from gold import evaluate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "raw"
        folder.mkdir()
        for name in names:
            text = (RAW / name).read_text(encoding="utf-8")
            if plan is None:
                shutil.copy(RAW / name, folder / name)
            else:
                (folder / name).write_text(rewrite_text(text, plan), encoding="utf-8")
        db = Path(tmp) / "rewrite.duckdb"
        ingest([folder], db, workers=2)
        con = duckdb.connect(str(db), read_only=True)
        amounts = [
            rewrite_amount(row, plan) if plan else row
            for row in evaluate.read_csv(evaluate.GOLD / "amounts" / "amounts.csv")
            if row["source_file"] in names
        ]
        evaluate.evaluate_amounts(con, amounts)
        dates = [
            rewrite_date(row, plan) if plan else row
            for row in evaluate.read_csv(evaluate.GOLD / "dates.csv")
            if row["source_file"] in names
        ]
        gold = {(d["source_file"], int(d["source_line"]), d["kind"], d["date"]) for d in dates}
        found = evaluate.per_file(
            con,
            "SELECT d.source_file, t.source_line, t.kind, CAST(t.date AS VARCHAR) "
            "FROM document_dates t JOIN documents d USING (document_id)",
        )
        evaluate.report("document_dates", gold, found, show=show)
        departments_found = evaluate.per_file(
            con,
            "SELECT d.source_file, p.department_code FROM document_departments p "
            "JOIN documents d USING (document_id)",
        )
        con.close()
    return {
        "amounts": evaluate.RESULTS["amounts all"],
        "amounts (value, line)": evaluate.RESULTS["(value, line) all"],
        "dates": evaluate.RESULTS["document_dates"],
        "departments": tuple(sorted(departments_found)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="sample files (default: all five)")
    parser.add_argument("--shift-years", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="list N missed dates")
    args = parser.parse_args(argv)
    names = args.names or sorted(p.name for p in RAW.glob("*.txt"))
    plan = Rewrite(shift_years=args.shift_years)
    for name in names:
        counts = changes((RAW / name).read_text(encoding="utf-8"), plan)
        print(f"{name}: lines changed by " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("== originals")
    original = score(names, None)
    print("== rewrites")
    rewritten = score(names, plan, args.show)
    print()
    print(f"{'':<22} {'original P/R':>15} {'rewrite P/R':>15}")
    for key in ("amounts", "amounts (value, line)", "dates"):
        (p0, r0), (p1, r1) = original[key], rewritten[key]
        print(f"{key:<22} {p0:>7.3f}/{r0:.3f} {p1:>7.3f}/{r1:.3f}")
    print(f"départements: {original['departments']} → {rewritten['departments']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
