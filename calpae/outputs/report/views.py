"""The rows the pages show: mart cells turned into formatted, linked figures.

Links are relative to the report's root folder; every figure citing its
evidence goes through the ``EvidenceBook``, which records what to write out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from calpae.outputs.report.data import (
    NO_DEPARTMENT,
    ActionCell,
    ExecutionCell,
    Finding,
    FindingCounts,
    FundingCell,
    Item,
    Warehouse,
    department_sort_key,
)
from calpae.outputs.report.evidence import EvidenceBook, cell_key, short_hash
from calpae.outputs.report.formats import (
    basis_label,
    check_label,
    euros,
    funder_label,
    measure_label,
    nature_label,
    number,
    rate,
    rate_label,
    sort_value,
)

FUNDERS_SHOWN = ("etat", "departement")
NATURES_SHOWN = ("prevu", "execute", "report")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Shown:
    """One figure as a table shows it: text, the value it sorts by, its evidence."""

    text: str
    sort: str = ""
    href: str | None = None
    note: str | None = None


EMPTY_CELL = Shown("—")


def department_file(code: str) -> str:
    return f"departement-{code}.html"


def ratio(executed: Decimal | None, planned: Decimal | None) -> float | None:
    """executed / planned, when both are known and something was planned."""
    if executed is None or planned is None or planned <= 0:
        return None
    return float(executed) / float(planned)


def shown_rate(value: float | None) -> Shown:
    return Shown(rate(value), sort_value(value))


def execution_shown(cell: ExecutionCell | None) -> Shown:
    """An execution rate of ``funding_execution``, or why there is none."""
    if cell is None:
        return EMPTY_CELL
    if cell.execution_rate is None:
        return Shown(EMPTY_CELL.text, "", None, rate_label(cell.rate_basis))
    return Shown(
        rate(cell.execution_rate),
        sort_value(cell.execution_rate),
        None,
        rate_label(cell.rate_basis),
    )


def funding_title(cell: FundingCell, names: dict[str, str]) -> str:
    name = names.get(cell.department_code, cell.department_code)
    return (
        f"{name} ({cell.department_code}) {cell.year}, {funder_label(cell.funder)}, "
        f"{nature_label(cell.nature)}"
    )


def funding_figure(cell: FundingCell, book: EvidenceBook) -> Shown:
    """A ``funding_comparison`` cell, linked to the fact it states or the items
    it adds; a cell the documents do not support shows no figure but why."""
    if cell.amount_eur is None:
        return Shown(EMPTY_CELL.text, "", None, basis_label(cell.basis))
    if cell.basis == "stated_total" and cell.amount_id:
        href = book.amount(cell.amount_id)
    else:
        key = cell_key("fc", cell.department_code, cell.year, cell.funder, cell.nature)
        title = funding_title(cell, book.warehouse.department_names)
        note = f"Base : {basis_label(cell.basis)} (funding_comparison)."
        href = book.figure(cell.department_code, key, title, cell.amount_eur, note, cell.items)
    flags = ", ".join(cell.quality_flags)
    note = basis_label(cell.basis) + (f" · {flags}" if flags else "")
    return Shown(euros(cell.amount_eur), sort_value(cell.amount_eur), href, note)


def funding_rows(warehouse: Warehouse, book: EvidenceBook, code: str | None = None) -> list[dict]:
    """One row per département × year: State and département planned,
    executed, carried over (``funding_comparison``) and their execution rates
    where both cover the same money (``funding_execution``)."""
    cells: dict[tuple, dict[tuple, FundingCell]] = defaultdict(dict)
    rates = {(r.department_code, r.year, r.funder): r for r in warehouse.execution}
    for cell in warehouse.funding:
        if cell.department_code and (code is None or cell.department_code == code):
            cells[(cell.department_code, cell.year)][(cell.funder, cell.nature)] = cell
    rows = []
    for (dep, year), by_key in sorted(cells.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        row = {
            "code": dep,
            "name": warehouse.department_names.get(dep, dep),
            "href": department_file(dep),
            "year": year,
        }
        for funder in FUNDERS_SHOWN:
            for nature in NATURES_SHOWN:
                cell = by_key.get((funder, nature))
                row[f"{funder}_{nature}"] = funding_figure(cell, book) if cell else EMPTY_CELL
            row[f"{funder}_rate"] = execution_shown(rates.get((dep, year, funder)))
        if any(funder in FUNDERS_SHOWN for funder, _ in by_key):
            rows.append(row)
    return rows


def action_label(cell: ActionCell) -> str:
    return measure_label(cell.measure_code) or cell.action_title or cell.action_key


def action_figure(
    cell: ActionCell, nature: str, amount: Decimal | None, book: EvidenceBook
) -> Shown:
    """An ``action_funding`` figure, linked to the action figures it adds up."""
    if amount is None:
        return EMPTY_CELL
    key = cell_key(
        "af", cell.department_code, cell.year, cell.funder, nature, short_hash(cell.action_key)
    )
    title = (
        f"{cell.department_code} {cell.year}, {action_label(cell)}, "
        f"{funder_label(cell.funder)}, {nature_label(nature)}"
    )
    note = "Chiffres de l'action retenus pour cette nature (action_funding)."
    group = cell.department_code or NO_DEPARTMENT
    href = book.figure(group, key, title, amount, note, cell.items.get(nature, ()))
    return Shown(euros(amount), sort_value(amount), href)


def action_rows(warehouse: Warehouse, book: EvidenceBook, code: str) -> list[dict]:
    """One row per action × year × funder of a département (``action_funding``)."""
    rows = []
    for cell in warehouse.actions:
        if cell.department_code != code:
            continue
        rows.append(
            {
                "year": cell.year,
                "measure": measure_label(cell.measure_code),
                "title": cell.action_title or cell.action_key,
                "refs": ", ".join(cell.action_refs),
                "funder": funder_label(cell.funder),
                "planned": action_figure(cell, "prevu", cell.planned_eur, book),
                "executed": action_figure(cell, "execute", cell.executed_eur, book),
                "carried": action_figure(cell, "report", cell.carried_over_eur, book),
                "rate": shown_rate(cell.execution_rate),
                "documents": [
                    {"id": document_name(warehouse, d), "href": book.document(d)}
                    for d in cell.document_ids
                ],
            }
        )
    return rows


def document_name(warehouse: Warehouse, document_id: str) -> str:
    document = warehouse.documents.get(document_id)
    return document.source_file if document else document_id


def action_sum_groups(warehouse: Warehouse) -> dict[tuple, list[ActionCell]]:
    """The actions per département × year × funder."""
    groups: dict[tuple, list[ActionCell]] = defaultdict(list)
    for cell in warehouse.actions:
        if cell.department_code:
            groups[(cell.department_code, cell.year, cell.funder)].append(cell)
    return groups


def action_sum_rows(warehouse: Warehouse, book: EvidenceBook) -> list[dict]:
    """Per département × year × funder, what its actions add up to (``action_funding``)."""
    groups = action_sum_groups(warehouse)
    rows = []
    for (dep, year, funder), cells in sorted(groups.items(), key=lambda kv: str(kv[0])):
        row = {
            "code": dep,
            "name": warehouse.department_names.get(dep, dep),
            "href": department_file(dep),
            "year": year,
            "funder": funder_label(funder),
            "actions": len(cells),
        }
        totals = {}
        for nature, attribute in (("prevu", "planned_eur"), ("execute", "executed_eur")):
            values = [getattr(c, attribute) for c in cells if getattr(c, attribute) is not None]
            total = sum(values, Decimal(0)) if values else None
            totals[nature] = total
            items: tuple[Item, ...] = tuple(i for c in cells for i in c.items.get(nature, ()))
            key = cell_key("as", dep, year, funder, nature)
            title = f"{dep} {year}, actions, {funder_label(funder)}, {nature_label(nature)}"
            note = "Somme des chiffres des actions (action_funding)."
            href = book.figure(dep, key, title, total, note, items) if total is not None else None
            row[nature] = Shown(euros(total), sort_value(total), href)
        row["rate"] = SUM_NO_RATE
        rows.append(row)
    return rows


SUM_NO_RATE = Shown(
    EMPTY_CELL.text,
    "",
    None,
    "pas de taux : une somme d'actions n'est pas un total (voir les financements)",
)
"""The actions' sums give no rate: the actions a document lists with a plan
and those it reports on are not known to be the same money (the rates that
are are in ``funding_execution``)."""


def funding_support(warehouse: Warehouse) -> dict:
    """How the funding cells are supported, for the national page: per basis
    (in French), and how many written totals their leaf items reproduce
    within 1 %."""
    bases = Counter(cell.basis for cell in warehouse.funding)
    stated = [c for c in warehouse.funding if c.basis == "stated_total"]
    compared = [c for c in stated if c.items_sum_eur is not None and c.stated_total_eur]
    reproduced = [
        c
        for c in compared
        if abs(c.stated_total_eur - c.items_sum_eur) <= Decimal("0.01") * abs(c.stated_total_eur)
    ]
    return {
        "bases": [
            {"label": basis_label(basis), "count": n}
            for basis, n in sorted(bases.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "stated": len(stated),
        "reproduced": len(reproduced),
        "not_reproduced": len(compared) - len(reproduced),
        "without_items": len(stated) - len(compared),
    }


def quality_counts(warehouse: Warehouse, counts: FindingCounts) -> list[dict]:
    """Data-quality findings per département, by severity."""
    rows = []
    for code in warehouse.department_codes:
        found = counts.by_severity.get(code, {})
        rows.append(
            {
                "code": code,
                "name": warehouse.department_names.get(code, code),
                "href": department_file(code) + "#qualite",
                **{s: found.get(s, 0) for s in SEVERITIES},
                "total": sum(found.values()),
            }
        )
    return rows


def finding_link(finding: Finding, book: EvidenceBook) -> str | None:
    """A finding's link, cited in ``book``: to the fact it names, else to its line."""
    href = book.finding_fact(finding.relation, finding.fact_id, finding.fact_document_id)
    return href or book.line(finding.document_id, finding.page, finding.source_line)


