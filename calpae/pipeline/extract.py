"""From a read ``Document`` to the ``Facts`` of every warehouse relation.

This is the one place that calls the extractors; each extractor is a pure
function of IR blocks. The order:

1. an unreadable document gets its status and a data-quality error, nothing else;
2. a document that is not a French text about the convention gets doc type
   ``other`` and a warning, nothing else;
3. otherwise: doc type and title, départements (the manifest's, else the
   parties the text names), segments (acts, département parts), period, then
   the facts of every in-scope segment, each carrying its segment's département.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

from calpae.extractors.actions import ActionMention, find_actions, label_ref, merge_mentions
from calpae.extractors.amount_tables import Mismatch, ParityGap
from calpae.extractors.amounts import find_amounts
from calpae.extractors.dates import find_dates
from calpae.extractors.departments import parties
from calpae.extractors.doc_type import guess_doc_type
from calpae.extractors.indicator_codes import match_indicator
from calpae.extractors.indicators import FoundIndicator, find_indicators
from calpae.extractors.measures import MeasureMatch, match_measure
from calpae.extractors.money import FoundAmount
from calpae.extractors.people import find_people
from calpae.extractors.period import period_of
from calpae.extractors.relevance import relevance_problem
from calpae.extractors.segments import Segment, segment_document
from calpae.pipeline.registry import SourceFile, document_id_of, fingerprint
from calpae.schemas.ir import Block, Document, TextSpan
from calpae.schemas.records import (
    ActionRow,
    AmountRow,
    DataQualityRow,
    DocumentDate,
    DocumentDepartment,
    DocumentPerson,
    DocumentRow,
    DocumentSegmentRow,
    FactRow,
    Facts,
    IndicatorValueRow,
)
from calpae.schemas.reference import department_name


def extract_facts(
    document: Document, source: SourceFile, size: int, ingested_at: datetime
) -> Facts:
    manifest = source.manifest
    document_id = document_id_of(document.sha256)

    def document_row(**metadata: object) -> DocumentRow:
        return DocumentRow(
            document_id=document_id,
            source_file=source.source_file,
            sha256=document.sha256,
            pages=len(document.pages),
            status=document.status,
            ingested_at=ingested_at,
            source_format=document.source_format,
            status_reason=document.error,
            bytes=size,
            fingerprint=fingerprint(document.sha256, manifest),
            manifest_entry=str(manifest) if manifest else None,
            **metadata,  # type: ignore[arg-type]
        )

    empty = dict(title=None, period_start=None, period_end=None)
    if document.status != "ok":
        row = document_row(doc_type=(manifest and manifest.doc_type) or "other", **empty)
        message = f"{source.source_file}: {document.error}"
        return Facts(row, [quality(document_id, f"document_{document.status}", "error", message)])

    blocks = document.blocks
    text = "\n".join(block.text for block in blocks)
    if problem := relevance_problem(text):
        row = document_row(doc_type=(manifest and manifest.doc_type) or "other", **empty)
        message = f"{source.source_file}: {problem}; no facts extracted"
        return Facts(row, [quality(document_id, "not_about_convention", "warning", message)])

    guess = guess_doc_type(blocks)
    doc_type = (manifest and manifest.doc_type) or guess.doc_type
    codes = [manifest.department_code] if manifest and manifest.department_code else parties(text)
    segments = segment_document(blocks, doc_type, codes)
    in_scope = [block for segment, part in segments if segment.in_scope for block in part]
    period_start, period_end = period_of(guess.title, guess.title_block, doc_type, in_scope)
    facts = Facts(
        document_row(
            doc_type=doc_type, title=guess.title, period_start=period_start, period_end=period_end
        )
    )
    facts.rows += [DocumentDepartment(document_id, code, department_name(code)) for code in codes]
    facts.rows += [segment_row(document_id, segment) for segment, _ in segments]
    if not codes:
        facts.rows.append(
            quality(
                document_id,
                "department_unknown",
                "warning",
                f"{source.source_file} names no département: its facts carry none "
                "(give one in manifest.csv)",
            )
        )
    single_year = period_start if period_start == period_end else None
    mentions: dict[str | None, list[ActionMention]] = {}
    for segment, part in segments:
        if segment.in_scope:
            facts.rows += segment_facts(
                document_id, doc_type, segment, part, period_start, single_year
            )
            for mention in find_actions(part, tuple(codes)):
                code = mention.department_code or segment.department_code
                mentions.setdefault(code, []).append(mention)
    for department_code, found in mentions.items():
        facts.rows += action_rows(document_id, department_code, found)
    facts.rows = link_amounts_to_actions(facts.rows)
    return facts


def link_amounts_to_actions(rows: list[FactRow]) -> list[FactRow]:
    """An amount whose row label or sentence opens with an action's ref
    ("Action 1-1 …", "1.1.2 Développer …") belongs to that action of its
    département."""
    actions = {
        (row.department_code, normal_ref(row.action_ref)): row.action_id
        for row in rows
        if isinstance(row, ActionRow) and row.action_ref
    }
    linked: list[FactRow] = []
    for row in rows:
        if isinstance(row, AmountRow) and row.label and (ref := label_ref(row.label)):
            action_id = actions.get((row.department_code, normal_ref(ref)))
            if action_id:
                row = replace(row, action_id=action_id)
        linked.append(row)
    return linked


def normal_ref(ref: str) -> str:
    return ref.replace("-", ".").upper()


def measure_of(action: ActionMention) -> MeasureMatch:
    """The action's own title first, its last part first ("Insertion des
    allocataires … – Garantie d'activité" is the garantie); then the titles it
    is filed under."""
    for text in (action.title, *action.group):
        for candidate in (re.split(r"\s[–—-]\s", text)[-1], text):
            if candidate and (match := match_measure(candidate)).code:
                return match
    return match_measure(action.title)


def action_rows(
    document_id: str, department_code: str | None, mentions: list[ActionMention]
) -> list[FactRow]:
    """One action per ref and département, mapped to its national measure
    (socle and ex-FAPI actions; a département's own initiatives stay NULL)."""
    rows: list[FactRow] = []
    for action, others in merge_mentions(mentions):
        if not action.title and not action.ref:
            continue
        mapped = action.section in ("socle", "fapi", "other")
        match = measure_of(action) if mapped else None
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


def segment_facts(
    document_id: str,
    doc_type: str,
    segment: Segment,
    blocks: list[Block],
    first_year: int | None,
    single_year: int | None,
) -> list[FactRow]:
    """The facts of one in-scope segment, each with its segment's département."""
    rows: list[FactRow] = []
    for span, lead in spans_with_lead(blocks):
        for found in find_dates(span, default_year=first_year, lead=lead):
            rows.append(
                DocumentDate(
                    document_id,
                    found.kind,
                    found.date,
                    found.evidence,
                    found.page,
                    found.line,
                    found.year_inferred,
                )
            )
    amounts = find_amounts(blocks, doc_type, single_year)
    rows += [amount_row(document_id, segment.department_code, a) for a in amounts.amounts]
    rows += [amount_check(document_id, a) for a in amounts.amounts if a.damaged]
    rows += [mismatch_row(document_id, m) for m in amounts.mismatches]
    rows += [parity_row(document_id, gap) for gap in amounts.parity_gaps]
    rows += [outlier_row(document_id, amount) for amount in amounts.outliers]
    rows += indicator_rows(document_id, segment.department_code, find_indicators(blocks))
    for person in find_people(blocks):
        rows.append(
            DocumentPerson(
                document_id, person.name, person.role, person.evidence, person.page, person.line
            )
        )
    return rows


def indicator_rows(
    document_id: str, department_code: str | None, found: list[FoundIndicator]
) -> list[FactRow]:
    """Indicator values with their national code; each label that maps to no
    national indicator is listed once for review."""
    rows: list[FactRow] = []
    unmapped: set[str] = set()
    for value in found:
        match = match_indicator(value.label)
        rows.append(
            IndicatorValueRow(
                indicator_value_id=stable_id(
                    "ind", document_id, value.page, value.line, value.column
                ),
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
                )
            )
    return rows


def amount_row(document_id: str, department_code: str | None, found: FoundAmount) -> AmountRow:
    return AmountRow(
        amount_id=stable_id(
            "amt",
            document_id,
            found.page,
            found.char_start,
            found.funder,
            found.nature,
            found.year,
        ),
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
    )


def amount_check(document_id: str, found: FoundAmount) -> DataQualityRow:
    return quality(
        document_id,
        "amount_ocr_damaged",
        "warning",
        f"amount read as {found.value} from damaged text {found.evidence!r} (kept as found)",
        found.page,
        found.line,
    )


def mismatch_row(document_id: str, mismatch: Mismatch) -> DataQualityRow:
    return quality(
        document_id,
        "table_total_mismatch",
        "warning",
        f"total {mismatch.stated} ({mismatch.evidence!r}, row {mismatch.label!r}) differs from "
        f"the sum of the rows above, {mismatch.computed}",
        mismatch.page,
        mismatch.line,
    )


def spans_with_lead(blocks: list[Block]) -> Iterator[tuple[TextSpan, str]]:
    """Every line or cell, with the line before it in the same heading or
    paragraph ('' for the first line and for cells)."""
    for block in blocks:
        lead = ""
        for span in block.spans():
            yield span, lead
            lead = span.text if block.kind != "table" else ""


def outlier_row(document_id: str, found: FoundAmount) -> DataQualityRow:
    return quality(
        document_id,
        "amount_magnitude_suspect",
        "warning",
        f"{found.evidence!r} ({found.value}) is a hundred times below the other amounts of "
        f"its column, row {found.label!r}: a typo? (kept as found)",
        found.page,
        found.line,
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


def stable_id(prefix: str, *parts: object) -> str:
    """An id that is the same on every run over the same input."""
    digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]
    return f"{prefix}_{digest}"


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


def quality(
    document_id: str,
    check_name: str,
    severity: str,
    message: str,
    page: int | None = None,
    source_line: int | None = None,
) -> DataQualityRow:
    return DataQualityRow(document_id, check_name, severity, message, page, source_line)
