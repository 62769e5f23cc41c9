"""Read-only queries against the warehouse marts, returned as plain dataclasses.

Every figure of the report is a cell of a mart (``funding_comparison``,
``action_funding``, ``indicator_comparison``) or a row of ``data_quality``;
each keeps what it rests on: the fact it states (an ``amounts`` or
``indicator_values`` id) or, for a sum, the items it adds up (each an action's
figure or an unclaimed amount of one document, with the fact behind it), from
the marts of items (``funding_comparison_items``, ``action_funding_items``).
The report reads the public relations only (``PUBLIC_RELATIONS``), never the
staging or intermediate models (``tests/test_report.py`` checks it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import duckdb

from calpae.schemas.reference import departments as reference_departments
from calpae.warehouse.models import models_in_layer, models_read_by

NATURES = ("prevu", "execute", "report")
FUNDERS = ("etat", "departement", "total")


@dataclass(frozen=True)
class Document:
    """One ingested document and where its text lives."""

    document_id: str
    source_file: str
    source_root: str | None
    source_format: str | None
    sha256: str | None
    doc_type: str | None
    title: str | None
    period_start: date | None
    period_end: date | None
    pages: int | None
    status: str | None
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class AmountFact:
    """One row of ``amounts``: an amount as the document states it."""

    amount_id: str
    document_id: str
    department_code: str | None
    label: str | None
    year: int | None
    funder: str | None
    nature: str | None
    amount_eur: Decimal | None
    evidence: str | None
    page: int | None
    source_line: int | None
    char_start: int | None
    char_end: int | None
    scope: str | None
    is_total: bool | None


@dataclass(frozen=True)
class IndicatorFact:
    """One row of ``indicator_values``: an indicator value as the document states it."""

    indicator_value_id: str
    document_id: str
    department_code: str | None
    indicator_label: str | None
    indicator_code: str | None
    year: int | None
    is_target: bool | None
    value_raw: str | None
    value_num: float | None
    unit: str | None
    page: int | None
    source_line: int | None


@dataclass(frozen=True)
class Item:
    """One term of a sum: a figure and the fact it rests on."""

    label: str
    amount_eur: Decimal
    fact_id: str
    document_id: str


@dataclass(frozen=True)
class FundingCell:
    """One cell of ``funding_comparison`` with the items a sum adds up."""

    department_code: str
    department_name: str | None
    year: int
    funder: str
    nature: str
    amount_eur: Decimal | None
    basis: str
    stated_total_eur: Decimal | None
    items_sum_eur: Decimal | None
    gap_eur: Decimal | None
    document_id: str
    amount_id: str | None
    superseded_document_ids: tuple[str, ...]
    quality_flags: tuple[str, ...]
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class ExecutionCell:
    """One row of ``funding_execution``: a rate only where planned and
    executed cover the same money, else why not."""

    department_code: str
    year: int
    funder: str
    planned_eur: Decimal | None
    executed_eur: Decimal | None
    execution_rate: float | None
    rate_basis: str


@dataclass(frozen=True)
class ActionCell:
    """One row of ``action_funding`` with, per nature, the items behind its figure."""

    department_code: str
    year: int
    measure_code: str | None
    action_title: str | None
    funder: str
    planned_eur: Decimal | None
    executed_eur: Decimal | None
    carried_over_eur: Decimal | None
    execution_rate: float | None
    action_refs: tuple[str, ...]
    document_ids: tuple[str, ...]
    action_key: str
    items: dict[str, tuple[Item, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorCell:
    """One row of ``indicator_comparison``."""

    indicator_code: str | None
    department_code: str | None
    year: int | None
    is_target: bool
    is_half_year: bool
    value_num: float | None
    unit: str | None
    value_raw: str | None
    indicator_label: str | None
    indicator_value_id: str
    document_id: str
    restatements: int
    is_conflict: bool
    unit_mismatch: bool


@dataclass(frozen=True)
class Finding:
    """One row of ``data_quality`` and the départements it concerns."""

    document_id: str
    check_name: str
    severity: str
    message: str
    page: int | None
    source_line: int | None
    stated_eur: Decimal | None
    computed_eur: Decimal | None
    gap_eur: Decimal | None
    relation: str | None
    fact_id: str | None
    departments: tuple[str, ...] = ()
    fact_document_id: str | None = None
    """The document of the fact it names, when that fact is in the warehouse."""


NO_DEPARTMENT = "sans-departement"
"""Where the findings of documents naming no département are listed."""


@dataclass(frozen=True)
class FindingCounts:
    """How many findings, per département (``NO_DEPARTMENT`` for none) and
    check, per check, and per département and severity, each with the most
    severe of them: what the pages listing them need before their rows."""

    by_department: dict[str, dict[str, tuple[int, str]]]
    by_check: dict[str, tuple[int, str]]
    by_severity: dict[str, dict[str, int]]


@dataclass(frozen=True)
class Warehouse:
    """What the report's pages show from the marts, read once: the documents,
    the marts' cells and the facts they cite (all bounded by the départements
    and years, not the documents). The findings and the facts they cite grow
    with the documents: they are read page by page (``stream_findings``,
    ``read_document_facts``)."""

    documents: dict[str, Document]
    department_names: dict[str, str]
    funding: list[FundingCell]
    execution: list[ExecutionCell]
    actions: list[ActionCell]
    indicators: list[IndicatorCell]
    amounts: dict[str, AmountFact]
    indicator_facts: dict[str, IndicatorFact]

    @property
    def department_codes(self) -> list[str]:
        """The départements present in the warehouse, by code."""
        return sorted(self.department_names, key=department_sort_key)


def department_sort_key(code: str) -> tuple[int, str]:
    """INSEE order: '01' … '19', '2A', '2B', '21' … '95', '971' …"""
    digits = code.replace("2A", "20").replace("2B", "20")
    return (int(digits) if digits.isdigit() else 999, code)


def records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    """The rows of a query as dicts of column name to value."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def has_relation(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the warehouse holds a table or view of that name."""
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
    return con.execute(sql, [name]).fetchone()[0] > 0


