"""Checks of the amounts a table states, reported and never fixed: the values
stay as found.

- reconciliation: at each total row, every money column's total must equal
  the sum of the rows above it since the previous total (or of all rows
  above, for a grand total), to the euro; every mismatch is reported with
  both figures;
- parity: a row planning less from the Département than from the State (the
  convention asks the Département for at least as much);
- magnitude: an amount a hundred times below its column's median (a typo
  such as "200€" where the synthesis says 200 000).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from calpae.extract.amounts.money import FoundAmount
from calpae.extract.tables.sums import ColumnSums, agrees

OUTLIER_FACTOR = 100


@dataclass(frozen=True)
class Mismatch:
    label: str
    column_header: str
    stated: Decimal
    computed: Decimal
    page: int
    line: int
    evidence: str
    total: FoundAmount | None = None  # the total row's amount


@dataclass(frozen=True)
class ParityGap:
    """A row where the Département's part is below the State's, although the
    convention requires at least equal funding."""

    label: str
    etat: Decimal
    departement: Decimal
    page: int
    line: int


def reconcile(amounts: list[FoundAmount]) -> list[Mismatch]:
    """Every total row against the rows above it, column by column: the rows
    since the last total, all rows above, or the last total and the rows
    since ("Total général" = "Total hors report" + "Report 2019")."""
    mismatches = []
    since_total, overall = ColumnSums(), ColumnSums()
    last_total: dict[int | None, Decimal] = {}
    rows: dict[tuple[int, int], list[FoundAmount]] = {}  # by row
    for amount in amounts:
        rows.setdefault(amount.row, []).append(amount)
    for line in sorted(rows):
        cells = rows[line]
        if not any(amount.is_total for amount in cells):
            for amount in cells:
                since_total.add(amount.column, amount.value)
                overall.add(amount.column, amount.value)
            continue
        for amount in cells:
            column = amount.column
            candidates = [since_total.get(column), overall.get(column)]
            if column in last_total:
                candidates.append(last_total[column] + (since_total.get(column) or 0))
            candidates = [c for c in candidates if c is not None]
            if candidates and not any(agrees(amount.value, c) for c in candidates):
                mismatches.append(
                    Mismatch(
                        label=amount.label,
                        column_header=str(amount.column),
                        stated=amount.value,
                        computed=candidates[0],
                        page=amount.page,
                        line=amount.line,
                        evidence=amount.evidence,
                        total=amount,
                    )
                )
        last_total |= {amount.column: amount.value for amount in cells}
        since_total = ColumnSums()
    return mismatches


def parity_gaps(amounts: list[FoundAmount]) -> list[ParityGap]:
    """Rows planning less from the Département than from the State, year by
    year (a Département amount without a year stands for every year)."""
    gaps = []
    rows: dict[tuple[int, int], list[FoundAmount]] = {}  # by row
    for amount in amounts:
        if amount.nature == "prevu" and not amount.is_total:
            rows.setdefault(amount.row, []).append(amount)
    for (page, line), cells in sorted(rows.items()):
        etat = [a for a in cells if a.funder == "etat"]
        departement = [a for a in cells if a.funder == "departement"]
        for state in etat:
            matching = [d for d in departement if d.year in (state.year, None)]
            if matching and all(d.value < state.value for d in matching):
                gaps.append(
                    ParityGap(state.label, state.value, matching[0].value, page, line)
                )
                break
    return gaps


def magnitude_outliers(amounts: list[FoundAmount]) -> list[FoundAmount]:
    """Amounts a hundred times smaller than their column's median: likely a
    typo ("200€" where the synthesis says 200 000), kept and reported."""
    by_column: dict[int | None, list[FoundAmount]] = {}
    for amount in amounts:
        if not amount.is_total and amount.value > 0:
            by_column.setdefault(amount.column, []).append(amount)
    outliers = []
    for column in by_column.values():
        if len(column) < 3:
            continue
        median = statistics.median(a.value for a in column)
        outliers += [a for a in column if a.value * OUTLIER_FACTOR < median]
    return outliers
