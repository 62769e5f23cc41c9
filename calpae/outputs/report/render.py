"""Pages from Jinja2 templates, written into the report folder.

The folder opens from the file system with no network: every link is
relative, the CSS and the script are copied into ``assets/``; charts are inline SVG.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path

import duckdb
import jinja2
import markupsafe

from calpae.outputs.cells import visible
from calpae.outputs.report import charts, views
from calpae.outputs.report.data import (
    AmountFact,
    Document,
    FindingCounts,
    IndicatorFact,
    Warehouse,
    finding_counts,
    read_document_facts,
    stream_findings,
)
from calpae.outputs.report.evidence import (
    EVIDENCE_DIR,
    EvidenceBook,
    SumPage,
    document_file,
    line_anchor,
    sum_file,
)
from calpae.outputs.report.formats import euros, funder_label, nature_label, number, sort_value
from calpae.outputs.report.pack import pack
from calpae.outputs.source import (
    Snippet,
    SnippetLine,
    SourceText,
    fact_snippet,
    line_snippet,
    load_source,
)

ASSETS = ("report.css", "report.js")


def environment() -> jinja2.Environment:
    """The templates of ``calpae/outputs/report/templates``, HTML-escaped, every
    text printed with its control and bidi characters shown as escapes (a
    document's title cannot reverse or hide the text around it); compiled
    once per template version (``compiled_templates``)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("calpae.outputs.report", "templates"),
        bytecode_cache=compiled_templates(),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=printed,
    )


def compiled_templates() -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates, in a folder of this user's under
    the system's temporary folder (Jinja's own choice: created private, its
    owner checked): compiling the report's templates is a fixed 0.15 s of
    every build, a fifth of a small report's. A template is compiled again
    when its source changes (the cache is keyed by its checksum) and for
    another Python. No cache (compiled each time) where that folder cannot
    be made."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def printed(value: object) -> object:
    """A template's value as printed: text from documents made ``visible``
    (markup the report built itself is left as it is)."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return visible(value)
    return value


def copy_assets(out_dir: Path) -> None:
    """The stylesheet and the script, into ``out_dir/assets``."""
    assets = out_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    package = resources.files("calpae.outputs.report") / "assets"
    for name in ASSETS:
        (assets / name).write_bytes((package / name).read_bytes())
    stale = assets / "plotly.min.js"  # a report built before charts were SVG
    stale.unlink(missing_ok=True)


PACK_FROM_DOCUMENTS = 200
"""From this many documents on, the listings that grow with them (evidence,
sums, findings) are written packed (``pack``), unless told otherwise."""


def common_context(
    warehouse: Warehouse, db_path: Path, root: str, full_nav: bool = True, packed: bool = False
) -> dict:
    """What every page's frame shows. The list of départements in the menu is
    written into the page where ``full_nav`` (the national, département and
    quality pages); the thousands of evidence and findings pages have it drawn
    by ``assets/nav.js`` (``write_nav_script``), one copy for the report.
    ``packed`` pages are written with their content compressed (``pack``)."""
    return {
        "root": root,
        "packed": packed,
        "generated": datetime.now().strftime("%d/%m/%Y %H:%M"),
        "warehouse_name": db_path.name,
        "nav_script": not full_nav,
        "nav_departments": nav_departments(warehouse) if full_nav else [],
    }


def nav_departments(warehouse: Warehouse) -> list[dict]:
    return [
        {"code": c, "name": warehouse.department_names[c], "href": views.department_file(c)}
        for c in warehouse.department_codes
    ]


def write_nav_script(warehouse: Warehouse, out_dir: Path) -> None:
    """``assets/nav.js``: the départements' links of the menu, added to the
    page's ``nav`` (before its quality link), relative to its root."""
    entries = [[d["href"], f"{d['code']} {d['name']}"] for d in nav_departments(warehouse)]
    script = (
        "/* The menu's départements, for the pages that do not list them. */\n"
        "(function () {\n"
        f"  var links = {json.dumps(entries, ensure_ascii=False)};\n"
        '  var nav = document.querySelector("header.top nav");\n'
        "  if (!nav) return;\n"
        '  var root = nav.getAttribute("data-root") || "";\n'
        '  var last = nav.querySelector("a.quality");\n'
        "  links.forEach(function (link) {\n"
        '    var a = document.createElement("a");\n'
        "    a.href = root + link[0];\n"
        "    a.textContent = link[1];\n"
        "    nav.insertBefore(a, last);\n"
        "  });\n"
        "})();\n"
    )
    (out_dir / "assets" / "nav.js").write_text(script, encoding="utf-8")


