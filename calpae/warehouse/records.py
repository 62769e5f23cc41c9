"""Records of the warehouse: one dataclass per table a document's facts go
into, its fields the table's columns (``sql/schema.sql``; tests/test_schema.py
keeps them in step). Extractors return these; the loader writes them without
knowing what they mean."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar


@dataclass(frozen=True)
class DocumentRow:
    table: ClassVar[str] = "documents"
    document_id: str
    source_file: str
    sha256: str
    doc_type: str
    title: str | None
    period_start: int | None
    period_end: int | None
    pages: int
    status: str
    ingested_at: datetime
    source_format: str
    status_reason: str | None
    bytes: int
    fingerprint: str | None = None
    manifest_entry: str | None = None
    last_error: str | None = None
    failed_attempts: int = 0
    source_root: str | None = None
    withdrawn_at: datetime | None = None  # set by the registry when its file leaves the folder


@dataclass(frozen=True)
class DocumentDepartment:
    table: ClassVar[str] = "document_departments"
    document_id: str
    department_code: str
    department_name: str
    confidence: str  # high, medium, low (see extract/metadata/departments.py)
    evidence: str
    page: int | None
    source_line: int | None


@dataclass(frozen=True)
class DocumentPageRow:
    table: ClassVar[str] = "document_pages"
    document_id: str
    page: int
    read_by: str  # text, text_layer, ocr
    ocr_confidence: float | None = None


@dataclass(frozen=True)
class DocumentSegmentRow:
    table: ClassVar[str] = "document_segments"
    document_id: str
    segment_no: int
    label: str
    department_code: str | None
    in_scope: bool
    reason: str
    page_from: int
    line_from: int
    page_to: int
    line_to: int


@dataclass(frozen=True)
class DocumentPerson:
    table: ClassVar[str] = "document_people"
    document_id: str
    name: str
    role: str
    evidence: str
    page: int
    source_line: int


@dataclass(frozen=True)
class DocumentDate:
    table: ClassVar[str] = "document_dates"
    document_id: str
    kind: str
    date: date
    evidence: str
    page: int
    source_line: int
    year_inferred: bool = False


@dataclass(frozen=True)
class ActionRow:
    table: ClassVar[str] = "actions"
    action_id: str
    document_id: str
    department_code: str | None
    action_ref: str | None
    title: str
    section: str
    measure_code: str | None
    page: int
    source_line: int
    measure_confidence: float | None = None
    mentions: int = 1


@dataclass(frozen=True)
class AmountRow:
    table: ClassVar[str] = "amounts"
    amount_id: str
    document_id: str
    department_code: str | None
    action_id: str | None
    label: str | None
    year: int | None
    funder: str
    nature: str
    amount_eur: Decimal
    evidence: str
    page: int
    source_line: int
    char_start: int
    char_end: int
    is_total: bool = False
    is_lower_bound: bool = False
    source_kind: str | None = None
    table_page: int | None = None
    table_line: int | None = None
    table_column: int | None = None
    table_row_line: int | None = None  # the first line of its table row (a PDF's cells stand apart)
    scope: str | None = None  # action, section, convention, other
    funder_ambiguous: bool = False
    nature_ambiguous: bool = False
    includes_report: bool = False  # a total that adds carried-over credits to the plan


@dataclass(frozen=True)
class IndicatorValueRow:
    table: ClassVar[str] = "indicator_values"
    indicator_value_id: str
    document_id: str
    department_code: str | None
    action_id: str | None
    indicator_label: str
    indicator_code: str | None
    year: int | None
    is_target: bool
    value_raw: str | None
    value_num: float | None
    unit: str | None
    page: int
    source_line: int
    is_half_year: bool = False
    indicator_confidence: float | None = None
    column_header: str | None = None


@dataclass(frozen=True)
class DataQualityRow:
    table: ClassVar[str] = "extraction_checks"  # public through the view data_quality
    document_id: str
    check_name: str
    severity: str
    message: str
    page: int | None
    source_line: int | None
    stated_eur: Decimal | None = None
    computed_eur: Decimal | None = None
    gap_eur: Decimal | None = None
    relation: str | None = None
    fact_id: str | None = None


FactRow = (
    DocumentDepartment
    | DocumentPageRow
    | DocumentSegmentRow
    | DocumentPerson
    | DocumentDate
    | ActionRow
    | AmountRow
    | IndicatorValueRow
    | DataQualityRow
)


@dataclass
class Facts:
    """Everything extracted from one document, ready to load in one transaction."""

    document: DocumentRow
    rows: list[FactRow] = field(default_factory=list)

    def count_by_table(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.table] = counts.get(row.table, 0) + 1
        return counts
