"""How figures read in the report: euros and rates French-style, labels of codes."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FUNDER_LABELS = {"etat": "État", "departement": "Département", "total": "Total", "other": "Autre"}
NATURE_LABELS = {"prevu": "Prévu", "execute": "Exécuté", "report": "Report", "other": "Autre"}
BASIS_LABELS = {"stated_total": "total déclaré", "sum_of_items": "somme des lignes"}
EMPTY = "—"


def group_thousands(digits: str) -> str:
    """'1234567' → '1 234 567'."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return " ".join(groups)


def euros(value: Decimal | float | int | None) -> str:
    """An amount French-style: ``1 234 567 €``, cents when there are any
    (``349 654,40 €``); an em dash when there is none."""
    if value is None:
        return EMPTY
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    units, cents = f"{abs(amount):.2f}".split(".")
    text = group_thousands(units)
    if cents != "00":
        text += f",{cents}"
    return f"{sign}{text} €"


def rate(value: float | None) -> str:
    """An execution rate as a percentage, one decimal: ``87,5 %``."""
    if value is None:
        return EMPTY
    return f"{value * 100:.1f} %".replace(".", ",")


def number(value: float | None, unit: str | None = None) -> str:
    """An indicator value French-style, with its unit."""
    if value is None:
        return EMPTY
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
    suffix = {"percent": " %", "days": " jours", "eur": " €"}.get(unit or "", "")
    return text + suffix


def sort_value(value: Decimal | float | None) -> str:
    """The plain number a sortable table sorts a cell by ('' when empty)."""
    return "" if value is None else str(value)


def funder_label(code: str | None) -> str:
    return FUNDER_LABELS.get(code or "", code or EMPTY)


def nature_label(code: str | None) -> str:
    return NATURE_LABELS.get(code or "", code or EMPTY)


def basis_label(code: str | None) -> str:
    return BASIS_LABELS.get(code or "", code or EMPTY)