def write_page(env: jinja2.Environment, template: str, path: Path, context: dict) -> Path:
    """A page from its template, packed when its context says so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page = env.get_template(template).render(**context)
    path.write_text(pack(page) if context.get("packed") else page, encoding="utf-8")
    return path


def national_context(warehouse: Warehouse, book: EvidenceBook, counts: FindingCounts) -> dict:
    bars, heatmap = charts.national_bars(warehouse), charts.rate_heatmap(warehouse)
    return {
        "title": "Conventions d'appui à la lutte contre la pauvreté : vue nationale",
        "departments": warehouse.department_codes,
        "funding": views.funding_rows(warehouse, book),
        "support": views.funding_support(warehouse),
        "actions_href": views.ACTIONS_FILE,
        "action_sums_count": len(views.action_sum_groups(warehouse)),
        "quality": views.quality_counts(warehouse, counts),
        "documents_count": len(warehouse.documents),
        "documents_pages": views.documents_links(len(warehouse.documents)),
        "bars": bars,
        "heatmap": heatmap,
    }


def department_context(
    warehouse: Warehouse, book: EvidenceBook, code: str, counts: FindingCounts
) -> dict:
    bars = charts.department_bars(warehouse, code)
    return {
        "title": f"{warehouse.department_names.get(code, code)} ({code})",
        "funding": views.funding_rows(warehouse, book, code),
        "actions": views.action_rows(warehouse, book, code),
        "indicators": views.indicator_rows(warehouse, book, code),
        "documents": views.department_documents(warehouse, book, code),
        "findings": views.department_findings(counts, code),
        "bars": bars,
    }


def write_national_lists(
    env: jinja2.Environment, book: EvidenceBook, out_dir: Path, top: dict
) -> None:
    """The national page's long lists, on pages of their own: what the
    actions add up to per département, year and funder (``actions.html``), and
    the documents (``documents.html``, paged: the list grows with the
    warehouse)."""
    warehouse = book.warehouse
    context = {
        **top,
        "title": "Somme des actions par département et par année",
        "action_sums": views.action_sum_rows(warehouse, book),
    }
    write_page(env, "actions.html", out_dir / views.ACTIONS_FILE, context)
    rows = views.document_rows(warehouse, book)
    for page in views.documents_pages(rows):
        context = {**top, "title": "Documents", **page}
        write_page(env, "documents.html", out_dir / page["file"], context)


def write_quality(
    env: jinja2.Environment,
    con: duckdb.DuckDBPyConnection,
    book: EvidenceBook,
    out_dir: Path,
    counts: FindingCounts,
    db_path: Path,
    packed: bool = False,
) -> None:
    """``quality.html``: every check with its count per département; and a
    page per département and check listing its findings (paged when long,
    ``packed`` when asked), read from the warehouse one page at a time."""
    warehouse = book.warehouse
    top = common_context(warehouse, db_path, "")
    context = {
        **top,
        "title": "Qualité des données",
        "groups": views.quality_groups(warehouse, counts),
    }
    write_page(env, "quality.html", out_dir / "quality.html", context)
    frame = common_context(warehouse, db_path, "../../", full_nav=False, packed=packed)
    for page in views.quality_pages(warehouse, book, counts, stream_findings(con)):
        write_page(env, "quality_page.html", out_dir / page["file"], {**frame, **page})


def amount_entry(fact: AmountFact, source: SourceText | None) -> dict:
    """An amount's section on its document's evidence page."""
    parts = [funder_label(fact.funder), nature_label(fact.nature)]
    if fact.year is not None:
        parts.append(str(fact.year))
    detail = " · ".join(
        x
        for x in (fact.label and f"libellé : {fact.label}", fact.scope and f"portée : {fact.scope}")
        if x
    )
    return {
        "anchor": fact.amount_id,
        "heading": f"{euros(fact.amount_eur)} — {', '.join(parts)}",
        "page": fact.page,
        "line": fact.source_line,
        "detail": detail,
        "evidence": fact.evidence,
        "snippet": fact_snippet(
            source, fact.page, fact.source_line, fact.char_start, fact.char_end, fact.evidence
        ),
        "order": (fact.page or 0, fact.source_line or 0, fact.char_start or 0),
    }


def indicator_entry(fact: IndicatorFact, source: SourceText | None) -> dict:
    """An indicator value's section: its line, the value as written marked."""
    kind = "cible" if fact.is_target else "résultat"
    value = number(fact.value_num, fact.unit) if fact.value_num is not None else fact.value_raw
    return {
        "anchor": fact.indicator_value_id,
        "heading": f"{fact.indicator_code or 'indicateur'} {fact.year or ''} ({kind}) : {value}",
        "page": fact.page,
        "line": fact.source_line,
        "detail": fact.indicator_label or "",
        "evidence": fact.value_raw,
        "snippet": fact_snippet(source, fact.page, fact.source_line, None, None, fact.value_raw),
        "order": (fact.page or 0, fact.source_line or 0, 0),
    }