def cite_findings(book: EvidenceBook, findings: Iterable[tuple[str, Finding]]) -> None:
    """Every finding's link cited in ``book`` before the pages of findings are
    written (``stream_findings``: one at a time), so that the evidence pages,
    which show what is cited, can begin meanwhile."""
    for _, finding in findings:
        finding_link(finding, book)


def finding_row(finding: Finding, book: EvidenceBook) -> dict:
    """One ``data_quality`` row, linked to its fact or line."""
    href = finding_link(finding, book)
    document = book.warehouse.documents.get(finding.document_id)
    return {
        "check": finding.check_name,
        "severity": finding.severity,
        "message": check_label(finding.check_name, finding.message),
        "detail": finding.message,
        "document": document.source_file if document else finding.document_id,
        "departments": ", ".join(finding.departments),
        "page": finding.page,
        "line": finding.source_line,
        "stated": Shown(euros(finding.stated_eur), sort_value(finding.stated_eur)),
        "computed": Shown(euros(finding.computed_eur), sort_value(finding.computed_eur)),
        "gap": Shown(euros(finding.gap_eur), sort_value(finding.gap_eur)),
        "href": href,
    }


QUALITY_DIR = "quality"
QUALITY_PAGE_ROWS = 1000
"""Findings per page of one département and one check: a longer list is paged."""


