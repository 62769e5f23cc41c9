"""The static HTML report: its pages, its offline assets, and the evidence
behind every figure (fast tests on the sample warehouse; a browser test)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from calpae.outputs.report import build_report
from calpae.outputs.report.data import REPORT_MARTS, read_warehouse, snapshot_marts
from calpae.outputs.report.formats import basis_label, euros, rate
from calpae.outputs.source import cut_lines
from calpae.warehouse.database import connect
from calpae.warehouse.models import declared_reads, model_files, models_read_by

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def report(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample warehouse's report, built once for the module."""
    out = tmp_path_factory.mktemp("report")
    index = build_report(sample_warehouse, out)
    assert index == out / "index.html"
    return out


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def links(page: Path) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page.read_text("utf-8"))]


def evidence_links(folder: Path) -> set[tuple[Path, str]]:
    """(target file, anchor) of every evidence link of every page."""
    found = set()
    for page in pages(folder):
        for href in links(page):
            target, _, anchor = href.partition("#")
            if "evidence/" in target:
                found.add(((page.parent / target).resolve(), anchor))
    return found


def section(page_text: str, anchor: str) -> str:
    """The evidence section of that id on an evidence page."""
    match = re.search(
        rf'<section class="evidence" id="{re.escape(anchor)}">(.*?)</section>', page_text, re.S
    )
    assert match, f"no section #{anchor}"
    return match.group(1)


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# formats and source snippets


def test_euros_are_french_style():
    assert euros(Decimal("1234567")) == "1 234 567 €"
    assert euros(Decimal("349654.40")) == "349 654,40 €"
    assert euros(Decimal("-17000")) == "-17 000 €"
    assert euros(Decimal("0")) == "0 €"
    assert euros(None) == "—"
    assert rate(0.875) == "87,5 %"


def test_cut_lines_marks_the_exact_span_with_context():
    text = "one\ntwo 155 000 € three\nfour\nfive"
    start = text.index("155")
    lines = cut_lines(text, start, start + len("155 000 €"), context=1)
    assert [line.number for line in lines] == [1, 2, 3]
    hit = lines[1]
    assert (hit.before, hit.marked, hit.after) == ("two ", "155 000 €", " three")
    assert not lines[0].marked and not lines[2].marked


# the report on the sample warehouse


def test_every_page_is_written(report: Path, sample_warehouse: Path):
    codes = {
        code
        for (code,) in query(
            sample_warehouse,
            "SELECT department_code FROM document_departments "
            "UNION SELECT department_code FROM funding_comparison "
            "UNION SELECT department_code FROM action_funding",
        )
        if code
    }
    assert codes >= {"47", "67", "68", "71"}
    assert (report / "index.html").is_file()
    assert (report / "quality.html").is_file()
    for code in codes:
        assert (report / f"departement-{code}.html").is_file(), code
    assert sorted(p.name for p in (report / "assets").iterdir()) == [
        "nav.js",
        "report.css",
        "report.js",
    ]  # charts are inline SVG: no chart library to ship


def test_assets_are_only_referenced_relatively(report: Path):
    for page in pages(report):
        text = page.read_text("utf-8")
        sources = re.findall(r'<(?:script|img)[^>]*\bsrc="([^"]*)"', text)
        sources += re.findall(r'<link[^>]*\bhref="([^"]*)"', text)
        for source in sources:
            assert not source.startswith(("http://", "https://", "//")), (page, source)
            assert (page.parent / source).resolve().is_file(), (page, source)
        assert "cdn." not in text.lower(), page
    for page in pages(report):
        for href in links(page):
            if not href.startswith(("http", "#", "mailto:")):
                target = (page.parent / href.partition("#")[0]).resolve()
                assert target.is_file(), (page, href)


def test_a_known_figure_is_in_the_national_table(report: Path, sample_warehouse: Path):
    rows = query(
        sample_warehouse,
        "SELECT department_code, year, amount_eur FROM funding_comparison "
        "WHERE funder = 'etat' AND nature = 'prevu' ORDER BY amount_eur DESC LIMIT 1",
    )
    assert rows, "the sample warehouse has State plans"
    _, _, amount = rows[0]
    index = (report / "index.html").read_text("utf-8")
    table = index.split('id="table-funding"', 1)[1].split("</table>", 1)[0]
    assert euros(amount) in table
    assert re.fullmatch(r"-?\d{1,3}( \d{3})*(,\d\d)? €", euros(amount))
    executed = query(
        sample_warehouse,
        "SELECT amount_eur FROM funding_comparison WHERE department_code = '68' "
        "AND year = 2020 AND funder = 'etat' AND nature = 'execute'",
    )
    if executed:
        assert euros(executed[0][0]) in table


