"""How figures read in the report: euros and rates French-style, labels of codes."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources

FUNDER_LABELS = {"etat": "État", "departement": "Département", "total": "Total", "other": "Autre"}
NATURE_LABELS = {"prevu": "Prévu", "execute": "Exécuté", "report": "Report", "other": "Autre"}
BASIS_LABELS = {
    "stated_total": "total déclaré",
    "sum_of_items": "somme des lignes d'un tableau complet",
    "sum_of_funders": "État + Département",
    "out_of_period": "pas de montant : année hors de la période du document",
    "partial_items": "pas de montant : seules quelques lignes sont données",
    "ambiguous_column": "pas de montant : le document ne dit pas qui paie ou quoi",
    "not_programme_money": "pas de montant : argent hors du programme",
}
CHECK_LABELS = {
    "amount_magnitude_suspect": (
        "montant cent fois plus petit ou plus grand que ceux de sa colonne "
        "(faute de frappe ?), gardé tel quel"
    ),
    "amount_misplaced": "total écrit dans une autre colonne que celle de ses lignes",
    "amount_ocr_damaged": (
        "montant lu dans un texte abîmé par la reconnaissance de caractères, gardé tel quel"
    ),
    "department_unknown": "le document ne nomme aucun département",
    "funder_ambiguous": "le document ne dit pas qui paie : financeur déduit",
    "indicator_conflict": "deux valeurs différentes pour le même indicateur",
    "indicator_unit_mismatch": "unité de l'indicateur inhabituelle",
    "indicator_unmapped": "indicateur sans équivalent national (propre au département ?)",
    "measure_unmapped": "action du socle sans mesure nationale reconnue",
    "nature_ambiguous": "le document ne dit pas si c'est prévu ou exécuté : nature déduite",
    "parity_departement_below_etat": "part du Département inférieure à celle de l'État",
    "stated_total_vs_items": "le total déclaré et la somme des lignes diffèrent",
    "stated_totals_differ": "le document déclare plusieurs totaux pour la même case",
    "table_total_mismatch": "la ligne de total d'un tableau diffère de la somme des lignes",
    "new_version_held": (
        "nouvelle version retenue pour vérification (elle perd la plupart des faits)"
    ),
}
"""What each ``data_quality`` check means, in French, for the report (the
warehouse's messages stay in English for the analysts)."""
RATE_LABELS = {
    "same_row": "prévu et exécuté sur la même ligne",
    "same_rows": "prévu et exécuté sur les mêmes lignes",
    "different_scope": "pas de taux : prévu et exécuté ne couvrent pas le même périmètre",
    "no_planned_figure": "pas de taux : pas de montant prévu",
    "no_executed_figure": "pas de taux : pas de montant exécuté",
}
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


def rate_label(code: str | None) -> str:
    return RATE_LABELS.get(code or "", code or EMPTY)


def check_label(code: str, message: str) -> str:
    """A data-quality finding in French: its check's meaning (the English
    message of the warehouse when the check is new to this list)."""
    return CHECK_LABELS.get(code, message)


@cache
def measure_names() -> dict[str, str]:
    """Each national measure's code → its name (``schemas/reference``)."""
    path = resources.files("calpae.schemas") / "reference" / "national_measures.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["label"] for row in csv.DictReader(handle)}


def measure_label(code: str | None) -> str:
    """A national measure in words ("Prévenir les sorties sèches de l'aide
    sociale à l'enfance", not ASE_SORTIES); '' for a département's own action."""
    if not code:
        return ""
    return measure_names().get(code, code)
