"""From a document's findings to warehouse records: ids, the document's id and
row, one record per finding. Record mapping only: every decision (which
action a fact belongs to, what an amount covers, which checks fail) was made
in ``calpae.extract``. Pure functions."""

from __future__ import annotations

import hashlib
from datetime import datetime

from calpae.extract.attribution import to_json
from calpae.extract.findings import (
    Action,
    Amount,
    AmountPlace,
    Check,
    DepartmentFinding,
    Findings,
    Indicator,
    IndicatorPlace,
)
from calpae.extract.metadata.dates import FoundDate
from calpae.extract.metadata.people import FoundPerson
from calpae.extract.metadata.segments import Segment
from calpae.schemas.ir import Document
from calpae.schemas.reference import department_name
from calpae.warehouse.records import (
    ActionRow,
    AmountRow,
    DataQualityRow,
    DocumentDate,
    DocumentDepartment,
    DocumentPageRow,
    DocumentPerson,
    DocumentRow,
    DocumentSegmentRow,
    FactRow,
    Facts,
    IndicatorValueRow,
)
from calpae.warehouse.registry import SourceFile, document_id_of, fingerprint

READ_BY = {"text": "text", "pdf": "text_layer", "pdf_ocr": "text_layer"}


def stable_id(prefix: str, *parts: object) -> str:
    """An id that is the same on every run over the same input."""
    digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]
    return f"{prefix}_{digest}"


def facts_of(
    document: Document,
    findings: Findings,
    source: SourceFile,
    size: int,
    ingested_at: datetime,
) -> Facts:
    """Every record of one document, ready to load in one transaction."""
    document_id = document_id_of(document.sha256)
    facts = Facts(document_row(document, findings, source, size, ingested_at))
    ids = FactIds(document_id, findings.amounts)
    if document.status == "ok":
        facts.rows += page_rows(document_id, document)
    facts.rows += [department_row(document_id, d) for d in findings.departments]
    facts.rows += [segment_row(document_id, segment) for segment in findings.segments]
    facts.rows += [date_row(document_id, found) for found in findings.dates]
    facts.rows += [person_row(document_id, person) for person in findings.people]
    facts.rows += [action_row(document_id, action) for action in findings.actions]
    facts.rows += [amount_row(ids, amount) for amount in findings.amounts]
    facts.rows += [indicator_row(ids, value) for value in findings.indicators]
    facts.rows += [check_row(ids, check) for check in findings.checks]
    return facts


def document_row(
    document: Document, findings: Findings, source: SourceFile, size: int, ingested_at: datetime
) -> DocumentRow:
    manifest = source.manifest
    return DocumentRow(
        document_id=document_id_of(document.sha256),
        source_file=source.source_file,
        sha256=document.sha256,
        doc_type=findings.doc_type,
        title=findings.title,
        period_start=findings.period_start,
        period_end=findings.period_end,
        pages=len(document.pages),
        status=document.status,
        ingested_at=ingested_at,
        source_format=document.source_format,
        status_reason=document.error,
        bytes=size,
        fingerprint=fingerprint(document.sha256, manifest),
        manifest_entry=str(manifest) if manifest else None,
        source_root=source.root,
    )


class FactIds:
    """The ids of a document's facts: each the same on every run over the
    same input. A check about an amount points at the first amount read at
    its place, whatever was settled about it after the check."""

    def __init__(self, document_id: str, amounts: list[Amount]) -> None:
        self.document_id = document_id
        self.by_place: dict[AmountPlace, str] = {}
        for amount in amounts:
            place = AmountPlace(amount.page, amount.found.char_start)
            self.by_place.setdefault(place, self.amount(amount))

    def amount(self, amount: Amount) -> str:
        return stable_id("amt", self.document_id, *amount.key)

    def action(self, key: tuple[str | None, str] | None) -> str | None:
        return stable_id("act", self.document_id, *key) if key else None

    def indicator(self, place: IndicatorPlace) -> str:
        return stable_id("ind", self.document_id, place.page, place.line, place.column)

    def about(self, check: Check) -> dict[str, str]:
        """The relation and id of the fact a check is about, if it is loaded."""
        if isinstance(check.about, IndicatorPlace):
            return {"relation": "indicator_values", "fact_id": self.indicator(check.about)}
        if check.about is not None and (fact_id := self.by_place.get(check.about)):
            return {"relation": "amounts", "fact_id": fact_id}
        return {}