def test_the_national_page_shows_a_cell_without_figure_with_its_reason_and_only_stated_rates(
    report: Path, sample_warehouse: Path
):
    index = (report / "index.html").read_text("utf-8")
    table = index.split('id="table-funding"', 1)[1].split("</table>", 1)[0]
    missing = query(
        sample_warehouse,
        "SELECT DISTINCT basis FROM funding_comparison WHERE amount_eur IS NULL "
        "AND funder IN ('etat', 'departement')",
    )
    assert missing, "the samples have cells the documents do not support"
    for (basis,) in missing:
        assert basis_label(basis) in table.replace("&#39;", "'"), basis
    allowed = {
        rate(float(r))
        for (r,) in query(
            sample_warehouse,
            "SELECT execution_rate FROM funding_execution WHERE execution_rate IS NOT NULL",
        )
    }
    shown = set(re.findall(r"\d+,\d %", plain(index)))
    assert shown <= allowed, shown - allowed  # each rate shown is one funding_execution gives
    assert "support" in index and "retrouvés par leurs lignes" in index


def test_every_evidence_link_lands_on_its_marked_span(report: Path, sample_warehouse: Path):
    amounts = {
        row[0]: row[1:]
        for row in query(
            sample_warehouse,
            "SELECT a.amount_id, a.evidence, a.source_line, d.source_root, d.source_file "
            "FROM amounts a JOIN documents d USING (document_id)",
        )
    }
    targets = evidence_links(report)
    assert targets, "the report cites evidence"
    checked = 0
    for target, anchor in sorted(targets):
        assert target.is_file(), target
        text = target.read_text("utf-8")
        if target.name.startswith("sum-"):
            assert "<mark>" in text
            continue
        if not anchor:
            continue
        body = section(text, anchor)
        assert "<mark>" in body, anchor
        if anchor in amounts:
            evidence, line, root, source_file = amounts[anchor]
            unquoted = body.replace("&#39;", "'").replace("&#34;", '"')  # Jinja escapes quotes
            assert f"<mark>{html.escape(evidence, quote=False)}</mark>" in unquoted, anchor
            hit = re.search(r'<span class="ln hit" data-line="(\d+)">(.*?)</span>', body, re.S)
            assert hit and int(hit.group(1)) == line, anchor
            source = (Path(root) / source_file).read_text("utf-8-sig").split("\n")[line - 1]
            assert plain(hit.group(2)) == source.removesuffix("\r"), anchor
            checked += 1
    assert checked > 50


def test_sums_list_the_facts_they_add_up(sample_warehouse: Path):
    con = connect(sample_warehouse, read_only=True)
    try:
        warehouse = read_warehouse(con)
    finally:
        con.close()
    sums = [c for c in warehouse.funding if c.basis == "sum_of_items"]
    assert sums
    for cell in sums:
        assert sum((i.amount_eur for i in cell.items), Decimal(0)) == cell.amount_eur
        assert all(i.fact_id in warehouse.amounts for i in cell.items)
    for cell in warehouse.actions:
        for nature, figure in (("prevu", cell.planned_eur), ("execute", cell.executed_eur)):
            items = cell.items[nature]
            assert (figure is None) == (not items), (cell.action_key, nature)
            if items:
                assert sum((i.amount_eur for i in items), Decimal(0)) == figure


def test_department_page_shows_measures_indicators_documents_and_findings(report: Path):
    page = (report / "departement-67.html").read_text("utf-8")
    assert 'id="table-actions"' in page
    assert 'id="table-indicators"' in page
    assert "000_4abbc878dd54ddbd.txt" in page
    assert 'id="qualite"' in page
    quality = (report / "quality.html").read_text("utf-8")
    assert 'id="table_total_mismatch"' in quality


