"""What each amount covers: one action, a section, the whole convention, or
something else (``amounts.scope``).

The scope of a figure comes from what it sums, not from its wording alone:

- ``other``: a unit price or another scheme's money (nature ``other``).
- ``convention``: the State's announced support for a year ("le soutien
  financier de l'Etat s'élève à …"), a sentence stating the whole
  convention's or strategy's amount ("le montant de la Stratégie pauvreté
  pour 2020 s'élève à …"), and, in a table, the grand total: a total row
  naming the whole ("Total général", "TOTAUX FINANCIERS", "TOTAL A+B"), a
  total adding up the sub-totals above it (whatever OCR left of its label),
  or the only total of a table whose rows are several actions; the rows
  under a grand total break it down ("Participation État et Département",
  "Report 2019", "Total hors report") and are convention figures too.
- ``section``: a sub-total: a total row naming one part of the convention
  ("TOTAL A", "Total actions cofinancées", "Sous total engagements à
  l'initiative du département", "Total socle"), or any total followed in its
  table by a grand total.
- ``action``: everything else, one action's money, its total included (the
  "Total" row of a fiche's budget table, whose rows are one action's);
  except a sentence restated word for word with its figure in the parts of
  three actions or more: an envelope they share, ``section``.

A convention figure that adds a carried-over amount of the same year to
another convention figure ("Total général 1 936 652 €" = "Total hors report
1 393 709 €" + "Report 2019 542 943 €") includes that report: it is flagged
``includes_report`` so that it is never taken for the year's plan.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from calpae.extract.findings import ActionKey, Amount, AmountKey
from calpae.extract.text import fold

ROUNDING = Decimal("1.00")
ENVELOPE_COPIES = 3
WHOLE_LABEL = re.compile(
    r"\btotal general\b|\btotaux\b|\bglobal\b|\bensemble\b|\bgeneral\b|"
    r"\btotal [a-z]\s*\+\s*[a-z]\b|\bconvention\b|\bcontractualisation\b"
)
SECTION_WORDS = re.compile(
    r"\bsocle\b|\bcofinanc|\bco-financ|\binitiatives?\b|\baxe\b|\bvolet\b|\bfapi\b|"
    r"\bcil\b"
)
SECTION_LABEL = re.compile(r"^\s*(?:sous[- ]?total\b|total [a-z]\b(?!\s*\+))")
SECTION_ROW = re.compile(r"^\s*(?:axe|volet|partie|titre)\s+(?:\d+|[ivx]+)\b")
def assign_scopes(rows: list[Amount]) -> list[Amount]:
    """Every amount of one document with its scope (see the module's doc)."""
    tables: dict[tuple, list[Amount]] = {}
    for row in rows:
        if row.table_line is not None:
            key = (row.department_code, row.table_page, row.table_line)
            tables.setdefault(key, []).append(row)
    scoped: dict[AmountKey, Amount] = {}
    positional: set[AmountKey] = set()  # grand totals told by their place alone
    for table_rows in tables.values():
        found, weak = table_scopes(table_rows)
        scoped |= {row.key: row for row in found}
        positional |= weak
    result = []
    for row in rows:
        if row.key in scoped:
            row = scoped[row.key]
        else:
            row = replace(row, **sentence_scope(row))
        if row.nature == "other":
            row = replace(row, scope="other")
        result.append(row)
    return flag_included_reports(shared_envelopes(demote_partial_totals(result, positional)))


def shared_envelopes(rows: list[Amount]) -> list[Amount]:
    """A sentence restated word for word, with the same figure, in the parts
    of three actions or more ("Part Etat = 588 329,33 €" in every fiche of
    the former FAPI actions) states an envelope the actions share, not each
    one's money: scope ``section``, counted once. Two fiches with equal
    budgets may be a coincidence; three copies are not."""
    def key(row: Amount) -> tuple:
        return (row.department_code, fold(row.label or ""), row.amount_eur, row.funder, row.nature)

    actions: dict[tuple, set[ActionKey]] = {}
    for row in rows:
        if row.scope == "action" and row.table_line is None and row.action:
            actions.setdefault(key(row), set()).add(row.action)
    shared = {k for k, ids in actions.items() if len(ids) >= ENVELOPE_COPIES}
    return [
        replace(r, scope="section")
        if r.scope == "action" and r.table_line is None and key(r) in shared
        else r
        for r in rows
    ]


def demote_partial_totals(rows: list[Amount], positional: set[AmountKey]) -> list[Amount]:
    """A total taken for the whole convention by its place alone (the only
    total of a table of several actions) is a section's when the document
    states another whole for the same cell (a grand total row, a
    statement), or when other tables' totals claim the same cell: several
    tables of one axis each ("Synthèse financière de l'axe socle …"). One of
    those that adds up all the others stays the whole."""
    def cell(row: Amount) -> tuple:
        return (row.department_code, row.year, row.funder, row.nature)

    claims: dict[tuple, list[Amount]] = {}
    for row in rows:
        if row.scope == "convention" and not row.includes_report:
            claims.setdefault(cell(row), []).append(row)
    demoted: set[AmountKey] = set()
    for claimants in claims.values():
        weak = [r for r in claimants if r.key in positional]
        strong = [r for r in claimants if r.key not in positional]
        values = {r.amount_eur for r in weak}
        if strong:
            stated = {r.amount_eur for r in strong}
            demoted |= {r.key for r in weak if r.amount_eur not in stated}
        elif len(values) > 1:
            whole = [v for v in values if abs(sum(values) - v - v) < ROUNDING]
            demoted |= {r.key for r in weak if r.amount_eur not in whole}
    return [replace(r, scope="section") if r.key in demoted else r for r in rows]


def sentence_scope(row: Amount) -> dict:
    """A sentence's amount: the whole convention's when its words say so (the
    extractor read them: ``amounts.terms.states_whole``), else an action's."""
    if row.scope == "convention":
        return {"scope": "convention", "is_total": True}
    return {"scope": "action"}


def table_scopes(rows: list[Amount]) -> tuple[list[Amount], set[AmountKey]]:
    """The scopes of one table's amounts, row by row, from its total rows; and
    the ids of the grand totals told by their place alone."""
    lines: dict[tuple[int, int], list[Amount]] = {}  # by table row
    for row in rows:
        lines.setdefault((row.page, row.table_row_line or row.source_line), []).append(row)
    order = sorted(lines)
    totals = [line for line in order if any(a.is_total for a in lines[line])]
    items = [line for line in order if line not in totals]
    actions = {a.action for line in items for a in lines[line] if a.action}
    of_sections = sum(1 for line in items if SECTION_ROW.match(fold(lines[line][0].label or "")))
    several = len(actions) >= 2 or of_sections >= 2
    scopes = {line: total_scope(line, lines, totals, several, of_sections >= 2) for line in totals}
    scopes |= whole_and_breakdown(lines, totals, items, scopes)
    result, weak = [], set()
    for line in order:
        scope, by_place = scopes[line]
        for amount in lines[line]:
            is_total = amount.is_total or scope == "convention"
            result.append(replace(amount, scope=scope, is_total=is_total))
            if by_place:
                weak.add(amount.key)
    return result, weak


def whole_and_breakdown(
    lines: dict[tuple[int, int], list[Amount]],
    totals: list[tuple[int, int]],
    items: list[tuple[int, int]],
    scopes: dict[tuple[int, int], tuple[str, bool]],
) -> dict[tuple[int, int], tuple[str, bool]]:
    """Around the grand total: a total above it that it restates is the whole
    too; totals under it break the whole down; item rows under it are its
    breakdown (or another section); every other item row is an action's."""
    scopes = dict(scopes)
    grand = [line for line in totals if scopes[line] == ("convention", False)]
    for line in totals:  # a total the grand total restates is the whole too
        if grand and line < grand[0] and restates(lines[line], lines[grand[0]]):
            scopes[line] = ("convention", False)
    grand = [line for line in totals if scopes[line] == ("convention", False)]
    for line in totals:  # under the grand total, totals break the whole down
        if grand and line > grand[0]:
            scopes[line] = ("convention", False)
    for line in items:
        if grand and line > grand[0]:  # under the whole: its breakdown, or another section
            label = fold(lines[line][0].label or "")
            scopes[line] = ("section" if SECTION_WORDS.search(label) else "convention", False)
        else:
            scopes[line] = ("action", False)
    return scopes


def total_scope(
    line: tuple[int, int],
    lines: dict[tuple[int, int], list[Amount]],
    totals: list[tuple[int, int]],
    several: bool,
    of_sections: bool = False,
) -> tuple[str, bool]:
    """The scope of one total row, by its label, then by what it adds up,
    then by its place; and whether its place alone told it. The last total
    of a table whose rows are sections ("Axe 1", "Axe 2"…) is the whole."""
    label = fold(lines[line][0].label or "")
    if WHOLE_LABEL.search(label) or len(set(SECTION_WORDS.findall(label))) >= 2:
        return "convention", False
    if not several:
        return "action", False  # a fiche's budget table: the action's total
    if adds_up_totals(line, lines, totals):
        return "convention", False
    if SECTION_LABEL.search(label) or SECTION_WORDS.search(label):
        return "section", False
    later = [t for t in totals if t > line]
    if later:
        return "section", False
    return "convention", not of_sections


def restates(row: list[Amount], grand: list[Amount]) -> bool:
    """Whether a total row states a figure the grand total row states in the
    same column ("TOTAL | 1 936 652 €" above "Total général | 1 936 652 €")."""
    stated = {(a.table_column, a.amount_eur) for a in grand if a.amount_eur}
    return any((a.table_column, a.amount_eur) in stated for a in row)


def adds_up_totals(
    line: tuple[int, int],
    lines: dict[tuple[int, int], list[Amount]],
    totals: list[tuple[int, int]],
) -> bool:
    """Whether a total row adds up the table above it, column by column:
    two sub-totals or more (a grand total over sub-totals), or every row
    above it with a sub-total among them (sub-totals and the rows of no
    sub-total: "Total Département" under the socle, the co-financed actions
    and an initiatives row)."""
    above = [t for t in totals if t < line]
    rows = [row for row in lines if row < line and row not in totals]
    cells = [a for a in lines[line] if a.amount_eur]
    if not above or not cells:
        return False
    return (len(above) >= 2 and column_sums_match(cells, above, lines)) or column_sums_match(
        cells, rows, lines
    )


def column_sums_match(
    cells: list[Amount],
    over: list[tuple[int, int]],
    lines: dict[tuple[int, int], list[Amount]],
) -> bool:
    sums: dict[tuple, Decimal] = {}
    for line in over:
        for amount in lines[line]:
            key = (amount.table_column, amount.funder, amount.nature, amount.year)
            sums[key] = sums.get(key, Decimal(0)) + amount.amount_eur
    return all(
        abs(sums.get((a.table_column, a.funder, a.nature, a.year), Decimal(-1)) - a.amount_eur)
        < ROUNDING
        for a in cells
    )


def flag_included_reports(rows: list[Amount]) -> list[Amount]:
    """A convention figure equal to another convention figure plus a
    convention-level report of the same département and year includes that
    report: it is no plan of its own."""
    convention = [r for r in rows if r.scope == "convention"]
    reports = [(r.department_code, r.amount_eur) for r in convention if r.nature == "report"]
    flagged = set()
    for row in convention:
        if row.nature == "report":
            continue
        for other in convention:
            if other.nature == "report" or other.amount_eur >= row.amount_eur:
                continue
            if other.department_code != row.department_code or other.funder != row.funder:
                continue
            own = [r for code, r in reports if code == row.department_code]
            with_report = (other.amount_eur + r for r in own)
            if any(abs(total - row.amount_eur) < ROUNDING for total in with_report):
                flagged.add(row.key)
                break
    return [replace(r, includes_report=True) if r.key in flagged else r for r in rows]
