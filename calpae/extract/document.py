"""From a read ``Document`` to its ``Findings``: the one place that calls the
extractors, each a pure function of IR blocks. The order:

1. an unreadable document gets a data-quality error, nothing else;
2. a document that is not a French text about the convention gets doc type
   ``other`` and a warning, nothing else;
3. otherwise: doc type and title, départements (the operator's, else the
   parties the text names), segments (acts, département parts), period, then
   the facts of every in-scope segment, each carrying its segment's
   département; then actions with their measures, every amount and indicator
   value linked to its action, and every amount scoped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from calpae.extract.actions.links import action_measures, link_to_actions
from calpae.extract.actions.mentions import ActionMention, find_actions, merge_mentions
from calpae.extract.amounts.find import find_amounts
from calpae.extract.amounts.quality import amount_checks
from calpae.extract.amounts.scope import assign_scopes
from calpae.extract.findings import (
    Action,
    Amount,
    Check,
    DepartmentFinding,
    Findings,
    Indicator,
    IndicatorPlace,
)
from calpae.extract.indicators.codes import match_indicator
from calpae.extract.indicators.find import Context as IndicatorContext
from calpae.extract.indicators.find import FoundIndicator, find_indicators
from calpae.extract.metadata.dates import FoundDate, find_dates, own_year
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

WRITING_KINDS = frozenset({"signature", "deliberation", "transmission", "publication", "affichage"})


@dataclass(frozen=True)
class Given:
    """What the operator says of a document (its manifest entry) and how to
    name it in messages."""

    name: str
    department_code: str | None = None
    doc_type: str | None = None
    in_manifest: bool = False
    """The manifest has an entry for it (a département, a doc type or both)."""
    ocr_min_confidence: float = 70.0
    """An OCR'd page whose mean word confidence is below this is a warning."""


def extract_document(document: Document, given: Given) -> Findings:
    """Every finding of ``document`` (see the module's doc)."""
    if document.status != "ok":
        findings = Findings(given.doc_type or "other")
        message = f"{given.name}: {document.error}"
        findings.checks.append(Check(f"document_{document.status}", "error", message))
        return findings
    blocks = document.blocks
    text = "\n".join(block.text for block in blocks)
    if problem := relevance_problem(text):
        findings = Findings(given.doc_type or "other", checks=page_checks(document, given))
        message = f"{given.name}: {problem}; no facts extracted"
        findings.checks.append(Check("not_about_convention", "warning", message))
        return findings
    guess = guess_doc_type(blocks)
    doc_type = given.doc_type or guess.doc_type
    if given.department_code:
        found = [DepartmentFound(given.department_code, "high")]
    else:
        found = departments_of(text)
    codes = [department.code for department in found]
    parts = segment_document(blocks, doc_type, codes)
    in_scope = [block for segment, part in parts if segment.in_scope for block in part]
    period_start, period_end = period_of(guess.title, guess.title_block, doc_type, in_scope)
    findings = Findings(
        doc_type,
        guess.title,
        period_start,
        period_end,
        departments=department_findings(blocks, found, given),
        segments=[segment for segment, _ in parts],
        checks=page_checks(document, given),
    )
    if not codes:
        findings.checks.append(
            Check(
                "department_unknown",
                "warning",
                f"{given.name} names no département: its facts carry none "
                "(give one in manifest.csv)",
            )
        )
    single_year = period_start if period_start == period_end else None
    mentions: dict[str | None, list[ActionMention]] = {}
    for segment, part in parts:
        if segment.in_scope:
            add_segment(findings, segment, part, period_start, single_year)
            for mention in find_actions(part, tuple(codes)):
                code = mention.department_code or segment.department_code
                mentions.setdefault(code, []).append(mention)
    for department_code, department_mentions in mentions.items():
        actions, checks = department_actions(department_code, department_mentions)
        findings.actions += actions
        findings.checks += checks
    findings.amounts, findings.indicators = link_to_actions(
        findings.amounts, findings.indicators, findings.actions, mentions
    )
    findings.amounts = assign_scopes(findings.amounts)
    return findings