def line_entry(page: int | None, source_line: int, source: SourceText | None) -> dict:
    """A cited line that no fact covers (a finding on a document's line)."""
    snippet = line_snippet(source, page, source_line, None)
    return {
        "anchor": line_anchor(page, source_line),
        "heading": f"Page {page if page is not None else '—'}, ligne {source_line}",
        "page": page,
        "line": source_line,
        "detail": "",
        "evidence": None,
        "snippet": snippet or Snippet((), exact=False),
        "order": (page or 0, source_line, -1),
    }


def document_entries(
    con: duckdb.DuckDBPyConnection, book: EvidenceBook, document: Document
) -> tuple[list[dict], SourceText | None]:
    """The sections of a document's evidence page, in reading order, and
    its source text when it could be read again (the facts cited, read from
    the warehouse for this document alone)."""
    key = document.document_id
    cited = key in book.amounts or key in book.indicators or key in book.lines
    source = load_source(document) if cited else None
    amounts, indicators = (
        read_document_facts(con, key, book.amounts.get(key, set()), book.indicators.get(key, set()))
        if cited
        else ([], [])
    )
    entries = [amount_entry(f, source) for f in amounts]
    entries += [indicator_entry(f, source) for f in indicators]
    entries += [
        line_entry(page, line, source) for page, line in book.lines.get(document.document_id, set())
    ]
    return sorted(entries, key=lambda e: e["order"]), source


def evidence_blocks(entries: list[dict], page_based: bool = True) -> list[list[dict]]:
    """A document's cited facts as runs of its source text, each source line
    shown once: a fact's section holds the lines it marks (its line, for a
    cited line), the context around it is shown between sections, and facts
    whose contexts overlap share them (a table row's amounts, the rows of one
    table). A run is a list of items, each a fact's ``section`` (its entry) or
    ``context`` lines; entries without source lines make a last run. Lines are
    numbered per page when ``page_based`` (PDFs), else in the whole file."""
    context: dict[tuple[int, int], SnippetLine] = {}
    starts: dict[tuple[int, int], list[dict]] = defaultdict(list)
    taken: set[tuple[int, int]] = set()
    loose = []
    for entry in entries:
        page, lines = (entry["page"] or 0) if page_based else 0, entry["snippet"].lines
        hits = [line for line in lines if line.is_marked]
        hits = hits or [line for line in lines if line.number == entry["line"]] or list(lines[:1])
        if not hits:
            loose.append({"section": {**entry, "hits": ()}})
            continue
        entry = {**entry, "hits": tuple(hits)}
        starts[(page, hits[0].number)].append(entry)
        taken |= {(page, line.number) for line in hits}
        for line in lines:
            context.setdefault((page, line.number), line)
    blocks: list[list[dict]] = []
    previous: tuple[int, int] | None = None
    for key in sorted(set(context) | taken):
        if previous is None or key != (previous[0], previous[1] + 1):
            blocks.append([])
        previous = key
        block = blocks[-1]
        if key in taken:
            block += [{"section": entry} for entry in starts.get(key, ())]
        elif block and "context" in block[-1]:
            block[-1]["context"].append(context[key])
        else:
            block.append({"context": [context[key]]})
    return blocks + ([loose] if loose else [])


