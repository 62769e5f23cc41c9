"""What each public column holds (``columns.csv``): the warehouse's column
comments, and the README sheet of the Excel export."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def column_descriptions() -> dict[tuple[str, str], str]:
    """(relation, column) → what the column holds; relation ``*`` for a
    column meaning the same wherever it stands (``columns.csv``)."""
    path = resources.files("calpae.warehouse") / "columns.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {(row["relation"], row["column"]): row["description"] for row in rows}


def column_description(relation: str, column: str) -> str | None:
    described = column_descriptions()
    return described.get((relation, column)) or described.get(("*", column))