def quality_file(code: str, check: str, page: int = 1) -> str:
    """The page (from the report's root) listing a département's findings of one check."""
    suffix = f"-{page}" if page > 1 else ""
    return f"{QUALITY_DIR}/{code}/{check}{suffix}.html"


def findings_by_department_and_check(findings: list[Finding]) -> dict[str, dict[str, list]]:
    """The findings per département (``NO_DEPARTMENT`` for none), then per
    check: a finding concerning two départements is listed under each (what
    ``stream_findings`` gives, page by page, for the whole of them)."""
    grouped: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        for code in finding.departments or (NO_DEPARTMENT,):
            grouped[code][finding.check_name].append(finding)
    return grouped


def department_label(warehouse: Warehouse, code: str) -> str:
    if code == NO_DEPARTMENT:
        return "Sans département"
    return f"{warehouse.department_names.get(code, code)} ({code})"


def quality_groups(warehouse: Warehouse, counts: FindingCounts) -> list[dict]:
    """Per check, the most severe first: its count and, per département, how
    many findings and the page listing them (``quality_pages``)."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    by_department = counts.by_department
    codes = sorted(by_department, key=lambda c: (c == NO_DEPARTMENT, department_sort_key(c)))
    result = [
        {
            "check": check,
            "severity": severity,
            "count": count,
            "departments": [
                {
                    "code": code,
                    "label": department_label(warehouse, code),
                    "count": by_department[code][check][0],
                    "href": quality_file(code, check),
                }
                for code in codes
                if check in by_department[code]
            ],
        }
        for check, (count, severity) in counts.by_check.items()
    ]
    return sorted(result, key=lambda g: (order.get(g["severity"], 9), g["check"]))


def quality_chunks(
    findings: Iterable[tuple[str, Finding]],
) -> Iterator[tuple[str, str, int, list[Finding]]]:
    """(département, check, page number, findings) of each page, from the
    findings by département, then check (``stream_findings``): at most
    ``QUALITY_PAGE_ROWS`` a page, one page in memory at a time."""
    chunk: list[Finding] = []
    key: tuple[str, str] | None = None
    page_no = 0
    for code, finding in findings:
        if (code, finding.check_name) != key or len(chunk) == QUALITY_PAGE_ROWS:
            if chunk and key:
                yield (*key, page_no, chunk)
            page_no = page_no + 1 if (code, finding.check_name) == key else 1
            key, chunk = (code, finding.check_name), []
        chunk.append(finding)
    if chunk and key:
        yield (*key, page_no, chunk)


def quality_pages(
    warehouse: Warehouse,
    book: EvidenceBook,
    counts: FindingCounts,
    findings: Iterable[tuple[str, Finding]],
) -> Iterator[dict]:
    """Each page of findings of one département and one check (at most
    ``QUALITY_PAGE_ROWS`` rows, paged beyond): its file, title and rows;
    ``findings`` by département, then check (``stream_findings``)."""
    for code, check, page_no, chunk in quality_chunks(findings):
        count, severity = counts.by_department[code][check]
        pages = -(-count // QUALITY_PAGE_ROWS)
        yield {
            "file": quality_file(code, check, page_no),
            "title": f"{check} · {department_label(warehouse, code)}",
            "check": check,
            "severity": severity,
            "count": count,
            "department": department_label(warehouse, code),
            "department_href": None if code == NO_DEPARTMENT else department_file(code),
            "page": page_no,
            "pages": pages,
            "previous": quality_file(code, check, page_no - 1) if page_no > 1 else None,
            "next": quality_file(code, check, page_no + 1) if page_no < pages else None,
            **page_rows([finding_row(f, book) for f in chunk], chunk),
        }


def page_rows(rows: list[dict], findings: list) -> dict:
    """A page's rows of findings and which columns its table shows: those
    saying something that differs from row to row (a severity or a meaning
    shared by every row is said once, above the table; figures only when
    some row has one; départements only when a finding concerns several)."""
    figures = ("stated", "computed", "gap")
    columns = {
        "severity": len({r["severity"] for r in rows}) > 1,
        "message": len({r["message"] for r in rows}) > 1,
        "figures": any(r[f].text != EMPTY_CELL.text for r in rows for f in figures),
        "departments": any(len(f.departments) > 1 for f in findings),
    }
    return {"rows": rows, "columns": columns}


def department_findings(counts: FindingCounts, code: str) -> list[dict]:
    """A département's findings counted per check, each with its page."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    rows = [
        {"check": check, "severity": severity, "count": count, "href": quality_file(code, check)}
        for check, (count, severity) in counts.by_department.get(code, {}).items()
    ]
    return sorted(rows, key=lambda r: (order.get(r["severity"], 9), r["check"]))