REPORT_MARTS = (
    "funding_comparison",
    "funding_comparison_items",
    "funding_execution",
    "action_funding",
    "action_funding_items",
    "indicator_comparison",
    "data_quality",
)
"""The marts the report reads (views: each read computes them again)."""


def snapshot_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Each mart of ``REPORT_MARTS``, and each intermediate model it reads,
    computed once, into a temporary table of the same name, each after the
    models it reads (``models_read_by``): a temporary table hides the view of
    its name, from the report's queries and from the views that read it. The
    funding marts were computed five times over, then each computed the
    intermediate models they share again (1 of the report's 2 s on the
    samples, 13 s at 1 000 documents; now 0.16 s and 1.5 s). Staging models
    (a table each, renamed and typed) read as fast as their tables: copying
    them would only take memory, as would the intermediate ones once the marts
    are made: they are dropped. The report reads one state of the warehouse."""
    staging = models_in_layer("staging")
    made = []
    for name in models_read_by(REPORT_MARTS):
        if name in staging or not has_relation(con, name):
            continue
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM main.{name}")
        made.append(name)
    for name in made:
        if name not in REPORT_MARTS:
            con.execute(f"DROP TABLE temp.{name}")


def read_documents(con: duckdb.DuckDBPyConnection) -> dict[str, Document]:
    """Every document, with the départements it names."""
    rows = records(
        con,
        """
        SELECT d.document_id, d.source_file, d.source_root, d.source_format, d.sha256,
               d.doc_type, d.title, d.period_start, d.period_end, d.pages, d.status,
               list(DISTINCT x.department_code ORDER BY x.department_code)
                   FILTER (WHERE x.department_code IS NOT NULL) AS departments
        FROM documents d
        LEFT JOIN document_departments x USING (document_id)
        GROUP BY ALL
        ORDER BY d.source_file
        """,
    )
    return {
        r["document_id"]: Document(**{**r, "departments": tuple(r["departments"] or ())})
        for r in rows
    }


def read_department_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Code → name of every département some document or mart names."""
    codes = [
        r[0]
        for r in con.execute(
            """
            SELECT department_code FROM document_departments
            UNION SELECT department_code FROM funding_comparison
            UNION SELECT department_code FROM action_funding
            UNION SELECT department_code FROM indicator_comparison
            """
        ).fetchall()
        if r[0] is not None
    ]
    stated = dict(
        con.execute(
            "SELECT department_code, min(department_name) FROM document_departments "
            "WHERE department_code IS NOT NULL GROUP BY ALL"
        ).fetchall()
    )
    reference = {d.code: d.name for d in reference_departments()}
    return {code: stated.get(code) or reference.get(code, code) for code in codes}


