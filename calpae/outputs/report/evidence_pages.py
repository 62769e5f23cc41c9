"""A document's evidence page (``evidence/<document_id>.html``): every fact
the report cites of it, in its source text's lines. There is one per
document of the warehouse: the most numerous pages of a report, and most of
its build. They are written last, once the other pages have said what they
cite (an ``EvidenceBook``), and each stands alone: from ``HELPER_FROM_PAGES``
pages on, a helper process writes some of them, beginning as soon as they
are handed over (``hand_over``), while this one writes the report's other
pages and then the rest of them (``write_share``), the same pages either way."""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import jinja2

from calpae.outputs.report.data import (
    AmountFact,
    Document,
    IndicatorFact,
    read_document_facts,
)
from calpae.outputs.report.evidence import EvidenceBook, document_file, line_anchor
from calpae.outputs.report.formats import euros, funder_label, nature_label, number
from calpae.outputs.report.pages import environment, write_page
from calpae.outputs.source import (
    Snippet,
    SnippetLine,
    SourceText,
    fact_snippet,
    line_snippet,
    load_source,
)
from calpae.warehouse.database import READ_ONLY_CONFIG, open_database

logger = logging.getLogger(__name__)

HELPER_FROM_PAGES = 40
"""Evidence pages from which a helper process writes some of them (fewer are
written before a process would have started)."""
CHUNK = 8
"""Pages handed to the helper at a time: this process takes the chunks from
the first on, the helper from the last back, until they meet."""
HELPER_CONFIG = {**READ_ONLY_CONFIG, "memory_limit": "32MB", "threads": 1}
"""The helper's connection: the analysts' read-only one, reading one
document's facts at a time."""


@dataclass(frozen=True)
class EvidencePage:
    """A document and what the report cites of it."""

    document: Document
    amount_ids: frozenset[str]
    indicator_ids: frozenset[str]
    lines: frozenset[tuple[int | None, int]]

    @property
    def cited(self) -> bool:
        return bool(self.amount_ids or self.indicator_ids or self.lines)


def evidence_pages(book: EvidenceBook) -> list[EvidencePage]:
    """Every document's evidence page, with what the report cites of it."""
    return [
        EvidencePage(
            document,
            frozenset(book.amounts.get(key, ())),
            frozenset(book.indicators.get(key, ())),
            frozenset(book.lines.get(key, ())),
        )
        for key, document in book.warehouse.documents.items()
    ]


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


def page_entries(
    con: duckdb.DuckDBPyConnection, page: EvidencePage
) -> tuple[list[dict], SourceText | None]:
    """The sections of a document's evidence page, in reading order, and
    its source text when it could be read again (the facts cited, read from
    the warehouse for this document alone)."""
    document = page.document
    source = load_source(document) if page.cited else None
    amounts, indicators = (
        read_document_facts(con, document.document_id, page.amount_ids, page.indicator_ids)
        if page.cited
        else ([], [])
    )
    entries = [amount_entry(f, source) for f in amounts]
    entries += [indicator_entry(f, source) for f in indicators]
    entries += [line_entry(number, line, source) for number, line in page.lines]
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


def write_document_page(
    env: jinja2.Environment,
    con: duckdb.DuckDBPyConnection,
    page: EvidencePage,
    folder: Path,
    frame: dict,
) -> None:
    """A document's evidence page, into ``folder``."""
    document = page.document
    entries, source = page_entries(con, page)
    context = {
        **frame,
        "title": document.title or document.source_file,
        "document": document,
        "entries": entries,
        "blocks": evidence_blocks(entries, source is None or source.page_based),
        "has_source": source is not None,
    }
    write_page(env, "evidence_document.html", folder / document_file(document.document_id), context)


def write_chunk(
    env: jinja2.Environment,
    con: duckdb.DuckDBPyConnection,
    pages: list[EvidencePage],
    folder: Path,
    frame: dict,
) -> None:
    for page in pages:
        write_document_page(env, con, page, folder, frame)


@dataclass(frozen=True)
class Helper:
    """The helper process of a report's build and the warehouse it reads."""

    pool: ProcessPoolExecutor
    db_path: Path