def indicator_rows(warehouse: Warehouse, book: EvidenceBook, code: str) -> list[dict]:
    """Per indicator × year (× half year) of a département: its targets and results."""
    groups: dict[tuple, dict] = {}
    for cell in warehouse.indicators:
        if cell.department_code != code:
            continue
        key = (cell.indicator_code, cell.year, cell.is_half_year)
        row = groups.setdefault(
            key,
            {
                "code": cell.indicator_code or "—",
                "label": cell.indicator_label or "",
                "year": cell.year,
                "half_year": cell.is_half_year,
                "targets": [],
                "results": [],
                "flags": set(),
            },
        )
        shown = Shown(
            number(cell.value_num, cell.unit)
            if cell.value_num is not None
            else cell.value_raw or "—",
            sort_value(cell.value_num),
            book.indicator(cell.indicator_value_id),
            cell.value_raw,
        )
        row["targets" if cell.is_target else "results"].append(shown)
        if cell.is_conflict:
            row["flags"].add("conflit")
        if cell.unit_mismatch:
            row["flags"].add("unité")
    rows = sorted(groups.values(), key=lambda r: (r["code"], r["year"] or 0, r["half_year"]))
    for row in rows:
        row["flags"] = ", ".join(sorted(row["flags"]))
    return rows