AMOUNT_COLUMNS = (
    "amount_id, document_id, department_code, label, year, funder, nature, amount_eur, "
    "evidence, page, source_line, char_start, char_end, scope, is_total"
)
INDICATOR_COLUMNS = (
    "indicator_value_id, document_id, department_code, indicator_label, indicator_code, "
    "year, is_target, value_raw, value_num, unit, page, source_line"
)


def read_amounts(con: duckdb.DuckDBPyConnection) -> dict[str, AmountFact]:
    """The amount facts the marts' figures cite, by id: a figure's own, the
    items of a sum (a finding's fact is read with its document's evidence:
    reading them all made the build's memory grow with the warehouse)."""
    cited: set[str] = set()
    for sql in CITED_AMOUNTS:  # one mart at a time: the marts in one query outgrow the memory cap
        cited |= {fact_id for (fact_id,) in con.execute(sql).fetchall() if fact_id}
    rows = records(
        con,
        f"SELECT {AMOUNT_COLUMNS} FROM amounts WHERE amount_id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(cited)],
    )
    return {r["amount_id"]: AmountFact(**r) for r in rows}


CITED_AMOUNTS = (
    "SELECT DISTINCT amount_id FROM funding_comparison",
    "SELECT DISTINCT amount_id FROM funding_comparison_items",
    "SELECT DISTINCT amount_id FROM action_funding_items",
)
"""Where the marts' figures cite amounts from: each figure's own, a sum's items."""


def read_indicator_facts(con: duckdb.DuckDBPyConnection) -> dict[str, IndicatorFact]:
    """The indicator values ``indicator_comparison`` cites, by id."""
    rows = records(
        con,
        f"SELECT {INDICATOR_COLUMNS} FROM indicator_values WHERE indicator_value_id IN "
        "(SELECT indicator_value_id FROM indicator_comparison)",
    )
    return {r["indicator_value_id"]: IndicatorFact(**r) for r in rows}


def read_document_facts(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    amount_ids: AbstractSet[str],
    indicator_ids: AbstractSet[str],
) -> tuple[list[AmountFact], list[IndicatorFact]]:
    """The amounts and indicator values of one document with those ids (by
    id: facts on the same span keep one order from a build to the next)."""
    amounts = records(
        con,
        f"SELECT {AMOUNT_COLUMNS} FROM amounts WHERE document_id = ? "
        "AND amount_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY amount_id",
        [document_id, sorted(amount_ids)],
    )
    indicators = records(
        con,
        f"SELECT {INDICATOR_COLUMNS} FROM indicator_values WHERE document_id = ? "
        "AND indicator_value_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY indicator_value_id",
        [document_id, sorted(indicator_ids)],
    )
    return [AmountFact(**r) for r in amounts], [IndicatorFact(**r) for r in indicators]


def item_label(action_ref: str | None, title: str | None, label: str | None) -> str:
    """How an item of a sum is named: its action (ref and title), else its row label."""
    if title:
        return f"{action_ref} {title}".strip() if action_ref else title
    return label or "(sans libellé)"


def read_funding_items(con: duckdb.DuckDBPyConnection) -> dict[tuple, list[Item]]:
    """The items each sum of items of ``funding_comparison`` adds up
    (``funding_comparison_items``: every action's figure once and the money no
    action claims), keyed by (document_id, department_code, year, funder,
    nature)."""
    if not has_relation(con, "funding_comparison_items"):
        return {}
    rows = records(
        con,
        """
        SELECT document_id, department_code, year, funder, nature,
               amount_eur, amount_id, action_ref, action_title, label
        FROM funding_comparison_items
        ORDER BY document_id, department_code, year, funder, nature, amount_id
        """,
    )
    items: dict[tuple, list[Item]] = defaultdict(list)
    for r in rows:
        key = (r["document_id"], r["department_code"], r["year"], r["funder"], r["nature"])
        label = item_label(r["action_ref"], r["action_title"], r["label"])
        items[key].append(Item(label, r["amount_eur"], r["amount_id"], r["document_id"]))
    return items


def read_funding(con: duckdb.DuckDBPyConnection) -> list[FundingCell]:
    """Every cell of ``funding_comparison``; a sum of items carries its items."""
    rows = records(
        con,
        """
        SELECT department_code, department_name, year, funder, nature, amount_eur, basis,
               stated_total_eur, items_sum_eur, gap_eur, document_id, amount_id,
               superseded_document_ids, quality_flags
        FROM funding_comparison
        ORDER BY department_code, year, funder, nature
        """,
    )
    items = read_funding_items(con) if rows else {}
    cells = []
    for r in rows:
        key = (r["document_id"], r["department_code"], r["year"], r["funder"], r["nature"])
        terms = tuple(items.get(key, ())) if r["basis"] == "sum_of_items" else ()
        cells.append(
            FundingCell(
                **{
                    **r,
                    "superseded_document_ids": tuple(r["superseded_document_ids"] or ()),
                    "quality_flags": tuple(r["quality_flags"] or ()),
                },
                items=terms,
            )
        )
    return cells


