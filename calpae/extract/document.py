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

import os
from collections.abc import Iterator
from datetime import datetime

from calpae.extract.actions.links import link_facts_to_actions
from calpae.extract.actions.mentions import ActionMention, find_actions
from calpae.extract.amounts.find import find_amounts
from calpae.extract.amounts.scope import assign_scopes
from calpae.extract.indicators.find import Context as IndicatorContext
from calpae.extract.indicators.find import find_indicators
from calpae.extract.metadata.dates import find_dates, own_year
from calpae.extract.metadata.departments import (
    DepartmentFound,
    departments_of,
    first_mention,
    single_department,
)
from calpae.extract.metadata.doc_type import guess_doc_type
from calpae.extract.metadata.people import find_people
from calpae.extract.metadata.period import period_of
from calpae.extract.metadata.relevance import relevance_problem
from calpae.extract.metadata.segments import Segment, segment_document
from calpae.schemas.ir import Block, Document, TextSpan
from calpae.schemas.reference import department_name
from calpae.warehouse.records import (
    AmountRow,
    DocumentDate,
    DocumentDepartment,
    DocumentPageRow,
    DocumentPerson,
    DocumentRow,
    FactRow,
    Facts,
)
from calpae.warehouse.registry import SourceFile, document_id_of, fingerprint
from calpae.warehouse.rows import (
    AmountIds,
    action_rows,
    ambiguity_rows,
    amount_check,
    amount_row,
    indicator_rows,
    mismatch_row,
    misplaced_row,
    outlier_row,
    parity_row,
    quality,
    segment_row,
)


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
            source_root=source.root,
            **metadata,  # type: ignore[arg-type]
        )

    empty = dict(title=None, period_start=None, period_end=None)
    if document.status != "ok":
        row = document_row(doc_type=(manifest and manifest.doc_type) or "other", **empty)
        message = f"{source.source_file}: {document.error}"
        return Facts(row, [quality(document_id, f"document_{document.status}", "error", message)])

    pages = page_rows(document_id, document)
    blocks = document.blocks
    text = "\n".join(block.text for block in blocks)
    if problem := relevance_problem(text):
        row = document_row(doc_type=(manifest and manifest.doc_type) or "other", **empty)
        message = f"{source.source_file}: {problem}; no facts extracted"
        warning = quality(document_id, "not_about_convention", "warning", message)
        return Facts(row, [*pages, warning])

    guess = guess_doc_type(blocks)
    doc_type = (manifest and manifest.doc_type) or guess.doc_type
    if manifest and manifest.department_code:
        found = [DepartmentFound(manifest.department_code, "high")]
    else:
        found = departments_of(text)
    codes = [department.code for department in found]
    segments = segment_document(blocks, doc_type, codes)
    in_scope = [block for segment, part in segments if segment.in_scope for block in part]
    period_start, period_end = period_of(guess.title, guess.title_block, doc_type, in_scope)
    facts = Facts(
        document_row(
            doc_type=doc_type, title=guess.title, period_start=period_start, period_end=period_end
        )
    )
    facts.rows += pages
    facts.rows += department_rows(document_id, blocks, found, manifest is not None)
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
    facts.rows = link_facts_to_actions(facts.rows, mentions)
    amounts = assign_scopes([row for row in facts.rows if isinstance(row, AmountRow)])
    facts.rows = [row for row in facts.rows if not isinstance(row, AmountRow)] + amounts
    return facts


def page_rows(document_id: str, document: Document) -> list[FactRow]:
    """How each page was read; an OCR'd page under the confidence floor
    (``CALPAE_OCR_MIN_CONFIDENCE``, default 70) is a warning: its facts may
    hold misread figures."""
    read_by = {"text": "text", "pdf": "text_layer", "pdf_ocr": "text_layer"}[document.source_format]
    floor = float(os.environ.get("CALPAE_OCR_MIN_CONFIDENCE", "70"))
    rows: list[FactRow] = []
    for page in document.pages:
        confidence = document.ocr_confidence.get(page.number)
        rows.append(
            DocumentPageRow(
                document_id, page.number, "ocr" if confidence is not None else read_by, confidence
            )
        )
        if confidence is not None and confidence < floor:
            rows.append(
                quality(
                    document_id,
                    "ocr_low_confidence",
                    "warning",
                    f"page {page.number} was read by OCR with a mean word confidence of "
                    f"{confidence:.0f} (floor {floor:.0f}): check its figures against the scan",
                    page.number,
                )
            )
    if document.replaced_bytes:
        rows.append(
            quality(
                document_id,
                "text_bytes_replaced",
                "warning",
                f"{document.replaced_bytes} byte(s) of the file are no UTF-8: each was replaced "
                "by U+FFFD (the rest of the text is read as it is)",
            )
        )
    return rows