def sum_rows(book: EvidenceBook, page: SumPage) -> list[dict]:
    """The items of a sum, each with its fact's evidence and link."""
    rows = []
    for item in page.items:
        fact = book.warehouse.amounts.get(item.fact_id)
        document = book.warehouse.documents.get(item.document_id)
        rows.append(
            {
                "label": item.label,
                "amount": euros(item.amount_eur),
                "sort": sort_value(item.amount_eur),
                "href": book.amount(item.fact_id),
                "evidence": fact.evidence if fact else "",
                "document": document.source_file if document else item.document_id,
                "page": fact.page if fact else "",
                "line": fact.source_line if fact else "",
            }
        )
    return rows


def sum_section(book: EvidenceBook, page: SumPage) -> dict:
    """A sum's section on its département's page of sums."""
    total = sum((i.amount_eur for i in page.items), Decimal(0))
    return {
        "page": page,
        "amount": euros(page.amount_eur),
        "total": euros(total),
        "rows": sum_rows(book, page),
    }


def write_sums(env: jinja2.Environment, book: EvidenceBook, out_dir: Path, frame: dict) -> None:
    """A page per département listing its sums, each in a section of its own."""
    for group, sums in book.sums.items():
        context = {
            **frame,
            "title": f"Sommes · {views.department_label(book.warehouse, group)}",
            "sums": [sum_section(book, page) for page in sums.values()],
        }
        write_page(env, "evidence_sum.html", out_dir / EVIDENCE_DIR / sum_file(group), context)


def write_evidence(
    env: jinja2.Environment,
    con: duckdb.DuckDBPyConnection,
    book: EvidenceBook,
    out_dir: Path,
    frame: dict,
) -> None:
    """The pages of sums, then a page per document with every cited fact."""
    folder = out_dir / EVIDENCE_DIR
    write_sums(env, book, out_dir, frame)
    for document in book.warehouse.documents.values():
        entries, source = document_entries(con, book, document)
        context = {
            **frame,
            "title": document.title or document.source_file,
            "document": document,
            "entries": entries,
            "blocks": evidence_blocks(entries, source is None or source.page_based),
            "has_source": source is not None,
        }
        write_page(
            env, "evidence_document.html", folder / document_file(document.document_id), context
        )


def render_report(
    warehouse: Warehouse,
    con: duckdb.DuckDBPyConnection,
    db_path: Path,
    out_dir: Path,
    packed: bool | None = None,
) -> Path:
    """Every page of the report into ``out_dir``; the path of ``index.html``.
    The findings and the facts on the evidence pages are read from ``con``
    as the pages are written. The listings that grow with the documents are
    ``packed`` (by default from ``PACK_FROM_DOCUMENTS`` documents on)."""
    if packed is None:
        packed = len(warehouse.documents) >= PACK_FROM_DOCUMENTS
    out_dir.mkdir(parents=True, exist_ok=True)
    if (out_dir / EVIDENCE_DIR).exists():
        shutil.rmtree(out_dir / EVIDENCE_DIR)
    if (out_dir / views.QUALITY_DIR).exists():
        shutil.rmtree(out_dir / views.QUALITY_DIR)
    for old in [*out_dir.glob("departement-*.html"), *out_dir.glob("documents*.html")]:
        old.unlink()
    copy_assets(out_dir)
    write_nav_script(warehouse, out_dir)
    env = environment()
    book = EvidenceBook(warehouse)
    counts = finding_counts(con)
    top = common_context(warehouse, db_path, "")
    index = write_page(
        env,
        "index.html",
        out_dir / "index.html",
        {**top, **national_context(warehouse, book, counts)},
    )
    write_national_lists(env, book, out_dir, top)
    for code in warehouse.department_codes:
        context = {**top, **department_context(warehouse, book, code, counts)}
        write_page(env, "departement.html", out_dir / views.department_file(code), context)
    write_quality(env, con, book, out_dir, counts, db_path, packed)
    frame = common_context(warehouse, db_path, "../", full_nav=False, packed=packed)
    write_evidence(env, con, book, out_dir, frame)
    return index
