"""The warehouse's SQL checks: the hand-written tests of ``sql/tests/`` (each
query returns the rows that break a rule: none is a pass), and one check per
enumerated column, written from ``schemas/enums.py`` (the one definition of
every enumeration's values)."""

from __future__ import annotations

from calpae.schemas.enums import ENUM_COLUMNS
from calpae.warehouse.schema import sql_files


def enumeration_check(relation: str, column: str, values: list[str]) -> str:
    """A query returning the rows of ``relation`` whose ``column`` holds a
    value outside ``values`` (NULL is allowed: a column that may be unknown)."""
    listed = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return (
        f"-- {relation}.{column}: one of the values of its enumeration\n"
        f'SELECT "{column}" FROM {relation}\n'
        f'WHERE "{column}" IS NOT NULL AND "{column}" NOT IN ({listed})'
    )


def enumeration_checks() -> list[tuple[str, str]]:
    """(name, SQL) of a check per enumerated column."""
    return [
        (f"{relation}__{column}_enum", enumeration_check(relation, column, list(enumeration)))
        for (relation, column), enumeration in ENUM_COLUMNS.items()
    ]


def sql_checks() -> list[tuple[str, str]]:
    """Every SQL check of the warehouse: the written tests, then the enumerations."""
    return sql_files("tests") + enumeration_checks()
