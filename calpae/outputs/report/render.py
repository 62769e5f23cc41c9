"""The report's pages, written into its folder (the evidence pages of the
documents by ``evidence_pages``).

The folder opens from the file system with no network: every link is
relative, the CSS and the script are copied into ``assets/``; charts are inline SVG.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path

import duckdb
import jinja2

from calpae.outputs.report import charts, views
from calpae.outputs.report.data import (
    FindingCounts,
    Warehouse,
    finding_counts,
    stream_findings,
)
from calpae.outputs.report.evidence import EVIDENCE_DIR, EvidenceBook, SumPage, sum_file
from calpae.outputs.report.evidence_pages import (
    evidence_helper,
    evidence_pages,
    hand_over,
    write_share,
)
from calpae.outputs.report.formats import euros, sort_value
from calpae.outputs.report.pages import environment, write_page

ASSETS = ("report.css", "report.js")


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


def render_report(
    warehouse: Warehouse,
    con: duckdb.DuckDBPyConnection,
    db_path: Path,
    out_dir: Path,
    packed: bool | None = None,
) -> Path:
    """Every page of the report into ``out_dir``; the path of ``index.html``.
    The findings and the facts on the evidence pages are read from ``con``
    as the pages are written. The evidence pages show what the other pages
    cite: once the national and département pages are written and the
    findings cited, they are handed over (to a helper process from
    ``evidence_pages.HELPER_FROM_PAGES`` documents on: it starts first, and
    writes them while this process writes the pages of findings and sums). The
    listings that grow with the documents are ``packed`` (by default from
    ``PACK_FROM_DOCUMENTS`` documents on)."""
    if packed is None:
        packed = len(warehouse.documents) >= PACK_FROM_DOCUMENTS
    with evidence_helper(db_path, len(warehouse.documents)) as helper:
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
        views.cite_findings(book, stream_findings(con))  # all is cited: the evidence can begin
        frame = common_context(warehouse, db_path, "../", full_nav=False, packed=packed)
        evidence = out_dir / EVIDENCE_DIR
        share = hand_over(evidence_pages(book), evidence, frame, helper)
        write_quality(env, con, book, out_dir, counts, db_path, packed)
        write_sums(env, book, out_dir, frame)
        write_share(env, con, share, evidence, frame)
    return index
