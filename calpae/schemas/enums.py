"""The enumerations of the analyst interface, defined once.

Each value is the exact text the warehouse stores (DESIGN.md's contract).
Python compares them with plain strings (they are ``StrEnum``s); the SQL
checks of the warehouse are built from ``ENUM_COLUMNS``
(``warehouse.checks``); the lexicon's vocabularies that name one of them
(``LEXICON_LABELS``) may use no other label (``extract.lexicon`` checks it
when it loads).
"""

from __future__ import annotations

from enum import StrEnum


class DocType(StrEnum):
    CONVENTION = "convention"
    AVENANT = "avenant"
    RAPPORT_EXECUTION = "rapport_execution"
    DELIBERATION = "deliberation"
    FICHE_ACTION = "fiche_action"
    RECUEIL_ACTES = "recueil_actes"
    OTHER = "other"


class Status(StrEnum):
    """A document's: read, waiting for OCR, or not read (with its reason)."""

    OK = "ok"
    NEEDS_OCR = "needs_ocr"
    FAILED = "failed"


class Funder(StrEnum):
    ETAT = "etat"
    DEPARTEMENT = "departement"
    TOTAL = "total"
    OTHER = "other"


class Nature(StrEnum):
    PREVU = "prevu"
    EXECUTE = "execute"
    REPORT = "report"
    OTHER = "other"


class Scope(StrEnum):
    """What an amount covers."""

    ACTION = "action"
    SECTION = "section"
    CONVENTION = "convention"
    OTHER = "other"


class Section(StrEnum):
    """Where a convention files an action."""

    SOCLE = "socle"
    COFINANCEE = "cofinancee"
    INITIATIVE = "initiative"
    FAPI = "fapi"
    OTHER = "other"


class DateKind(StrEnum):
    DELIBERATION = "deliberation"
    SIGNATURE = "signature"
    TRANSMISSION = "transmission"
    PUBLICATION = "publication"
    AFFICHAGE = "affichage"
    CONVOCATION = "convocation"
    INSTRUCTION = "instruction"
    OTHER = "other"


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    DAYS = "days"
    EUR = "eur"
    OTHER = "other"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class SourceKind(StrEnum):
    """How an amount was read."""

    TABLE = "table"
    PROSE = "prose"
    STATEMENT = "statement"


class ReadBy(StrEnum):
    """How a page was read."""

    TEXT = "text"
    TEXT_LAYER = "text_layer"
    OCR = "ocr"


class SourceFormat(StrEnum):
    TEXT = "text"
    PDF = "pdf"
    PDF_OCR = "pdf_ocr"


class Confidence(StrEnum):
    """How surely a document is about a département."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class PersonRole(StrEnum):
    PRESIDENT_CD = "president_cd"
    PREFET = "prefet"
    SECRETAIRE_SEANCE = "secretaire_seance"
    SIGNATAIRE = "signataire"
    OTHER = "other"


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    COMPLETED_WITH_FAILURES = "completed_with_failures"
    INTERRUPTED = "interrupted"


class Basis(StrEnum):
    """Where a funding cell's figure comes from, or why the cell has none."""

    STATED_TOTAL = "stated_total"
    """A total the document writes for the whole cell."""
    SUM_OF_ITEMS = "sum_of_items"
    """The leaf rows of one table column listing the actions, added up."""
    SUM_OF_FUNDERS = "sum_of_funders"
    """A total: the State's and the département's figures of one document added."""
    OUT_OF_PERIOD = "out_of_period"
    """No figure: a year outside the programme, or outside the year a report reports on."""
    PARTIAL_ITEMS = "partial_items"
    """No figure: only some of the cell's items are stated (a few actions, one fiche)."""
    AMBIGUOUS_COLUMN = "ambiguous_column"
    """No figure: the document does not say the funder or the nature of the money."""
    NOT_PROGRAMME_MONEY = "not_programme_money"
    """No figure: the only money of the cell is another scheme's or a unit cost."""


class RowKind(StrEnum):
    """What an amount is in the money it belongs to (``amount_roles``)."""

    ITEM = "item"
    SUBTOTAL = "subtotal"
    TOTAL = "total"


class RateBasis(StrEnum):
    """Why an execution rate is given, or not (``funding_execution``)."""

    SAME_ROW = "same_row"
    SAME_ROWS = "same_rows"
    DIFFERENT_SCOPE = "different_scope"
    NO_PLANNED_FIGURE = "no_planned_figure"
    NO_EXECUTED_FIGURE = "no_executed_figure"


ENUM_COLUMNS: dict[tuple[str, str], type[StrEnum]] = {
    ("documents", "doc_type"): DocType,
    ("documents", "status"): Status,
    ("documents", "source_format"): SourceFormat,
    ("document_departments", "confidence"): Confidence,
    ("document_dates", "kind"): DateKind,
    ("document_people", "role"): PersonRole,
    ("document_pages", "read_by"): ReadBy,
    ("actions", "section"): Section,
    ("amounts", "funder"): Funder,
    ("amounts", "nature"): Nature,
    ("amounts", "scope"): Scope,
    ("amounts", "source_kind"): SourceKind,
    ("indicator_values", "unit"): Unit,
    ("data_quality", "severity"): Severity,
    ("ingest_runs", "status"): RunStatus,
    ("funding_comparison", "funder"): Funder,
    ("funding_comparison", "nature"): Nature,
    ("funding_comparison", "basis"): Basis,
    ("funding_execution", "funder"): Funder,
    ("funding_execution", "rate_basis"): RateBasis,
    ("amount_roles", "row_kind"): RowKind,
    ("action_funding", "funder"): Funder,
}
"""Every column of the warehouse that holds an enumeration, and which."""

LEXICON_LABELS: dict[str, type[StrEnum]] = {
    "funder": Funder,
    "nature": Nature,
    "date_kind": DateKind,
    "doc_type": DocType,
    "action_section": Section,
}
"""The lexicon's vocabularies whose labels are values of an enumeration."""
