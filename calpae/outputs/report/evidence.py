"""Which evidence the report cites, and where each citation leads.

Pages cite as they are built: a fact (an amount or an indicator value) lands
on its document's evidence page (``evidence/<document_id>.html#<fact id>``), a
line that no fact covers on the same page (``#p<page>-l<line>``), a sum on its
département's page of sums, in a section listing the items it adds up
(``evidence/sum-<département>.html#<key>``: one page per département, not one
per sum), each item citing its fact in turn. Only what is cited is written out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from calpae.outputs.report.data import Item, Warehouse

EVIDENCE_DIR = "evidence"


@dataclass(frozen=True)
class SumPage:
    """A figure that adds up several facts: what it is and its items."""

    key: str
    group: str
    title: str
    amount_eur: Decimal | None
    note: str
    items: tuple[Item, ...]


@dataclass
class EvidenceBook:
    """The citations made so far, by document."""

    warehouse: Warehouse
    amounts: dict[str, set[str]] = field(default_factory=dict)
    indicators: dict[str, set[str]] = field(default_factory=dict)
    lines: dict[str, set[tuple[int | None, int]]] = field(default_factory=dict)
    sums: dict[str, dict[str, SumPage]] = field(default_factory=dict)
    """Per département (``group``), its sums by key."""

    def amount(self, amount_id: str | None) -> str | None:
        """The link to an amount's evidence (from the report's root)."""
        fact = self.warehouse.amounts.get(amount_id or "")
        if fact is None:
            return None
        self.amounts.setdefault(fact.document_id, set()).add(fact.amount_id)
        return document_href(fact.document_id, fact.amount_id)

    def indicator(self, indicator_value_id: str | None) -> str | None:
        """The link to an indicator value's evidence."""
        fact = self.warehouse.indicator_facts.get(indicator_value_id or "")
        if fact is None:
            return None
        self.indicators.setdefault(fact.document_id, set()).add(fact.indicator_value_id)
        return document_href(fact.document_id, fact.indicator_value_id)

    def finding_fact(
        self, relation: str | None, fact_id: str | None, document_id: str | None
    ) -> str | None:
        """The link to the fact a finding names (``Finding.fact_document_id``:
        its document, when the fact is in the warehouse)."""
        if not fact_id or not document_id:
            return None
        if relation == "amounts":
            self.amounts.setdefault(document_id, set()).add(fact_id)
        elif relation == "indicator_values":
            self.indicators.setdefault(document_id, set()).add(fact_id)
        else:
            return None
        return document_href(document_id, fact_id)

    def line(self, document_id: str, page: int | None, source_line: int | None) -> str | None:
        """The link to a line of a document (a finding that names no fact)."""
        if document_id not in self.warehouse.documents:
            return None
        if source_line is None:
            return document_href(document_id)
        self.lines.setdefault(document_id, set()).add((page, source_line))
        return document_href(document_id, line_anchor(page, source_line))

    def document(self, document_id: str) -> str | None:
        """The link to a document's evidence page."""
        return document_href(document_id) if document_id in self.warehouse.documents else None

    def figure(
        self,
        group: str,
        key: str,
        title: str,
        amount_eur: Decimal | None,
        note: str,
        items: tuple[Item, ...],
    ) -> str | None:
        """The link behind a figure resting on ``items``: straight to the fact
        when one fact states the figure, else to the section listing the items
        on the page of sums of ``group`` (the figure's département)."""
        if not items:
            return None
        if len(items) == 1:
            fact = self.warehouse.amounts.get(items[0].fact_id)
            if fact is not None and fact.amount_eur == items[0].amount_eur == amount_eur:
                return self.amount(fact.amount_id)
        for item in items:
            self.amount(item.fact_id)
        self.sums.setdefault(group, {})[key] = SumPage(key, group, title, amount_eur, note, items)
        return f"{EVIDENCE_DIR}/{sum_file(group)}#{key}"

    def cited_documents(self) -> set[str]:
        return set(self.amounts) | set(self.indicators) | set(self.lines)


def document_file(document_id: str) -> str:
    return f"{safe_name(document_id)}.html"


def sum_file(group: str) -> str:
    """The page of a département's sums."""
    return f"sum-{safe_name(group)}.html"


def document_href(document_id: str, anchor: str | None = None) -> str:
    """A link from the report's root to a document's evidence page."""
    href = f"{EVIDENCE_DIR}/{document_file(document_id)}"
    return f"{href}#{anchor}" if anchor else href


def line_anchor(page: int | None, source_line: int) -> str:
    return f"p{page or 0}-l{source_line}"


def safe_name(text: str) -> str:
    """A file-name-safe form of an id."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", text)


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def cell_key(*parts: object) -> str:
    """A stable, file-name-safe key for a mart cell."""
    return safe_name("-".join("x" if p is None else str(p) for p in parts))