def test_quality_is_split_per_check_and_department(report: Path, sample_warehouse: Path):
    """quality.html lists each check with its count per département, linking to
    a page per département and check; every finding is a row of the page of
    each département it concerns (of the page "sans-departement" if none)."""
    from calpae.outputs.report.data import read_findings
    from calpae.outputs.report.views import findings_by_department_and_check

    con = connect(sample_warehouse, read_only=True)
    try:
        every = read_findings(con)
    finally:
        con.close()
    grouped = findings_by_department_and_check(every)
    quality = (report / "quality.html").read_text("utf-8")
    rows = 0
    for code, checks in grouped.items():
        for check, findings in checks.items():
            href = f"quality/{code}/{check}.html"
            assert f'href="{href}"' in quality, href
            page = (report / href).read_text("utf-8")
            assert page.count('<tr class="sev-') == len(findings), href
            rows += len(findings)
    assert rows == sum(max(1, len(f.departments)) for f in every) > 0
    department = (report / "departement-67.html").read_text("utf-8")
    assert 'href="quality/67/' in department


def test_evidence_pages_show_each_source_line_once(report: Path):
    """A document's evidence page shows its source lines around the cited
    facts once each: context lines between the facts' sections, never twice."""
    checked = 0
    for page in sorted((report / "evidence").glob("*.html")):
        if page.name.startswith("sum-"):
            continue
        text = page.read_text("utf-8")
        context = re.findall(r'<span class="ln" data-line="(\d+)">', text)
        hits = set(re.findall(r'<span class="ln hit" data-line="(\d+)">', text))
        assert len(context) == len(set(context)), page.name
        assert not hits & set(context), page.name
        checked += bool(context)
    assert checked


def test_an_empty_warehouse_still_builds_a_report(tmp_path: Path):
    db = tmp_path / "empty.duckdb"
    connect(db).close()
    index = build_report(db, tmp_path / "out")
    text = index.read_text("utf-8")
    assert "Aucun financement" in text
    assert (tmp_path / "out" / "quality.html").is_file()
    assert not list((tmp_path / "out").glob("departement-*.html"))


def without_time(page: str) -> str:
    return re.sub(r"Généré le [0-9/]+ [0-9:]+", "Généré le …", page)


def assert_same_pages(out: Path, report: Path) -> None:
    """``out`` holds the pages of ``report``, each as written there (but its time)."""
    alone = {p.relative_to(report): p for p in pages(report)}
    assert {p.relative_to(out) for p in pages(out)} == set(alone)
    for name, page in alone.items():
        expected = without_time(page.read_text("utf-8"))
        assert without_time((out / name).read_text("utf-8")) == expected, name