def page_checks(document: Document, given: Given) -> list[Check]:
    """An OCR'd page under the confidence floor is a warning (its facts may
    hold misread figures); so are bytes of a text file that were no UTF-8."""
    checks = []
    floor = given.ocr_min_confidence
    for page in document.pages:
        confidence = document.ocr_confidence.get(page.number)
        if confidence is not None and confidence < floor:
            checks.append(
                Check(
                    "ocr_low_confidence",
                    "warning",
                    f"page {page.number} was read by OCR with a mean word confidence of "
                    f"{confidence:.0f} (floor {floor:.0f}): check its figures against the scan",
                    page.number,
                )
            )
    if document.replaced_bytes:
        checks.append(
            Check(
                "text_bytes_replaced",
                "warning",
                f"{document.replaced_bytes} byte(s) of the file are no UTF-8: each was replaced "
                "by U+FFFD (the rest of the text is read as it is)",
            )
        )
    return checks


def department_findings(
    blocks: list[Block], found: list[DepartmentFound], given: Given
) -> list[DepartmentFinding]:
    """Each département with its evidence: where the text first names it in
    its surest form, or the manifest's entry."""
    spans = [span for block in blocks for span in block.spans()]
    findings = []
    for department in found:
        where = first_mention(department.code, [span.raw for span in spans])
        if where is None:  # the manifest names a département the text does not
            name = department_name(department.code)
            evidence = f"manifest.csv: {department.code}" if given.in_manifest else name
            findings.append(
                DepartmentFinding(department.code, department.confidence, evidence, None, None)
            )
            continue
        index, start, end = where
        line, _, _ = spans[index].place(start, end)
        findings.append(
            DepartmentFinding(
                department.code,
                department.confidence,
                spans[index].raw[start:end],
                spans[index].page,
                line,
            )
        )
    return findings


def add_segment(
    findings: Findings,
    segment: Segment,
    blocks: list[Block],
    first_year: int | None,
    single_year: int | None,
) -> None:
    """The facts of one in-scope segment, each with its segment's département."""
    dates = segment_dates(blocks, first_year)
    findings.dates += dates
    amounts = find_amounts(blocks, findings.doc_type, single_year)
    # in a joint part (no département of its own), a paragraph naming one département is its
    named = {} if segment.department_code else paragraph_departments(blocks)
    findings.amounts += [
        Amount.of(found, segment.department_code or named.get((found.page, found.line)))
        for found in amounts.amounts
    ]
    findings.checks += amount_checks(amounts)
    written = max((d.date for d in dates if d.kind in WRITING_KINDS), default=None)
    context = IndicatorContext(planning=findings.doc_type != "rapport_execution", written=written)
    add_indicators(findings, segment.department_code, find_indicators(blocks, context))
    findings.people += find_people(blocks)


def segment_dates(blocks: list[Block], first_year: int | None) -> list[FoundDate]:
    spans = list(spans_in_context(blocks))
    year = own_year(spans) or first_year
    return [
        found
        for span, lead, follow in spans
        for found in find_dates(span, default_year=year, lead=lead, follow=follow)
    ]


def add_indicators(
    findings: Findings, department_code: str | None, found: list[FoundIndicator]
) -> None:
    """Indicator values with their national code; each label that maps to no
    national indicator is listed once for review."""
    unmapped: set[str] = set()
    for value in found:
        match = match_indicator(value.label)
        findings.indicators.append(Indicator(value, department_code, match.code, match.confidence))
        if match.code is None and value.label and value.label not in unmapped:
            unmapped.add(value.label)
            findings.checks.append(
                Check(
                    "indicator_unmapped",
                    "info",
                    f"indicator {value.label[:120]!r} matches no national indicator "
                    f"(best {match.confidence:.2f}): a département's own, or to review",
                    value.page,
                    value.line,
                    about=IndicatorPlace(value.page, value.line, value.column),
                )
            )


def department_actions(
    department_code: str | None, mentions: list[ActionMention]
) -> tuple[list[Action], list[Check]]:
    """One action per ref and département, mapped to its national measure
    (socle and ex-FAPI actions; a département's own initiatives stay NULL);
    a socle action that maps to none is listed for review."""
    merged = [(a, others) for a, others in merge_mentions(mentions) if a.title or a.ref]
    matches = action_measures([a for a, _ in merged])
    actions, checks = [], []
    for (mention, others), match in zip(merged, matches, strict=True):
        actions.append(Action(mention, department_code, 1 + len(others), match))
        if match and match.code is None and mention.section == "socle":
            checks.append(
                Check(
                    "measure_unmapped",
                    "info",
                    f"socle action {mention.ref or ''} {mention.title!r} matches no national "
                    f"measure (best confidence {match.confidence:.2f}): to review",
                    mention.page,
                    mention.line,
                )
            )
    return actions, checks


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
