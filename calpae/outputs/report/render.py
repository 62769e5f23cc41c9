"""Pages from Jinja2 templates, written into the report folder.

The folder opens from the file system with no network: every link is
relative, the CSS, the script and plotly.js are copied into ``assets/``.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path

import jinja2
import markupsafe

from calpae.outputs.cells import visible
from calpae.outputs.report import charts, views
from calpae.outputs.report.data import AmountFact, Document, IndicatorFact, Warehouse
from calpae.outputs.report.evidence import (
    EVIDENCE_DIR,
    EvidenceBook,
    SumPage,
    document_file,
    line_anchor,
    sum_file,
)
from calpae.outputs.report.formats import euros, funder_label, nature_label, number, sort_value
from calpae.outputs.source import Snippet, SourceText, fact_snippet, line_snippet, load_source

ASSETS = ("report.css", "report.js")


def environment() -> jinja2.Environment:
    """The templates of ``calpae/outputs/report/templates``, HTML-escaped, every
    text printed with its control and bidi characters shown as escapes (a
    document's title cannot reverse or hide the text around it)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("calpae.outputs.report", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=printed,
    )


def printed(value: object) -> object:
    """A template's value as printed: text from documents made ``visible``
    (markup the report built itself is left as it is)."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return visible(value)
    return value


def copy_assets(out_dir: Path) -> None:
    """The stylesheet, the script and plotly.js, into ``out_dir/assets``."""
    assets = out_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    package = resources.files("calpae.outputs.report") / "assets"
    for name in ASSETS:
        (assets / name).write_bytes((package / name).read_bytes())
    charts.write_plotly_js(assets)


def common_context(warehouse: Warehouse, db_path: Path, root: str) -> dict:
    """What every page's frame shows."""
    return {
        "root": root,
        "charts": False,
        "generated": datetime.now().strftime("%d/%m/%Y %H:%M"),
        "warehouse_name": db_path.name,
        "nav_departments": [
            {"code": c, "name": warehouse.department_names[c], "href": views.department_file(c)}
            for c in warehouse.department_codes
        ],
    }


def write_page(env: jinja2.Environment, template: str, path: Path, context: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(env.get_template(template).render(**context), encoding="utf-8")
    return path


def national_context(warehouse: Warehouse, book: EvidenceBook) -> dict:
    bars, heatmap = charts.national_bars(warehouse), charts.rate_heatmap(warehouse)
    return {
        "title": "Conventions d'appui à la lutte contre la pauvreté : vue nationale",
        "departments": warehouse.department_codes,
        "funding": views.funding_rows(warehouse, book),
        "action_sums": views.action_sum_rows(warehouse, book),
        "quality": views.quality_counts(warehouse),
        "documents": views.document_rows(warehouse, book),
        "bars": bars,
        "heatmap": heatmap,
        "charts": bool(bars or heatmap),
    }


def department_context(warehouse: Warehouse, book: EvidenceBook, code: str) -> dict:
    bars = charts.department_bars(warehouse, code)
    return {
        "title": f"{warehouse.department_names.get(code, code)} ({code})",
        "funding": views.funding_rows(warehouse, book, code),
        "actions": views.action_rows(warehouse, book, code),
        "indicators": views.indicator_rows(warehouse, book, code),
        "documents": views.department_documents(warehouse, book, code),
        "findings": views.department_findings(warehouse, book, code),
        "bars": bars,
        "charts": bars is not None,
    }


def quality_context(warehouse: Warehouse, book: EvidenceBook) -> dict:
    return {
        "title": "Qualité des données",
        "groups": views.quality_groups(warehouse, book),
    }


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


def document_entries(book: EvidenceBook, document: Document) -> tuple[list[dict], bool]:
    """The sections of a document's evidence page, in reading order, and
    whether its source text could be read again."""
    cited = book.cited_documents()
    source = load_source(document) if document.document_id in cited else None
    entries = [amount_entry(f, source) for f in book.amount_facts(document.document_id)]
    entries += [indicator_entry(f, source) for f in book.indicator_facts(document.document_id)]
    entries += [
        line_entry(page, line, source) for page, line in book.lines.get(document.document_id, set())
    ]
    return sorted(entries, key=lambda e: e["order"]), source is not None


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


def write_evidence(env: jinja2.Environment, book: EvidenceBook, out_dir: Path, frame: dict) -> None:
    """A page per sum, then a page per document with every cited fact."""
    folder = out_dir / EVIDENCE_DIR
    for page in list(book.sums.values()):
        total = sum((i.amount_eur for i in page.items), Decimal(0))
        context = {
            **frame,
            "title": page.title,
            "page": page,
            "amount": euros(page.amount_eur),
            "total": euros(total),
            "rows": sum_rows(book, page),
        }
        write_page(env, "evidence_sum.html", folder / sum_file(page.key), context)
    for document in book.warehouse.documents.values():
        entries, has_source = document_entries(book, document)
        context = {
            **frame,
            "title": document.title or document.source_file,
            "document": document,
            "entries": entries,
            "has_source": has_source,
        }
        write_page(
            env, "evidence_document.html", folder / document_file(document.document_id), context
        )


def render_report(warehouse: Warehouse, db_path: Path, out_dir: Path) -> Path:
    """Every page of the report into ``out_dir``; the path of ``index.html``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if (out_dir / EVIDENCE_DIR).exists():
        shutil.rmtree(out_dir / EVIDENCE_DIR)
    for old in out_dir.glob("departement-*.html"):
        old.unlink()
    copy_assets(out_dir)
    env = environment()
    book = EvidenceBook(warehouse)
    top = common_context(warehouse, db_path, "")
    index = write_page(
        env, "index.html", out_dir / "index.html", {**top, **national_context(warehouse, book)}
    )
    for code in warehouse.department_codes:
        context = {**top, **department_context(warehouse, book, code)}
        write_page(env, "departement.html", out_dir / views.department_file(code), context)
    write_page(
        env, "quality.html", out_dir / "quality.html", {**top, **quality_context(warehouse, book)}
    )
    write_evidence(env, book, out_dir, common_context(warehouse, db_path, "../"))
    return index
