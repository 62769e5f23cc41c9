"""The one reader of written numbers, for money and indicator values alike.

Thousands are grouped by spaces (plain, non-breaking, thin) or by dots
(``155 000``, ``1.500``, ``1 137 000``); the decimal separator is a comma
(``349 654,40``, ``32,7``), or a dot that is not a thousands separator
(``2.8`` millions); OCR may split the cents (``1 176 658,6 6``: 1 176 658,66).

    >>> to_decimal("1 176 658,6 6")
    Decimal('1176658.66')
    >>> to_decimal("1.500")
    Decimal('1500')
    >>> to_decimal("2.8")
    Decimal('2.8')
    >>> to_decimal("24 275 55")
    Decimal('24275.55')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

SPACE = "[ \u00a0\u202f\u2009]"
NUMBER = (
    rf"\d{{1,3}}(?:{SPACE}?[ .\u00a0\u202f\u2009]\d{{3}})+"
    rf"(?:,\d{{1,2}}(?:{SPACE}\d)?|\.\d{{1,2}}(?!\d)|{SPACE}\d{{2}}(?={SPACE}?(?:€|euros?\b)))?"
    r"|\d+(?:,\d{1,2}(?: \d)?)?"
)
"""A written amount: grouped thousands, at most two decimals (cents), after a
comma, a dot ("63 618.75 €") or a space when the euro sign follows ("24 275 55 €":
24 275,55)."""
DECIMAL_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
"""A written measure: grouped thousands or not, any number of decimals (``32,7``)."""
THOUSANDS_DOT = re.compile(r"\.(?=\d{3}(?!\d))")
SEPARATORS = re.compile(SPACE)
DAMAGED_CENTS = re.compile(rf",\d{SPACE}\d$")


SPACED_CENTS = re.compile(rf"^(\d{{1,3}}(?:{SPACE}\d{{3}})+){SPACE}(\d{{2}})$")


def to_decimal(number: str) -> Decimal:
    """The value of a written number (its separators read as above)."""
    if spaced := SPACED_CENTS.match(number):  # "24 275 55": 24 275,55
        number = f"{spaced.group(1)},{spaced.group(2)}"
    digits = THOUSANDS_DOT.sub("", SEPARATORS.sub("", number))
    return Decimal(digits.replace(",", "."))


def read_decimal(number: str) -> Decimal | None:
    """``to_decimal``, or None for a text that is no number."""
    try:
        return to_decimal(number)
    except InvalidOperation:
        return None


def damaged_cents(number: str) -> bool:
    """Whether OCR split the cents of a written number ("1 176 658,6 6")."""
    return bool(DAMAGED_CENTS.search(number))
