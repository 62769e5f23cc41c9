"""From extractors' findings to warehouse rows: ids, data-quality entries,
actions with their measure, indicator values with their code. Record building
only: which measure an action serves and which action a fact belongs to are
decided in ``extractors/action_links.py``. Pure functions; ``extract`` calls
them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from calpae.extract.actions.links import action_measures
from calpae.extract.actions.mentions import (
    ActionMention,
    merge_mentions,
)
from calpae.extract.amounts.checks import Mismatch, ParityGap
from calpae.extract.amounts.money import FoundAmount
from calpae.extract.indicators.codes import match_indicator
from calpae.extract.indicators.find import FoundIndicator
from calpae.extract.metadata.segments import Segment
from calpae.warehouse.records import (
    ActionRow,
    AmountRow,
    DataQualityRow,
    DocumentSegmentRow,
    FactRow,
    IndicatorValueRow,
)


def stable_id(prefix: str, *parts: object) -> str:
    """An id that is the same on every run over the same input."""
    digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]
    return f"{prefix}_{digest}"


def quality(
    document_id: str,
    check_name: str,
    severity: str,
    message: str,
    page: int | None = None,
    source_line: int | None = None,
    **figures: object,
) -> DataQualityRow:
    """A data-quality row; ``figures`` are its typed columns (stated_eur,
    computed_eur, gap_eur, relation, fact_id) where the check has them."""
    return DataQualityRow(document_id, check_name, severity, message, page, source_line, **figures)


def amount_id_of(document_id: str, found: FoundAmount) -> str:
    return stable_id(
        "amt", document_id, found.page, found.char_start, found.funder, found.nature, found.year
    )


@dataclass(frozen=True)
class AmountIds:
    """The ids of a segment's amount rows by their place (page, first
    character): a check points at the row its amount became, whatever was
    settled after the check (a column named later, a total moved)."""

    by_place: dict[tuple[int, int], str]

    @classmethod
    def of_rows(cls, pairs: list[tuple[FoundAmount, AmountRow]]) -> AmountIds:
        by_place: dict[tuple[int, int], str] = {}
        for found, row in pairs:
            by_place.setdefault((found.page, found.char_start), row.amount_id)
        return cls(by_place)

    def about(self, found: FoundAmount) -> dict[str, str]:
        fact_id = self.by_place.get((found.page, found.char_start))
        return {"relation": "amounts", "fact_id": fact_id} if fact_id else {}


def segment_row(document_id: str, segment: Segment) -> DocumentSegmentRow:
    return DocumentSegmentRow(
        document_id=document_id,
        segment_no=segment.number,
        label=segment.label,
        department_code=segment.department_code,
        in_scope=segment.in_scope,
        reason=segment.reason,
        page_from=segment.page_from,
        line_from=segment.line_from,
        page_to=segment.page_to,
        line_to=segment.line_to,
    )


def amount_row(document_id: str, department_code: str | None, found: FoundAmount) -> AmountRow:
    return AmountRow(
        amount_id=amount_id_of(document_id, found),
        document_id=document_id,
        department_code=department_code,
        action_id=None,
        label=found.label or None,
        year=found.year,
        funder=found.funder,
        nature=found.nature,
        amount_eur=found.value,
        evidence=found.evidence,
        page=found.page,
        source_line=found.line,
        char_start=found.char_start,
        char_end=found.char_end,
        is_total=found.is_total,
        is_lower_bound=found.lower_bound,
        source_kind=found.source,
        table_page=found.table_start[0] if found.table_start else None,
        table_line=found.table_start[1] if found.table_start else None,
        table_column=found.column,
        table_row_line=found.row_line,
        funder_ambiguous=found.funder_ambiguous,
        nature_ambiguous=found.nature_ambiguous,
        scope=found.scope,
    )


def amount_check(document_id: str, found: FoundAmount, ids: AmountIds) -> DataQualityRow:
    return quality(
        document_id,
        "amount_ocr_damaged",
        "warning",
        f"amount read as {found.value} from damaged text {found.evidence!r} (kept as found)",
        found.page,
        found.line,
        **ids.about(found),
    )


def ambiguity_rows(
    document_id: str, amounts: list[FoundAmount], ids: AmountIds
) -> list[DataQualityRow]:
    """One info row per table column (or line of text) whose funder or
    nature is a default the document does not state."""
    rows, seen = [], set()
    for found in amounts:
        for check, flagged, what in (
            ("funder_ambiguous", found.funder_ambiguous, f"funder read as {found.funder}"),
            ("nature_ambiguous", found.nature_ambiguous, f"nature read as {found.nature}"),
        ):
            place = (check, found.table_start or (found.page, found.line), found.column)
            if not flagged or place in seen:
                continue
            seen.add(place)
            rows.append(
                quality(
                    document_id,
                    check,
                    "info",
                    f"{found.evidence!r} (row {found.label[:60]!r}): the document does not say; "
                    f"{what} (and so the other amounts of its column or line)",
                    found.page,
                    found.line,
                    **ids.about(found),
                )
            )
    return rows


def mismatch_row(document_id: str, mismatch: Mismatch, ids: AmountIds) -> DataQualityRow:
    return quality(
        document_id,
        "table_total_mismatch",
        "warning",
        f"total {mismatch.stated} ({mismatch.evidence!r}, row {mismatch.label!r}) differs from "
        f"the sum of the rows above, {mismatch.computed}",
        mismatch.page,
        mismatch.line,
        stated_eur=mismatch.stated,
        computed_eur=mismatch.computed,
        gap_eur=mismatch.stated - mismatch.computed,
        **(ids.about(mismatch.total) if mismatch.total else {}),
    )


def parity_row(document_id: str, gap: ParityGap) -> DataQualityRow:
    return quality(
        document_id,
        "parity_departement_below_etat",
        "warning",
        f"row {gap.label!r}: Département {gap.departement} is below État {gap.etat}",
        gap.page,
        gap.line,
    )


def outlier_row(document_id: str, found: FoundAmount, ids: AmountIds) -> DataQualityRow:
    return quality(
        document_id,
        "amount_magnitude_suspect",
        "warning",
        f"{found.evidence!r} ({found.value}) is a hundred times below the other amounts of "
        f"its column, row {found.label!r}: a typo? (kept as found)",
        found.page,
        found.line,
        **ids.about(found),
    )


def misplaced_row(document_id: str, found: FoundAmount, ids: AmountIds) -> DataQualityRow:
    return quality(
        document_id,
        "amount_misplaced",
        "warning",
        f"total {found.evidence!r} of row {found.label!r} stands in another column than the "
        f"one whose rows add up to it; read as {found.funder} {found.nature} {found.year}",
        found.page,
        found.line,
        **ids.about(found),
    )


def indicator_rows(
    document_id: str, department_code: str | None, found: list[FoundIndicator]
) -> list[FactRow]:
    """Indicator values with their national code; each label that maps to no
    national indicator is listed once for review."""
    rows: list[FactRow] = []
    unmapped: set[str] = set()
    for value in found:
        match = match_indicator(value.label)
        value_id = stable_id("ind", document_id, value.page, value.line, value.column)
        rows.append(
            IndicatorValueRow(
                indicator_value_id=value_id,
                document_id=document_id,
                department_code=department_code,
                action_id=None,
                indicator_label=value.label or value.column_header,
                indicator_code=match.code,
                year=value.year,
                is_target=value.is_target,
                value_raw=value.value_raw,
                value_num=value.value_num,
                unit=value.unit,
                page=value.page,
                source_line=value.line,
                is_half_year=value.is_half_year,
                indicator_confidence=match.confidence,
                column_header=value.column_header,
            )
        )
        if match.code is None and value.label and value.label not in unmapped:
            unmapped.add(value.label)
            rows.append(
                quality(
                    document_id,
                    "indicator_unmapped",
                    "info",
                    f"indicator {value.label[:120]!r} matches no national indicator "
                    f"(best {match.confidence:.2f}): a département's own, or to review",
                    value.page,
                    value.line,
                    relation="indicator_values",
                    fact_id=value_id,
                )
            )
    return rows


def action_rows(
    document_id: str, department_code: str | None, mentions: list[ActionMention]
) -> list[FactRow]:
    """One action per ref and département, mapped to its national measure
    (socle and ex-FAPI actions; a département's own initiatives stay NULL)."""
    rows: list[FactRow] = []
    merged = [(a, others) for a, others in merge_mentions(mentions) if a.title or a.ref]
    matches = action_measures([a for a, _ in merged])
    for (action, others), match in zip(merged, matches, strict=True):
        action_id = stable_id("act", document_id, department_code, action.ref or action.title)
        rows.append(
            ActionRow(
                action_id=action_id,
                document_id=document_id,
                department_code=department_code,
                action_ref=action.ref,
                title=action.title or action.ref or "",
                section=action.section,
                measure_code=match.code if match else None,
                page=action.page,
                source_line=action.line,
                measure_confidence=match.confidence if match else None,
                mentions=1 + len(others),
            )
        )
        if match and match.code is None and action.section == "socle":
            rows.append(
                quality(
                    document_id,
                    "measure_unmapped",
                    "info",
                    f"socle action {action.ref or ''} {action.title!r} matches no national "
                    f"measure (best confidence {match.confidence:.2f}): to review",
                    action.page,
                    action.line,
                )
            )
    return rows
