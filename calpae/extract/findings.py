"""What extraction finds in one document, already linked and scoped.

``extract.document.extract_document`` returns a ``Findings``: the document's
metadata, its départements, segments, dates and people, its actions (each with
the national measure it serves), its amounts (each placed in its département,
linked to its action and scoped) and indicator values (linked, coded), and the
checks made on the way. The warehouse turns them into records
(``warehouse.rows``): ids, the document's id, the rows' columns; it decides
nothing.

An action is named by its ``ActionKey`` (its département and its ref, else its
title): the one thing amounts and indicator values point to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from calpae.extract.actions.measures import MeasureMatch
from calpae.extract.actions.mentions import ActionMention
from calpae.extract.amounts.money import FoundAmount
from calpae.extract.indicators.find import FoundIndicator
from calpae.extract.metadata.dates import FoundDate
from calpae.extract.metadata.people import FoundPerson
from calpae.extract.metadata.segments import Segment

ActionKey = tuple[str | None, str]
"""One action of a document: its département and its ref (else its title)."""

AmountKey = tuple[int, int, str, str, int | None]
"""One amount of a document: its page, first character, funder, nature and year."""


@dataclass(frozen=True)
class DepartmentFinding:
    """A département the document is about, with where the text first names
    it in its surest form (none when only the manifest names it)."""

    code: str
    confidence: str
    evidence: str
    page: int | None
    line: int | None


@dataclass(frozen=True)
class Action:
    """An action (its mentions merged) in its département, with its measure."""

    mention: ActionMention
    department_code: str | None
    mentions: int
    measure: MeasureMatch | None

    @property
    def key(self) -> ActionKey:
        return (self.department_code, self.mention.ref or self.mention.title)

    @property
    def action_ref(self) -> str | None:
        return self.mention.ref

    @property
    def title(self) -> str:
        return self.mention.title or self.mention.ref or ""

    @property
    def measure_code(self) -> str | None:
        return self.measure.code if self.measure else None


@dataclass(frozen=True)
class Amount:
    """An amount as found, in its département, linked to its action and
    scoped. The properties name its attributes as the warehouse's columns do,
    so that the rules that link and scope read like the SQL that uses them."""

    found: FoundAmount
    department_code: str | None
    action: ActionKey | None = None
    scope: str | None = None
    is_total: bool = False
    includes_report: bool = False

    @classmethod
    def of(cls, found: FoundAmount, department_code: str | None) -> Amount:
        return cls(found, department_code, scope=found.scope, is_total=found.is_total)

    @property
    def key(self) -> AmountKey:
        found = self.found
        return (found.page, found.char_start, found.funder, found.nature, found.year)

    @property
    def amount_eur(self) -> Decimal:
        return self.found.value

    @property
    def label(self) -> str | None:
        return self.found.label or None

    @property
    def year(self) -> int | None:
        return self.found.year

    @property
    def funder(self) -> str:
        return self.found.funder

    @property
    def nature(self) -> str:
        return self.found.nature

    @property
    def page(self) -> int:
        return self.found.page

    @property
    def source_line(self) -> int:
        return self.found.line

    @property
    def table_page(self) -> int | None:
        return self.found.table_start[0] if self.found.table_start else None

    @property
    def table_line(self) -> int | None:
        return self.found.table_start[1] if self.found.table_start else None

    @property
    def table_column(self) -> int | None:
        return self.found.column

    @property
    def table_row_line(self) -> int | None:
        return self.found.row_line


@dataclass(frozen=True)
class Indicator:
    """An indicator value in its département, linked to its action, with the
    national indicator its label matches."""

    found: FoundIndicator
    department_code: str | None
    code: str | None
    confidence: float
    action: ActionKey | None = None

    @property
    def indicator_label(self) -> str:
        return self.found.label or self.found.column_header

    @property
    def page(self) -> int:
        return self.found.page

    @property
    def source_line(self) -> int:
        return self.found.line


@dataclass(frozen=True)
class IndicatorPlace:
    """An indicator value by its cell: page, line and column."""

    page: int
    line: int
    column: int


@dataclass(frozen=True)
class AmountPlace:
    """An amount by where it stands: page and first character (the first
    amount read there, whatever was settled about it later)."""

    page: int
    char_start: int


@dataclass(frozen=True)
class Check:
    """A data-quality finding: its check, severity and message, where it
    stands, its figures where it has some, and the fact it is about."""

    name: str
    severity: str
    message: str
    page: int | None = None
    line: int | None = None
    stated_eur: Decimal | None = None
    computed_eur: Decimal | None = None
    gap_eur: Decimal | None = None
    about: AmountPlace | IndicatorPlace | None = None


@dataclass
class Findings:
    """Everything extracted from one document."""

    doc_type: str
    title: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    departments: list[DepartmentFinding] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    dates: list[FoundDate] = field(default_factory=list)
    people: list[FoundPerson] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
