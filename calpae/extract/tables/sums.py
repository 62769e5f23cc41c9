"""Sums of a table's columns, and whether a figure states one: the one check
of "this row adds up the rows above it" (totals found by their figures, the
reconciliation of stated totals, a total moved to its column, the scope of a
grand total). Totals are often rounded to the euro: a figure states a sum
when they differ by less than one euro (174 827 for 174 827,20)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from decimal import Decimal

ROUNDING = Decimal("1.00")


def agrees(figure: Decimal, total: Decimal) -> bool:
    """Whether a figure states a sum (to the euro)."""
    return abs(figure - total) < ROUNDING


class ColumnSums:
    """Running sums of figures by column (or any key: a column with its
    funder, nature and year)."""

    def __init__(self, pairs: Iterable[tuple[Hashable, Decimal]] = ()) -> None:
        self.totals: dict[Hashable, Decimal] = {}
        for key, value in pairs:
            self.add(key, value)

    def add(self, key: Hashable, value: Decimal) -> None:
        self.totals[key] = self.totals.get(key, Decimal(0)) + value

    def get(self, key: Hashable) -> Decimal | None:
        return self.totals.get(key)

    def __contains__(self, key: Hashable) -> bool:
        return key in self.totals

    def __iter__(self):  # noqa: ANN204 - the keys, as a dict's
        return iter(self.totals)

    def __bool__(self) -> bool:
        return bool(self.totals)

    def states(self, key: Hashable, value: Decimal) -> bool:
        """Whether ``value`` is the sum of the column ``key``."""
        return key in self.totals and agrees(value, self.totals[key])