def read_action_items(con: duckdb.DuckDBPyConnection) -> dict[tuple, list[Item]]:
    """Items of each ``action_funding`` figure (``action_funding_items``: the
    figures the mart adds up), keyed by (department_code, year, funder,
    action_key, nature)."""
    if not has_relation(con, "action_funding_items"):
        return {}
    items: dict[tuple, list[Item]] = defaultdict(list)
    sql = (
        "SELECT department_code, year, funder, action_key, nature, action_ref, action_title, "
        "amount_eur, amount_id, document_id FROM action_funding_items "
        "ORDER BY department_code, year, funder, action_key, nature, action_ref, amount_id"
    )
    for r in records(con, sql):
        key = (r["department_code"], r["year"], r["funder"], r["action_key"], r["nature"])
        label = item_label(r["action_ref"], r["action_title"], None)
        items[key].append(Item(label, r["amount_eur"], r["amount_id"], r["document_id"]))
    return items


def read_actions(con: duckdb.DuckDBPyConnection) -> list[ActionCell]:
    """Every row of ``action_funding`` with the items behind each of its figures."""
    rows = records(
        con,
        """
        SELECT department_code, year, measure_code, action_title, funder, planned_eur,
               executed_eur, carried_over_eur, execution_rate, action_refs, document_ids,
               action_key
        FROM action_funding
        ORDER BY department_code, year, coalesce(measure_code, 'ZZ'), action_title, funder
        """,
    )
    items = read_action_items(con) if rows else {}
    cells = []
    for r in rows:
        base = (r["department_code"], r["year"], r["funder"], r["action_key"])
        per_nature = {n: tuple(items.get((*base, n), ())) for n in NATURES}
        cells.append(
            ActionCell(
                **{
                    **r,
                    "action_refs": tuple(r["action_refs"] or ()),
                    "document_ids": tuple(r["document_ids"] or ()),
                },
                items=per_nature,
            )
        )
    return cells


def read_indicators(con: duckdb.DuckDBPyConnection) -> list[IndicatorCell]:
    """Every row of ``indicator_comparison`` with the document of its evidence."""
    rows = records(
        con,
        """
        SELECT c.indicator_code, c.department_code, c.year, c.is_target, c.is_half_year,
               c.value_num, c.unit, c.value_raw, c.indicator_label, c.indicator_value_id,
               v.document_id, c.restatements, c.is_conflict, c.unit_mismatch
        FROM indicator_comparison c
        JOIN indicator_values v USING (indicator_value_id)
        ORDER BY c.department_code, c.indicator_code, c.year, c.is_half_year, c.is_target
        """,
    )
    return [IndicatorCell(**r) for r in rows]


FINDINGS_TABLE = "report_findings"
FINDINGS_SQL = f"""
CREATE OR REPLACE TEMP TABLE {FINDINGS_TABLE} AS
WITH named AS (
    SELECT document_id, list(DISTINCT department_code ORDER BY department_code) AS codes
    FROM document_departments
    WHERE department_code IS NOT NULL
    GROUP BY ALL
)
SELECT row_number() OVER (
           ORDER BY q.check_name, q.document_id, q.page, q.source_line, q.fact_id
       ) AS finding_no,
       q.document_id, q.check_name, q.severity, q.message, q.page, q.source_line,
       q.stated_eur, q.computed_eur, q.gap_eur, q.relation, q.fact_id,
       CASE WHEN coalesce(a.department_code, i.department_code) IS NOT NULL
            THEN [coalesce(a.department_code, i.department_code)]
            ELSE coalesce(n.codes, []) END AS departments,
       coalesce(a.document_id, i.document_id) AS fact_document_id
FROM data_quality q
LEFT JOIN amounts a ON q.relation = 'amounts' AND a.amount_id = q.fact_id
LEFT JOIN indicator_values i
    ON q.relation = 'indicator_values' AND i.indicator_value_id = q.fact_id
LEFT JOIN named n ON n.document_id = q.document_id
"""
"""Every ``data_quality`` row, numbered in the order the pages list them, with
its départements (the fact's own when it has one, else those its document
names) and the document of its fact: computed once, read page by page."""
FINDING_COLUMNS = (
    "document_id, check_name, severity, message, page, source_line, stated_eur, computed_eur, "
    "gap_eur, relation, fact_id, departments, fact_document_id"
)