@pytest.fixture(scope="module")
def packed_report(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample warehouse's report with its listings packed (as from 200 documents on)."""
    out = tmp_path_factory.mktemp("packed")
    build_report(sample_warehouse, out, packed=True)
    return out


def test_a_packed_report_holds_the_same_pages_its_listings_compressed(
    report: Path, packed_report: Path
):
    from calpae.outputs.report.pack import is_packed, unpack

    plain = {p.relative_to(report) for p in pages(report)}
    assert {p.relative_to(packed_report) for p in pages(packed_report)} == plain
    packed_kinds = set()
    for name in plain:
        text = (packed_report / name).read_text("utf-8")
        if is_packed(text):
            packed_kinds.add(name.parts[0] if len(name.parts) > 1 else name.name)
        expected = without_time((report / name).read_text("utf-8"))
        assert without_time(unpack(text)) == expected, name
    # the listings that grow with the documents; the national and département pages stay plain
    assert packed_kinds == {"evidence", "quality"}
    assert not is_packed((packed_report / "index.html").read_text("utf-8"))
    assert not is_packed((packed_report / "quality.html").read_text("utf-8"))
    evidence = sum(p.stat().st_size for p in (packed_report / "evidence").iterdir())
    assert evidence < sum(p.stat().st_size for p in (report / "evidence").iterdir()) / 3


def test_the_report_packs_its_listings_from_200_documents_unless_told(
    sample_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from calpae.outputs.report import render
    from calpae.outputs.report.pack import is_packed

    def evidence_packed(out: Path) -> bool:
        return all(is_packed(p.read_text("utf-8")) for p in (out / "evidence").iterdir())

    build_report(sample_warehouse, tmp_path / "few")
    assert not any(is_packed(p.read_text("utf-8")) for p in pages(tmp_path / "few"))
    monkeypatch.setattr(render, "PACK_FROM_DOCUMENTS", 5)  # the samples are five
    build_report(sample_warehouse, tmp_path / "many")
    assert evidence_packed(tmp_path / "many")
    build_report(sample_warehouse, tmp_path / "told", packed=False)
    assert not any(is_packed(p.read_text("utf-8")) for p in pages(tmp_path / "told"))


OUTPUTS = Path(__file__).resolve().parents[1] / "calpae" / "outputs"
INTERNAL_NAME = re.compile(r"\b(?:int|stg)_[a-z0-9_]+")
INTERNAL_READ = re.compile(r"\b(?:from|join)\s+((?:int|stg)_[a-z0-9_]+)", re.IGNORECASE)


def internal_models() -> set[str]:
    from calpae.warehouse.schema import sql_files

    return {name for layer in ("staging", "intermediate") for name, _ in sql_files(layer)}


def test_outputs_read_the_public_relations_only():
    """The report, the exports and the evidence read the marts and the public
    tables, never a staging or intermediate model: no model of those layers
    is named in their code or templates, nor is any int_/stg_ name read."""
    models = internal_models()
    assert {"stg_amounts", "int_action_figures"} <= models
    found = []
    for path in sorted(OUTPUTS.rglob("*")):
        if path.suffix not in (".py", ".html", ".sql", ".js"):
            continue
        text = path.read_text("utf-8")
        named = {m for m in INTERNAL_NAME.findall(text) if m in models}
        named |= set(INTERNAL_READ.findall(text))
        found += [(path.relative_to(OUTPUTS).as_posix(), name) for name in sorted(named)]
    assert found == []


# in a browser


def chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    """Headless Chromium on a file URL, offline, logging the console to stderr."""
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=8000",
        "--window-size=1400,1600",
        *extra,
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium)")
def test_the_report_renders_in_a_browser(report: Path, tmp_path: Path):
    for name, chart in (
        ("index.html", "chart-national-bars"),
        ("departement-67.html", "chart-department-bars"),
    ):
        result = chromium((report / name).as_uri(), tmp_path / "profile", "--dump-dom")
        assert result.returncode == 0, result.stderr[-2000:]
        assert not console_messages(result.stderr), console_messages(result.stderr)
        dom = result.stdout
        container = dom.split(f'id="{chart}"', 1)[1]
        svg = re.search(r'<svg[^>]*class="chart-svg".*?</svg>', container, re.S)
        assert svg, f"{name}: no chart"
        bars = re.findall(r'<rect class="bar"[^>]*height="([0-9.]+)"', svg.group(0))
        widths = re.findall(r'<rect class="bar"[^>]*width="([0-9.]+)"', svg.group(0))
        assert any(float(h) > 0 for h in bars) and any(float(w) > 0 for w in widths), name

    index = (report / "index.html").read_text("utf-8")
    href = html.unescape(re.search(r'href="(evidence/[^"#]+\.html#amt_[^"]+)"', index).group(1))
    target, anchor = href.split("#")
    result = chromium((report / target).as_uri() + "#" + anchor, tmp_path / "profile", "--dump-dom")
    assert not console_messages(result.stderr), console_messages(result.stderr)
    landed = re.search(
        rf'<section class="evidence" id="{re.escape(anchor)}">(.*?)</section>', result.stdout, re.S
    )
    assert landed and "<mark>" in landed.group(1)

    shots = {"report-national.png": "index.html", "report-departement.png": "departement-67.html"}
    for shot, page in shots.items():
        path = tmp_path / shot
        result = chromium((report / page).as_uri(), tmp_path / "profile", f"--screenshot={path}")
        assert path.is_file() and path.stat().st_size > 20_000, result.stderr[-2000:]
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# paging and splitting, on hand-made findings


def hand_made_finding(check: str, n: int, departments: tuple[str, ...] = ("67",)):
    from calpae.outputs.report.data import Finding

    return Finding(
        document_id=f"doc{n % 3}",
        check_name=check,
        severity="info",
        message=f"finding {n}",
        page=1,
        source_line=n + 1,
        stated_eur=None,
        computed_eur=None,
        gap_eur=None,
        relation=None,
        fact_id=None,
        departments=departments,
    )


def test_quality_pages_are_cut_at_the_page_size_per_department_and_check(
    monkeypatch: pytest.MonkeyPatch,
):
    from calpae.outputs.report import views

    monkeypatch.setattr(views, "QUALITY_PAGE_ROWS", 3)
    stream = [("67", hand_made_finding("a", n)) for n in range(7)]
    stream += [("67", hand_made_finding("b", n)) for n in range(2)]
    stream += [("68", hand_made_finding("a", n)) for n in range(3)]
    chunks = [
        (code, check, page, len(rows)) for code, check, page, rows in views.quality_chunks(stream)
    ]
    assert chunks == [
        ("67", "a", 1, 3),
        ("67", "a", 2, 3),
        ("67", "a", 3, 1),
        ("67", "b", 1, 2),
        ("68", "a", 1, 3),
    ]


def test_quality_pages_link_their_neighbours_and_leave_out_columns_saying_nothing(
    monkeypatch: pytest.MonkeyPatch,
):
    from calpae.outputs.report import views
    from calpae.outputs.report.data import FindingCounts, Warehouse
    from calpae.outputs.report.evidence import EvidenceBook

    monkeypatch.setattr(views, "QUALITY_PAGE_ROWS", 2)
    warehouse = Warehouse({}, {"67": "Bas-Rhin"}, [], [], [], [], {}, {})
    counts = FindingCounts(
        {"67": {"indicator_unmapped": (5, "info")}},
        {"indicator_unmapped": (5, "info")},
        {"67": {"info": 5}},
    )
    stream = [("67", hand_made_finding("indicator_unmapped", n)) for n in range(5)]
    pages = list(views.quality_pages(warehouse, EvidenceBook(warehouse), counts, stream))
    assert [p["file"] for p in pages] == [
        "quality/67/indicator_unmapped.html",
        "quality/67/indicator_unmapped-2.html",
        "quality/67/indicator_unmapped-3.html",
    ]
    assert [(p["page"], p["pages"]) for p in pages] == [(1, 3), (2, 3), (3, 3)]
    assert [p["previous"] for p in pages] == [
        None,
        "quality/67/indicator_unmapped.html",
        "quality/67/indicator_unmapped-2.html",
    ]
    assert [p["next"] for p in pages] == [
        "quality/67/indicator_unmapped-2.html",
        "quality/67/indicator_unmapped-3.html",
        None,
    ]
    columns = pages[0]["columns"]  # a known check: its meaning said once, above the table
    assert columns == {"severity": False, "message": False, "figures": False, "departments": False}
    joint = [("67", hand_made_finding("indicator_unmapped", 0, ("67", "68")))]
    page = next(views.quality_pages(warehouse, EvidenceBook(warehouse), counts, joint))
    assert page["columns"]["departments"]


def test_sums_of_a_department_share_one_page(sample_warehouse: Path, report: Path):
    sums = sorted((report / "evidence").glob("sum-*.html"))
    assert sums and all(re.fullmatch(r"sum-[0-9AB]+\.html", p.name) for p in sums), sums
    linked = {href for page in pages(report) for href in links(page) if "/sum-" in href}
    for href in linked:
        target, _, anchor = href.partition("#")
        assert anchor, href
        page = (report / target.removeprefix("../")).read_text("utf-8")
        assert f'<section class="sum" id="{anchor}">' in page, href


def test_the_national_list_of_documents_is_paged(monkeypatch: pytest.MonkeyPatch):
    from calpae.outputs.report import views

    monkeypatch.setattr(views, "DOCUMENTS_PAGE_ROWS", 2)
    rows = [{"file": f"doc{n}"} for n in range(5)]
    pages = list(views.documents_pages(rows))
    assert [p["file"] for p in pages] == ["documents.html", "documents-2.html", "documents-3.html"]
    assert [[d["file"] for d in p["documents"]] for p in pages] == [
        ["doc0", "doc1"],
        ["doc2", "doc3"],
        ["doc4"],
    ]
    assert [(p["previous"], p["next"]) for p in pages] == [
        (None, "documents-2.html"),
        ("documents.html", "documents-3.html"),
        ("documents-2.html", None),
    ]
    links = views.documents_links(5)
    assert [(link["href"], link["label"]) for link in links] == [
        ("documents.html", "1-2"),
        ("documents-2.html", "3-4"),
        ("documents-3.html", "5-5"),
    ]


def test_the_national_page_links_its_long_lists(report: Path):
    index = (report / "index.html").read_text("utf-8")
    assert 'href="actions.html"' in index and 'href="documents.html"' in index
    actions = (report / "actions.html").read_text("utf-8")
    assert 'id="table-actions"' in actions and "evidence/sum-" in actions
    documents = (report / "documents.html").read_text("utf-8")
    assert documents.count('<tr><td><a href="evidence/') == 5


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium)")
def test_a_packed_page_opens_in_a_browser_on_its_evidence(packed_report: Path, tmp_path: Path):
    from calpae.outputs.report.pack import unpack

    index = (packed_report / "index.html").read_text("utf-8")
    href = html.unescape(re.search(r'href="(evidence/[^"#]+\.html#amt_[^"]+)"', index).group(1))
    target, anchor = href.split("#")
    assert anchor not in (packed_report / target).read_text("utf-8")  # packed: not in the file
    result = chromium(
        (packed_report / target).as_uri() + "#" + anchor, tmp_path / "p", "--dump-dom"
    )
    assert not console_messages(result.stderr), console_messages(result.stderr)
    dom = result.stdout
    assert re.search(r"<html[^>]*data-ready", dom), "the page never said it was shown"
    landed = re.search(
        rf'<section class="evidence target" id="{re.escape(anchor)}">(.*?)</section>', dom, re.S
    )
    assert landed and "<mark>" in landed.group(1)
    plain = unpack((packed_report / target).read_text("utf-8"))
    assert dom.count('<section class="evidence') == plain.count('<section class="evidence')
    findings = next((packed_report / "quality").rglob("*.html"))
    dom = chromium(findings.as_uri(), tmp_path / "p", "--dump-dom").stdout
    assert '<table class="sortable">' in dom and "data-packed" not in dom