def page_rows(document_id: str, document: Document) -> list[FactRow]:
    """How each page was read."""
    read_by = READ_BY[document.source_format]
    rows: list[FactRow] = []
    for page in document.pages:
        confidence = document.ocr_confidence.get(page.number)
        rows.append(
            DocumentPageRow(
                document_id, page.number, "ocr" if confidence is not None else read_by, confidence
            )
        )
    return rows


def department_row(document_id: str, found: DepartmentFinding) -> DocumentDepartment:
    return DocumentDepartment(
        document_id,
        found.code,
        department_name(found.code),
        found.confidence,
        found.evidence,
        found.page,
        found.line,
    )


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


def date_row(document_id: str, found: FoundDate) -> DocumentDate:
    return DocumentDate(
        document_id,
        found.kind,
        found.date,
        found.evidence,
        found.page,
        found.line,
        found.year_inferred,
    )


def person_row(document_id: str, person: FoundPerson) -> DocumentPerson:
    return DocumentPerson(
        document_id, person.name, person.role, person.evidence, person.page, person.line
    )


def action_row(document_id: str, action: Action) -> ActionRow:
    mention = action.mention
    return ActionRow(
        action_id=stable_id("act", document_id, *action.key),
        document_id=document_id,
        department_code=action.department_code,
        action_ref=mention.ref,
        title=action.title,
        section=mention.section,
        measure_code=action.measure_code,
        page=mention.page,
        source_line=mention.line,
        measure_confidence=action.measure.confidence if action.measure else None,
        mentions=action.mentions,
    )


def amount_row(ids: FactIds, amount: Amount) -> AmountRow:
    found = amount.found
    return AmountRow(
        amount_id=ids.amount(amount),
        document_id=ids.document_id,
        department_code=amount.department_code,
        action_id=ids.action(amount.action),
        label=amount.label,
        year=found.year,
        funder=found.funder,
        nature=found.nature,
        amount_eur=found.value,
        evidence=found.evidence,
        page=found.page,
        source_line=found.line,
        char_start=found.char_start,
        char_end=found.char_end,
        is_total=amount.is_total,
        is_lower_bound=found.lower_bound,
        source_kind=found.source,
        table_page=amount.table_page,
        table_line=amount.table_line,
        table_column=found.column,
        table_row_line=found.row_line,
        scope=amount.scope,
        funder_ambiguous=found.funder_ambiguous,
        nature_ambiguous=found.nature_ambiguous,
        includes_report=amount.includes_report,
        year_start=found.year_start,
        year_end=found.year_end,
        attribution=to_json(found.reasons),
    )


def indicator_row(ids: FactIds, value: Indicator) -> IndicatorValueRow:
    found = value.found
    return IndicatorValueRow(
        indicator_value_id=ids.indicator(IndicatorPlace(found.page, found.line, found.column)),
        document_id=ids.document_id,
        department_code=value.department_code,
        action_id=ids.action(value.action),
        indicator_label=value.indicator_label,
        indicator_code=value.code,
        year=found.year,
        is_target=found.is_target,
        value_raw=found.value_raw,
        value_num=found.value_num,
        unit=found.unit,
        page=found.page,
        source_line=found.line,
        is_half_year=found.is_half_year,
        indicator_confidence=value.confidence,
        column_header=found.column_header,
    )


def check_row(ids: FactIds, check: Check) -> DataQualityRow:
    return DataQualityRow(
        ids.document_id,
        check.name,
        check.severity,
        check.message,
        check.page,
        check.line,
        stated_eur=check.stated_eur,
        computed_eur=check.computed_eur,
        gap_eur=check.gap_eur,
        **ids.about(check),
    )