def findings_table(con: duckdb.DuckDBPyConnection) -> str:
    """The findings' temporary table (``FINDINGS_SQL``), made on first use."""
    if not has_relation(con, FINDINGS_TABLE):
        con.execute(FINDINGS_SQL)
    return FINDINGS_TABLE


def finding_of(row: tuple) -> Finding:
    *head, departments, fact_document_id = row
    return Finding(*head, departments=tuple(departments or ()), fact_document_id=fact_document_id)


def read_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Every ``data_quality`` row with its départements (``FINDINGS_SQL``), in order."""
    table = findings_table(con)
    sql = f"SELECT {FINDING_COLUMNS} FROM {table} ORDER BY finding_no"
    return [finding_of(row) for row in con.execute(sql).fetchall()]


def listed(table: str) -> str:
    """The findings once per département they concern (``listed_under``; the
    parameter: what names none), as a subquery."""
    return (
        "(SELECT coalesce(code, ?) AS listed_under, * FROM (SELECT unnest(CASE WHEN "
        f"len(departments) = 0 THEN [NULL::VARCHAR] ELSE departments END) AS code, * FROM {table}))"
    )


def stream_findings(
    con: duckdb.DuckDBPyConnection, chunk: int = 1000
) -> Iterator[tuple[str, Finding]]:
    """Each finding under each département it concerns (``NO_DEPARTMENT`` for
    none), by département, then check, then in order; fetched ``chunk`` rows
    at a time (the findings are never all in memory)."""
    table = findings_table(con)
    cursor = con.execute(
        f"SELECT listed_under, {FINDING_COLUMNS} FROM {listed(table)} "
        "ORDER BY listed_under, check_name, finding_no",
        [NO_DEPARTMENT],
    )
    while rows := cursor.fetchmany(chunk):
        for code, *row in rows:
            yield code, finding_of(tuple(row))


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def worse(a: str, b: str) -> str:
    """The more severe of two severities."""
    return min(a, b, key=lambda s: SEVERITY_ORDER.get(s, 9))


def finding_counts(con: duckdb.DuckDBPyConnection) -> FindingCounts:
    """The findings counted per département and check, per check, per
    département and severity (``FindingCounts``)."""
    table = findings_table(con)
    by_department: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    by_severity: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for code, check, severity, n in con.execute(
        f"SELECT listed_under, check_name, severity, count(*) FROM {listed(table)} "
        "GROUP BY ALL ORDER BY ALL",
        [NO_DEPARTMENT],
    ).fetchall():
        count, worst = by_department[code].get(check, (0, severity))
        by_department[code][check] = (count + n, worse(worst, severity))
        by_severity[code][severity] += n
    by_check: dict[str, tuple[int, str]] = {}
    for check, severity, n in con.execute(
        f"SELECT check_name, severity, count(*) FROM {table} GROUP BY ALL ORDER BY ALL"
    ).fetchall():
        count, worst = by_check.get(check, (0, severity))
        by_check[check] = (count + n, worse(worst, severity))
    return FindingCounts(dict(by_department), by_check, dict(by_severity))


def read_execution(con: duckdb.DuckDBPyConnection) -> list[ExecutionCell]:
    """Every row of ``funding_execution`` (rates over the same money only)."""
    rows = records(
        con,
        """
        SELECT department_code, year, funder, planned_eur, executed_eur,
               CAST(execution_rate AS DOUBLE) AS execution_rate, rate_basis
        FROM funding_execution
        WHERE department_code IS NOT NULL AND year IS NOT NULL
        ORDER BY department_code, year, funder
        """,
    )
    return [ExecutionCell(**r) for r in rows]


def read_warehouse(con: duckdb.DuckDBPyConnection) -> Warehouse:
    """Everything the report shows, from one read-only connection."""
    return Warehouse(
        documents=read_documents(con),
        department_names=read_department_names(con),
        funding=read_funding(con),
        execution=read_execution(con),
        actions=read_actions(con),
        indicators=read_indicators(con),
        amounts=read_amounts(con),
        indicator_facts=read_indicator_facts(con),
    )
