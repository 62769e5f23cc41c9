"""The amounts' checks as data-quality findings: damaged figures, totals that
disagree with their rows, parity, magnitude outliers, misplaced totals, and
funders or natures the document does not state. Each finding points at the
amount it is about by where it stands."""

from __future__ import annotations

from calpae.extract.amounts.checks import Mismatch, ParityGap
from calpae.extract.amounts.find import AmountsFound
from calpae.extract.amounts.money import FoundAmount
from calpae.extract.findings import AmountPlace, Check


def amount_checks(found: AmountsFound) -> list[Check]:
    """Every check of one segment's amounts."""
    checks = [damaged(amount) for amount in found.amounts if amount.damaged]
    checks += [mismatch(m) for m in found.mismatches]
    checks += [parity(gap) for gap in found.parity_gaps]
    checks += [outlier(amount) for amount in found.outliers]
    checks += [misplaced(amount) for amount in found.misplaced]
    return checks + ambiguities(found.amounts)


def place(found: FoundAmount) -> AmountPlace:
    return AmountPlace(found.page, found.char_start)


def damaged(found: FoundAmount) -> Check:
    return Check(
        "amount_ocr_damaged",
        "warning",
        f"amount read as {found.value} from damaged text {found.evidence!r} (kept as found)",
        found.page,
        found.line,
        about=place(found),
    )


def ambiguities(amounts: list[FoundAmount]) -> list[Check]:
    """One info finding per table column (or line of text) whose funder or
    nature is a default the document does not state."""
    checks, seen = [], set()
    for found in amounts:
        for name, flagged, what in (
            ("funder_ambiguous", found.funder_ambiguous, f"funder read as {found.funder}"),
            ("nature_ambiguous", found.nature_ambiguous, f"nature read as {found.nature}"),
        ):
            where = (name, found.table_start or (found.page, found.line), found.column)
            if not flagged or where in seen:
                continue
            seen.add(where)
            checks.append(
                Check(
                    name,
                    "info",
                    f"{found.evidence!r} (row {found.label[:60]!r}): the document does not say; "
                    f"{what} (and so the other amounts of its column or line)",
                    found.page,
                    found.line,
                    about=place(found),
                )
            )
    return checks


def mismatch(found: Mismatch) -> Check:
    return Check(
        "table_total_mismatch",
        "warning",
        f"total {found.stated} ({found.evidence!r}, row {found.label!r}) differs from "
        f"the sum of the rows above, {found.computed}",
        found.page,
        found.line,
        stated_eur=found.stated,
        computed_eur=found.computed,
        gap_eur=found.stated - found.computed,
        about=place(found.total) if found.total else None,
    )


def parity(gap: ParityGap) -> Check:
    return Check(
        "parity_departement_below_etat",
        "warning",
        f"row {gap.label!r}: Département {gap.departement} is below État {gap.etat}",
        gap.page,
        gap.line,
    )


def outlier(found: FoundAmount) -> Check:
    return Check(
        "amount_magnitude_suspect",
        "warning",
        f"{found.evidence!r} ({found.value}) is a hundred times below the other amounts of "
        f"its column, row {found.label!r}: a typo? (kept as found)",
        found.page,
        found.line,
        about=place(found),
    )


def misplaced(found: FoundAmount) -> Check:
    return Check(
        "amount_misplaced",
        "warning",
        f"total {found.evidence!r} of row {found.label!r} stands in another column than the "
        f"one whose rows add up to it; read as {found.funder} {found.nature} {found.year}",
        found.page,
        found.line,
        about=place(found),
    )