def department_documents(warehouse: Warehouse, book: EvidenceBook, code: str) -> list[dict]:
    """The documents behind a département's figures: those naming it and those
    its mart cells come from."""
    ids = {d.document_id for d in warehouse.documents.values() if code in d.departments}
    ids |= {c.document_id for c in warehouse.funding if c.department_code == code}
    ids |= {d for c in warehouse.actions if c.department_code == code for d in c.document_ids}
    documents = sorted(
        (warehouse.documents[i] for i in ids if i in warehouse.documents),
        key=lambda d: d.source_file,
    )
    return [
        {
            "id": d.document_id,
            "file": d.source_file,
            "title": d.title or "",
            "type": d.doc_type or "",
            "period": period_text(d.period_start, d.period_end),
            "pages": d.pages,
            "status": d.status or "",
            "href": book.document(d.document_id),
        }
        for d in documents
    ]


ACTIONS_FILE = "actions.html"
DOCUMENTS_PAGE_ROWS = 500
"""Documents per page of the national list (it grows with the warehouse: paged)."""


def documents_file(page: int = 1) -> str:
    return f"documents-{page}.html" if page > 1 else "documents.html"


def documents_pages(rows: list[dict]) -> Iterator[dict]:
    """The national list of documents cut into pages of ``DOCUMENTS_PAGE_ROWS``,
    each with its file, rows and neighbours."""
    size = DOCUMENTS_PAGE_ROWS
    pages = -(-len(rows) // size)
    for page in range(1, pages + 1):
        yield {
            "file": documents_file(page),
            "page": page,
            "pages": pages,
            "count": len(rows),
            "documents": rows[(page - 1) * size : page * size],
            "previous": documents_file(page - 1) if page > 1 else None,
            "next": documents_file(page + 1) if page < pages else None,
        }


def documents_links(count: int) -> list[dict]:
    """The index's links to the pages of the national list of documents."""
    size = DOCUMENTS_PAGE_ROWS
    return [
        {
            "href": documents_file(page),
            "label": f"{(page - 1) * size + 1}-{min(page * size, count)}",
        }
        for page in range(1, -(-count // size) + 1)
    ]


def period_text(start, end) -> str:
    if start is None and end is None:
        return ""
    return f"{start or '…'} → {end or '…'}"


def document_rows(warehouse: Warehouse, book: EvidenceBook) -> list[dict]:
    """Every document of the warehouse, for the national page."""
    return [
        {
            "id": d.document_id,
            "file": d.source_file,
            "title": d.title or "",
            "type": d.doc_type or "",
            "departments": ", ".join(d.departments),
            "period": period_text(d.period_start, d.period_end),
            "pages": d.pages,
            "status": d.status or "",
            "href": book.document(d.document_id),
        }
        for d in sorted(warehouse.documents.values(), key=lambda d: d.source_file)
    ]