@contextmanager
def evidence_helper(db_path: Path, pages: int) -> Iterator[Helper | None]:
    """A helper process when ``pages`` evidence pages are to be written (from
    ``HELPER_FROM_PAGES`` on, with two processors; else ``None``), started at
    once: it imports what it needs and opens its read-only connection to
    ``db_path`` while this process writes the other pages. Started by
    ``spawn`` (the report may be built in a process running threads:
    Prefect's); stopped on the way out."""
    if pages < HELPER_FROM_PAGES or (os.cpu_count() or 1) < 2:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        try:  # should getting ready fail in the helper, so will its chunks: written here
            pool.submit(get_ready, db_path)
        except (OSError, BrokenExecutor, RuntimeError) as error:  # no process could start
            logger.warning("evidence pages written without a helper: %s", error)
            yield None
        else:
            yield Helper(pool, db_path)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class Share:
    """The evidence pages cut in chunks, and the futures of those handed to
    the helper (from the last chunk back)."""

    chunks: list[list[EvidencePage]]
    theirs: dict[int, Future[None]]


def hand_over(pages: list[EvidencePage], folder: Path, frame: dict, helper: Helper | None) -> Share:
    """The pages cut in chunks (``CHUNK``), every chunk but the first handed
    to the ``helper``, which begins at once with the last: this process takes
    the others back, from the first on, when it comes to them (``write_share``).
    Without a helper, one chunk of every page, for this process."""
    if helper is None:
        return Share([pages], {})
    chunks = [pages[i : i + CHUNK] for i in range(0, len(pages), CHUNK)]
    theirs: dict[int, Future[None]] = {}
    try:
        for index in reversed(range(1, len(chunks))):
            job = (helper.db_path, chunks[index], folder, frame)
            theirs[index] = helper.pool.submit(write_in_helper, *job)
    except (BrokenExecutor, RuntimeError) as error:  # the helper is gone: the rest here
        logger.warning("evidence pages written here, the helper is gone: %s", error)
    return Share(chunks, theirs)


def write_share(
    env: jinja2.Environment,
    con: duckdb.DuckDBPyConnection,
    share: Share,
    folder: Path,
    frame: dict,
) -> int:
    """This process's chunks into ``folder``, from the first on, until it
    meets one the helper has begun (a chunk is this process's while its
    future can still be cancelled); then it waits for the helper's, writing
    again any the helper could not (a warning says why). How many pages the
    helper wrote."""
    theirs = dict(share.theirs)
    for index, chunk in enumerate(share.chunks):
        future = theirs.get(index)
        if future is not None and not future.cancel():
            break  # the helper has begun this chunk: it has every later one
        theirs.pop(index, None)
        write_chunk(env, con, chunk, folder, frame)
    written = 0
    for index, future in sorted(theirs.items()):
        try:
            future.result()
            written += len(share.chunks[index])
        except Exception as error:  # the pages are the same written here
            logger.warning("evidence pages written here, the helper failed: %s", error)
            write_chunk(env, con, share.chunks[index], folder, frame)
    return written


def write_document_pages(
    env: jinja2.Environment,
    con: duckdb.DuckDBPyConnection,
    pages: list[EvidencePage],
    folder: Path,
    frame: dict,
    helper: Helper | None = None,
) -> int:
    """Every page into ``folder``, some by the ``helper`` (``hand_over``, then
    ``write_share`` at once); how many the helper wrote."""
    return write_share(env, con, hand_over(pages, folder, frame, helper), folder, frame)


def get_ready(db_path: Path) -> None:
    """In the helper: its templates and connection, made before the pages come."""
    helper_state(db_path)


def write_in_helper(db_path: Path, pages: list[EvidencePage], folder: Path, frame: dict) -> None:
    """In the helper: a chunk of pages, with the helper's templates and connection."""
    env, con = helper_state(db_path)
    write_chunk(env, con, pages, folder, frame)


@cache
def helper_state(db_path: Path) -> tuple[jinja2.Environment, duckdb.DuckDBPyConnection]:
    """The helper's templates and its read-only connection, opened once."""
    return environment(), open_database(db_path, HELPER_CONFIG)