def test_the_report_s_snapshot_of_the_marts_is_what_the_views_give(sample_warehouse: Path):
    """The report computes its marts once, over the intermediate models they
    read each materialised first (temporary tables hiding the views, dropped
    once the marts are made): every mart reads as the warehouse's view gives
    it, and every model a mart reads comes before it in the snapshot."""
    order = models_read_by(REPORT_MARTS)
    reads = {name: declared_reads(name, sql) for name, sql in model_files()}
    assert set(REPORT_MARTS) <= set(order)
    assert all(reads[name] <= set(order[:i]) for i, name in enumerate(order))
    assert "int_funding_sources" in order and set(order) < set(reads)  # not every model
    views = {
        name: sorted(map(repr, query(sample_warehouse, f"SELECT * FROM {name}")))
        for name in REPORT_MARTS
    }
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        snapshot_marts(con)
        temporary = {
            name
            for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE temporary"
            ).fetchall()
        }
        assert temporary == set(REPORT_MARTS)  # the intermediate ones dropped once used
        for name in REPORT_MARTS:
            rows = sorted(map(repr, con.execute(f"SELECT * FROM {name}").fetchall()))
            assert rows == views[name], name
    finally:
        con.close()


def test_a_second_build_reads_the_templates_compiled_by_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The report's templates are compiled once per version: a later build
    (another environment, as in another process) loads each one compiled,
    without compiling it again; a template whose source changed is compiled
    again."""
    from jinja2 import Environment

    from calpae.outputs.report.pages import environment

    names = ["index.html", "evidence_document.html", "macros.html"]
    first = environment()
    assert first.bytecode_cache is not None
    for name in names:
        first.get_template(name)

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    second = environment()
    monkeypatch.setattr(second, "compile", no_compiling)
    for name in names:
        assert second.get_template(name).render  # loaded compiled

    changed = environment()
    source, filename, uptodate = changed.loader.get_source(changed, "macros.html")
    monkeypatch.setattr(
        changed.loader, "get_source", lambda env, name: (source + "\n", filename, uptodate)
    )
    compiled: list[str] = []
    real = Environment.compile

    def counting(self: Environment, source: str, name: str | None = None, *a, **k):  # noqa: ANN202
        compiled.append(name)
        return real(self, source, name, *a, **k)

    monkeypatch.setattr(Environment, "compile", counting)
    changed.get_template("macros.html")
    assert compiled == ["macros.html"]


HELPER_WAIT = 300  # seconds a helper process may take to start and write on a busy machine


def test_evidence_pages_written_with_a_helper_process_are_the_same(
    report: Path, sample_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """From ``HELPER_FROM_PAGES`` documents on, a helper process writes some
    of the evidence pages (from the last back) while the build writes the
    others: the same pages as a build alone. Here from one document on, a
    page at a time; the build's own first page waits until the helper has
    written the last one, so both write (the helper is a fresh process: the
    patches below reach only the build's)."""
    from calpae.outputs.report import evidence_pages
    from calpae.outputs.report.evidence import document_file

    ((last_document,),) = query(  # the pages come in the order of the documents' files
        sample_warehouse, "SELECT document_id FROM documents ORDER BY source_file DESC LIMIT 1"
    )
    monkeypatch.setattr(evidence_pages, "HELPER_FROM_PAGES", 1)
    monkeypatch.setattr(evidence_pages, "CHUNK", 1)
    out = tmp_path / "report"
    written_here: list[str] = []
    real_write_chunk = evidence_pages.write_chunk

    def after_the_helper_began(env, con, chunk, folder, frame):  # noqa: ANN001, ANN202
        if not written_here:  # the first chunk: wait for the helper's first, the last page
            last = folder / document_file(last_document)
            deadline = time.monotonic() + HELPER_WAIT
            while not last.exists():
                assert time.monotonic() < deadline, "the helper wrote nothing"
                time.sleep(0.05)
        written_here.extend(page.document.document_id for page in chunk)
        real_write_chunk(env, con, chunk, folder, frame)

    monkeypatch.setattr(evidence_pages, "write_chunk", after_the_helper_began)
    build_report(sample_warehouse, out)
    assert_same_pages(out, report)
    documents = query(sample_warehouse, "SELECT count(*) FROM documents")[0][0]
    assert 1 <= len(written_here) < documents  # both wrote


def test_the_helper_writes_evidence_while_the_build_writes_the_pages_of_findings(
    report: Path, sample_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Everything the report cites is known before its pages of findings and
    sums are written (the findings cited first): the evidence pages are
    handed to the helper then, and it writes them meanwhile. Here the pages
    of findings wait until the helper has written the last document's page;
    the pages are the same as a build alone."""
    from calpae.outputs.report import evidence_pages, render
    from calpae.outputs.report.evidence import EVIDENCE_DIR, document_file

    ((last_document,),) = query(
        sample_warehouse, "SELECT document_id FROM documents ORDER BY source_file DESC LIMIT 1"
    )
    monkeypatch.setattr(evidence_pages, "HELPER_FROM_PAGES", 1)
    monkeypatch.setattr(evidence_pages, "CHUNK", 1)
    out = tmp_path / "report"
    real_write_quality = render.write_quality

    def once_the_helper_wrote(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        last = out / EVIDENCE_DIR / document_file(last_document)
        deadline = time.monotonic() + HELPER_WAIT
        while not last.exists():
            assert time.monotonic() < deadline, "no evidence page before the pages of findings"
            time.sleep(0.05)
        return real_write_quality(*args, **kwargs)

    monkeypatch.setattr(render, "write_quality", once_the_helper_wrote)
    build_report(sample_warehouse, out)
    assert_same_pages(out, report)


def test_evidence_pages_a_helper_could_not_write_are_written_by_the_build(
    report: Path,
    sample_warehouse: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
):
    """A helper that cannot open the warehouse writes nothing; the build
    writes every page itself, as it writes them without a helper, and says
    why. (The build's first page waits until the helper has given up on every
    chunk it was handed.)"""
    from concurrent.futures import wait

    from calpae.outputs.report import evidence_pages
    from calpae.outputs.report.build import report_connection
    from calpae.outputs.report.data import read_warehouse
    from calpae.outputs.report.evidence import EvidenceBook
    from calpae.outputs.report.pages import environment
    from calpae.outputs.report.render import common_context

    monkeypatch.setattr(evidence_pages, "CHUNK", 1)
    handed = []

    class Recording:  # the helper's pool, noting the chunks handed to it
        def __init__(self, pool) -> None:  # noqa: ANN001
            self.pool = pool

        def submit(self, *args):  # noqa: ANN002, ANN202
            handed.append(self.pool.submit(*args))
            return handed[-1]

    real_write_chunk = evidence_pages.write_chunk

    def once_the_helper_gave_up(env, con, chunk, folder, frame):  # noqa: ANN001, ANN202
        wait(handed, timeout=HELPER_WAIT)
        real_write_chunk(env, con, chunk, folder, frame)

    monkeypatch.setattr(evidence_pages, "write_chunk", once_the_helper_gave_up)
    (tmp_path / "spill").mkdir()
    con = report_connection(sample_warehouse, tmp_path / "spill", 10)
    try:
        book = EvidenceBook(read_warehouse(con))
        for amount_id in book.warehouse.amounts:
            book.amount(amount_id)
        pages_ = evidence_pages.evidence_pages(book)
        frame = common_context(book.warehouse, sample_warehouse, "../", full_nav=False)
        folder, alone = tmp_path / "evidence", tmp_path / "alone"
        with evidence_pages.evidence_helper(tmp_path / "no-such.duckdb", pages=10_000) as helper:
            assert helper is not None
            recording = evidence_pages.Helper(Recording(helper.pool), helper.db_path)
            written = evidence_pages.write_document_pages(
                environment(), con, pages_, folder, frame, recording
            )
        evidence_pages.write_document_pages(environment(), con, pages_, alone, frame)
    finally:
        con.close()
    assert written == 0 and len(handed) == len(pages_) - 1
    assert caplog.text.count("the helper failed") == len(handed)
    assert_same_pages(folder, alone)


def test_a_build_whose_helper_cannot_start_writes_every_page_itself(
    report: Path,
    sample_warehouse: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
):
    """Where no process can be started (no semaphores, a process limit
    reached), the build writes every page itself, the same, and says why."""
    from concurrent.futures import ProcessPoolExecutor

    from calpae.outputs.report import evidence_pages

    class NoProcess(ProcessPoolExecutor):
        def submit(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            raise OSError("[Errno 11] Resource temporarily unavailable")

    monkeypatch.setattr(evidence_pages, "HELPER_FROM_PAGES", 1)
    monkeypatch.setattr(evidence_pages, "ProcessPoolExecutor", NoProcess)
    out = tmp_path / "report"
    build_report(sample_warehouse, out)
    assert "evidence pages written without a helper" in caplog.text
    assert_same_pages(out, report)


def test_a_figures_cell_prints_a_documents_text_escaped_and_visible():
    """The cells that show a figure (Python functions the templates call)
    print every value as a template prints it: HTML-escaped, control and
    bidi characters shown as escapes; a figure with evidence links to it, one
    with a note has it as its title, an empty one is a bare dash, a plain one
    sorts by its value."""
    from calpae.outputs.report.pages import environment
    from calpae.outputs.report.views import EMPTY_CELL, Shown

    hostile = Shown(
        'Total <b>"1"</b> & co\u202e',
        sort='12"3',
        href="evidence/d.html#a'b",
        note="reste \x1b[31m <i>",
    )
    noted = Shown("7 %", sort="7", note="taux sur les mêmes sommes")
    plain = Shown("1 200 €", sort="1200")
    template = environment().from_string(
        "{% for s in cells %}{{ light_td(s, root) }}\n{% endfor %}{{ figure(plain, root) }}"
    )
    page = template.render(cells=[hostile, noted, plain, EMPTY_CELL], plain=plain, root="../")
    assert page.splitlines() == [
        '<td class="num" data-sort="12&#34;3"><a class="fig" href="../evidence/d.html#a&#39;b"'
        ' title="reste \\x1b[31m &lt;i&gt;">'
        "Total &lt;b&gt;&#34;1&#34;&lt;/b&gt; &amp; co\\u202e</a></td>",
        '<td class="num" data-sort="7">'
        '<span class="fig" title="taux sur les mêmes sommes">7 %</span></td>',
        '<td class="num" data-sort="1200">1 200 €</td>',
        '<td class="num">—</td>',
        '<span class="fig">1 200 €</span>',
    ]