WRITING_KINDS = frozenset({"signature", "deliberation", "transmission", "publication", "affichage"})


def department_rows(
    document_id: str, blocks: list[Block], found: list[DepartmentFound], from_manifest: bool
) -> list[DocumentDepartment]:
    """Each département with its evidence: where the text first names it in
    its surest form, or the manifest's entry."""
    spans = [span for block in blocks for span in block.spans()]
    rows = []
    for department in found:
        name = department_name(department.code)
        where = first_mention(department.code, [span.raw for span in spans])
        if where is None:  # the manifest names a département the text does not
            evidence = f"manifest.csv: {department.code}" if from_manifest else name
            rows.append(
                DocumentDepartment(
                    document_id, department.code, name, department.confidence, evidence, None, None
                )
            )
            continue
        index, start, end = where
        line, _, _ = spans[index].place(start, end)
        rows.append(
            DocumentDepartment(
                document_id,
                department.code,
                name,
                department.confidence,
                spans[index].raw[start:end],
                spans[index].page,
                line,
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
    dates: list[DocumentDate] = []
    spans = list(spans_in_context(blocks))
    year = own_year(spans) or first_year
    for span, lead, follow in spans:
        for found in find_dates(span, default_year=year, lead=lead, follow=follow):
            dates.append(
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
    rows += dates
    amounts = find_amounts(blocks, doc_type, single_year)
    # in a joint part (no département of its own), a paragraph naming one département is its
    named = {} if segment.department_code else paragraph_departments(blocks)
    amount_rows = [
        amount_row(document_id, segment.department_code or named.get((a.page, a.line)), a)
        for a in amounts.amounts
    ]
    rows += amount_rows
    ids = AmountIds.of_rows(list(zip(amounts.amounts, amount_rows, strict=True)))
    rows += [amount_check(document_id, a, ids) for a in amounts.amounts if a.damaged]
    rows += [mismatch_row(document_id, m, ids) for m in amounts.mismatches]
    rows += [parity_row(document_id, gap) for gap in amounts.parity_gaps]
    rows += [outlier_row(document_id, amount, ids) for amount in amounts.outliers]
    rows += [misplaced_row(document_id, amount, ids) for amount in amounts.misplaced]
    rows += ambiguity_rows(document_id, amounts.amounts, ids)
    written = max((d.date for d in dates if d.kind in WRITING_KINDS), default=None)
    context = IndicatorContext(planning=doc_type != "rapport_execution", written=written)
    found = find_indicators(blocks, context)
    rows += indicator_rows(document_id, segment.department_code, found)
    for person in find_people(blocks):
        rows.append(
            DocumentPerson(
                document_id, person.name, person.role, person.evidence, person.page, person.line
            )
        )
    return rows


def paragraph_departments(blocks: list[Block]) -> dict[tuple[int, int], str]:
    """The one département each paragraph line names ("le Département du
    Bas-Rhin s'est doté …"), by page and line."""
    named = {}
    for block in blocks:
        if block.kind == "paragraph":
            for line in block.lines:
                if code := single_department(line.text):
                    named[(block.page, line.number)] = code
    return named


def spans_in_context(blocks: list[Block]) -> Iterator[tuple[TextSpan, str, str]]:
    """Every line or cell, with the lines before and after it in the same
    heading or paragraph ('' at its ends and for cells)."""
    for block in blocks:
        spans = block.spans()
        for i, span in enumerate(spans):
            in_text = block.kind != "table"
            lead = spans[i - 1].text if in_text and i > 0 else ""
            follow = spans[i + 1].text if in_text and i + 1 < len(spans) else ""
            yield span, lead, follow
