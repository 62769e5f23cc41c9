"""One ingestion run: find the files, skip the unchanged ones, read and extract
the others (in parallel processes, holding no lock on the warehouse), load
each in its own transaction (the write lock taken while documents wait to be
loaded, and let go whenever the run waits for the readers), and sum it all
up.

The same functions serve the CLI (``calpae ingest``) and the Prefect flow.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import duckdb

from calpae.ingest.pool import process_all
from calpae.ingest.stop import StopSignals, stop_signals
from calpae.settings import Settings, check
from calpae.warehouse.database import connect, open_database, refresh_models
from calpae.warehouse.load import (
    KEY_FACTS,
    failed_attempts,
    finish_run,
    key_facts,
    record_failure,
    record_held,
    replace_document,
    start_run,
)
from calpae.warehouse.records import Facts
from calpae.warehouse.registry import (
    SUPPORTED_SUFFIXES,
    Discovery,
    FolderChanges,
    Loaded,
    NothingToRead,
    Skipped,
    SourceFile,
    discover_all,
    empty_folders,
    follow_folders,
    loaded_documents,
    plan_batch,
    record_skipped,
)

logger = logging.getLogger(__name__)

OUTCOMES = ("new", "updated", "unchanged", "failed", "needs_ocr")
HELD = "held"
"""A new version kept aside for review (``held_reason``); not among the
counts' usual names: the summary names it when there is one."""
HOLD_SHARE = 0.5
HOLD_MIN_FACTS = 10


@dataclass(frozen=True)
class FileOutcome:
    source_file: str
    outcome: str
    document_id: str
    facts: dict[str, int] = field(default_factory=dict)
    reason: str | None = None


@dataclass
class RunSummary:
    outcomes: list[FileOutcome]
    seconds: float
    skipped: list[Skipped] = field(default_factory=list)
    changes: FolderChanges | None = None
    interrupted_runs: int = 0
    """Earlier runs found still 'running': killed midway."""

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(o.outcome for o in self.outcomes)
        counts = {name: found.get(name, 0) for name in OUTCOMES}
        if found.get(HELD):
            counts[HELD] = found[HELD]
        return counts

    @property
    def facts_loaded(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for outcome in self.outcomes:
            total.update(outcome.facts)
        return dict(sorted(total.items()))

    @property
    def has_failures(self) -> bool:
        return any(o.outcome == "failed" for o in self.outcomes)

    def lines(self) -> list[str]:
        counts = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        facts = ", ".join(f"{table} {n}" for table, n in self.facts_loaded.items()) or "none"
        lines = [
            f"documents: {len(self.outcomes)} ({counts})",
            f"facts loaded: {facts}",
            f"seconds: {self.seconds:.2f}",
        ]
        lines += [
            f"{o.outcome.upper()}: {o.source_file}: {o.reason}"
            for o in self.outcomes
            if o.outcome in ("failed", "needs_ocr", HELD)
        ]
        if self.changes:
            lines += [f"MOVED: {old} -> {new}" for old, new in self.changes.moved]
            lines += [
                f"WITHDRAWN: {name}: no longer in its folder (facts kept, out of the marts)"
                for name in self.changes.withdrawn
            ]
            lines += [f"RETURNED: {name}" for name in self.changes.returned]
        lines += [f"SKIPPED: {s.path}: {s.reason}" for s in self.skipped]
        if self.interrupted_runs:
            lines.append(
                f"INTERRUPTED: {self.interrupted_runs} earlier run(s) did not finish (killed?); "
                "this run took up their work"
            )
        return lines


def unchanged_outcome(source: SourceFile, document_id: str) -> FileOutcome:
    return FileOutcome(source.source_file, "unchanged", document_id)


def loaded_outcome(facts: Facts, previously_known: bool) -> FileOutcome:
    status = facts.document.status
    if status == "ok":
        name = "updated" if previously_known else "new"
    else:
        name = status
    return FileOutcome(
        source_file=facts.document.source_file,
        outcome=name,
        document_id=facts.document.document_id,
        facts={"documents": 1, **facts.count_by_table()},
        reason=facts.document.status_reason,
    )


def load_error(error: duckdb.Error) -> str:
    """What a failed load says: a full disk in so many words, else the error's first line."""
    text = str(error).strip()
    first_line = text.splitlines()[0] if text else repr(error)
    if "No space left on device" in text or "disk is full" in text.lower():
        return f"could not load it into the warehouse: the disk is full ({first_line})"
    return f"could not load it into the warehouse: {first_line}"


def unloaded_outcome(facts: Facts, reason: str) -> FileOutcome:
    """A document whose load failed (its transaction rolled back: the loaded
    version, if any, is whole); it is tried again on the next run."""
    return FileOutcome(facts.document.source_file, "failed", facts.document.document_id, {}, reason)


def note_unloaded(db_path: Path, source_file: str, reason: str, wait: float) -> None:
    """Note beside the loaded version (``last_error``) why its new version
    could not be loaded, on a connection of its own (the failed one may be
    unusable); when even that cannot be written, the summary says it."""
    try:
        con = open_database(db_path, wait=wait)
        try:
            record_failure(con, source_file, reason)
        finally:
            con.close()
    except duckdb.Error as error:
        logger.warning("could not note the failure of %s either: %s", source_file, error)


def held_reason(
    con: duckdb.DuckDBPyConnection, facts: Facts, previous: Loaded | None
) -> str | None:
    """Why a new version of a loaded document is held for review instead of
    replacing it, or None. The rule: the loaded version has at least
    ``HOLD_MIN_FACTS`` amounts, actions and indicator values, and the new one
    fewer than ``HOLD_SHARE`` of them (a file truncated, emptied, or replaced
    by a scan that cannot be read). The same content re-extracted by a new
    release is not a new version: it is loaded."""
    if previous is None or previous.status != "ok" or previous.sha256 == facts.document.sha256:
        return None
    before = key_facts(con, previous.document_id)
    counts = facts.count_by_table()
    after = sum(counts.get(table, 0) for table in KEY_FACTS)
    if before < HOLD_MIN_FACTS or after >= HOLD_SHARE * before:
        return None
    return (
        f"new version held for review: {after} amounts, actions and indicator values "
        f"where the loaded version has {before}; the loaded version is kept "
        "(calpae ingest --accept to take the new one)"
    )


def load(
    con: duckdb.DuckDBPyConnection, facts: Facts, loaded: dict, accept: bool = False
) -> FileOutcome:
    """Load one document's facts; a failed new version of a loaded document
    leaves the loaded one whole, with the failure noted beside it (retried on
    the next run); a document failing again counts its attempts. A new
    version that loses most of the loaded facts is held (``held_reason``)
    unless ``accept``."""
    document = facts.document
    previous = loaded.get(document.source_file)
    reason = None if accept or document.status == "failed" else held_reason(con, facts, previous)
    if reason and previous is not None:
        record_held(con, previous.document_id, document.source_file, reason)
        return FileOutcome(document.source_file, HELD, previous.document_id, {}, reason)
    if document.status == "failed":
        reason = document.status_reason or "failed"
        if record_failure(con, document.source_file, reason):
            return FileOutcome(document.source_file, "failed", document.document_id, {}, reason)
        attempts = failed_attempts(con, document.source_file) + 1
        document = replace(document, last_error=reason, failed_attempts=attempts)
        facts = replace(facts, document=document)
    replace_document(con, facts)
    return loaded_outcome(facts, facts.document.source_file in loaded)


class IngestRunning(Exception):
    """Another ingest holds the warehouse's ingest lock."""


@contextmanager
def only_ingest(db_path: Path) -> Iterator[None]:
    """Hold the ingest lock of the warehouse at ``db_path`` (an ``flock`` on
    ``<db>.ingest.lock`` beside it, holding the pid): one ingest at a time. A
    second one stops at once with ``IngestRunning``, before reading anything
    or touching the runs of the first (never marked interrupted while it is
    alive); the lock goes with its process, killed or not."""
    lock = db_path.with_name(db_path.name + ".ingest.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IngestRunning(
                f"another ingest is running on {db_path} ({holder}): "
                "this one stops, try again when it is done"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, since {datetime.now():%Y-%m-%d %H:%M:%S}\n")
        handle.flush()
        yield


Process = Callable[[list[SourceFile], datetime, Settings], Iterator[Facts]]


def ingest(
    paths: Iterable[Path],
    db_path: Path,
    workers: int | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    process: Process | None = None,
    settings: Settings | None = None,
    accept: bool = False,
) -> RunSummary:
    """One run: follow the folders, read and extract what changed, load each
    document as it completes (one writer), record the run. ``settings`` give
    the limits and knobs (the defaults when None; ``workers`` overrides
    theirs). ``process`` turns the documents to read into their facts as they
    complete: worker processes by default (``process_all``, which says when
    the next document is at hand: the warehouse stays open for it); the
    Prefect flow on Dask passes its own. ``accept``: new versions that lose
    most of their document's facts are loaded instead of held."""
    settings = settings or Settings()
    if workers is not None:
        settings = replace(settings, workers=workers)
    check(settings)
    process = process or process_all
    started = time.perf_counter()
    paths = list(paths)
    discovery = discover_all(paths)
    empty = empty_folders(paths, discovery)
    if empty:
        raise NothingToRead(
            f"no document to read in {empty[0]} (read: {', '.join(SUPPORTED_SUFFIXES)}): "
            "nothing ingested, nothing withdrawn"
        )
    with only_ingest(db_path):
        return run(discovery, db_path, settings, process, on_file, on_start, accept, started)


def run(
    discovery: Discovery,
    db_path: Path,
    settings: Settings,
    process: Process,
    on_file: Callable[[FileOutcome], None] | None,
    on_start: Callable[[int], None] | None,
    accept: bool,
    started: float,
) -> RunSummary:
    """The run itself, once it is the only ingest of its warehouse."""
    sources = discovery.sources
    if on_start:
        on_start(len(sources))
    outcomes: list[FileOutcome] = []

    def report(outcome: FileOutcome) -> None:
        outcomes.append(outcome)
        log_outcome(outcome)
        if on_file:
            on_file(outcome)

    now = datetime.now().replace(microsecond=0)
    run_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    # migrations and models; the registry follows the folders. A warehouse this
    # run creates gets its models while the workers read (``models_meanwhile``)
    new_warehouse = not db_path.exists()
    con = connect(db_path, wait=settings.lock_wait, models=not new_warehouse)
    try:
        interrupted = start_run(con, run_id, now)
        changes = follow_folders(con, discovery, loaded_documents(con), now, settings.max_bytes)
        loaded = loaded_documents(con)  # after the moves
        batch = plan_batch(sources, loaded, settings.max_bytes)
        record_skipped(con, discovery.folders, discovery.skipped + batch.copies, now)
    finally:
        con.close()
    unchanged, todo = batch.unchanged, batch.todo
    logger.info(
        "run %s: %d file(s) found, %d to read, %d unchanged, %d skipped (warehouse %s)",
        run_id,
        len(sources),
        len(todo),
        len(unchanged),
        len(discovery.skipped) + len(batch.copies),
        db_path,
    )
    if interrupted:
        logger.warning("%d earlier run(s) did not finish (killed?)", interrupted)
    for skipped in discovery.skipped + batch.copies:
        logger.info("skipped %s: %s", skipped.path, skipped.reason)
    copied = {copy.path for copy in batch.copies}
    for source, document_id in unchanged:
        if source.source_file not in copied:
            report(unchanged_outcome(source, document_id))
    ingested_at = datetime.now().replace(microsecond=0)
    with (
        stop_signals() as stops,
        ThreadPoolExecutor(1, thread_name_prefix="calpae-models") as meanwhile,
        Loader(db_path, settings, stops) as loader,
    ):
        models = meanwhile.submit(models_meanwhile, db_path, settings, new_warehouse)
        completing = process(todo, ingested_at, settings)
        for facts in completing:
            models.result()  # before the first load (raises what it raised)
            report(loader.load(facts, loaded, accept))
            stops.check()  # a stop DuckDB took for a statement's error
            if not next_is_ready(completing):
                loader.release()  # no lock held while the readers read
        models.result()

    summary = RunSummary(
        outcomes,
        time.perf_counter() - started,
        discovery.skipped + batch.copies,
        changes,
        interrupted,
    )
    con = open_database(db_path, wait=settings.lock_wait)
    try:
        failed = sum(1 for o in outcomes if o.outcome == "failed")
        finish_run(con, run_id, len(outcomes), failed, datetime.now().replace(microsecond=0))
    finally:
        con.close()
    counts = ", ".join(f"{n} {name}" for name, n in summary.counts.items() if n)
    logger.info("run %s done in %.1f s: %s", run_id, summary.seconds, counts or "nothing")
    return summary


def models_meanwhile(db_path: Path, settings: Settings, new_warehouse: bool) -> None:
    """A warehouse this run created: its models made (``refresh_models``),
    in a thread of the run's process, on a connection of its own, while the
    workers read the first documents (half a second a run no longer waits).
    Any other warehouse had its models brought up to date as the run began."""
    if not new_warehouse:
        return
    con = open_database(db_path, wait=settings.lock_wait)
    try:
        refresh_models(con)
    finally:
        con.close()


class Loader:
    """The run's one writer: each document loaded in a transaction of its
    own, on a connection opened for the first and kept open while the next
    document is at hand; ``release`` closes it (the run does whenever it
    waits for the readers: another process may then open the warehouse, an
    analyst's query or the report). Opening and closing the warehouse around
    every document (its catalogue read, its log written into the file) took
    half of the loads' time, on the run's critical path."""

    def __init__(self, db_path: Path, settings: Settings, stops: StopSignals | None = None):
        self.db_path = db_path
        self.settings = settings
        self.stops = stops
        self.con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def load(self, facts: Facts, loaded: dict, accept: bool) -> FileOutcome:
        """One document's load. A load that fails (disk full, I/O error:
        rolled back) is noted on the document, on a connection of its own
        (the failed one is closed). A load that fails because the run was
        stopped (``stops``: DuckDB takes the signal for its statement's
        error) is no failure of the document: the stop is raised."""
        if self.con is None:
            self.con = open_database(self.db_path, wait=self.settings.lock_wait)
        try:
            return load(self.con, facts, loaded, accept)
        except Exception as error:
            self.release()
            if self.stops is not None:
                self.stops.check(error)
            if not isinstance(error, duckdb.Error):
                raise
            reason = load_error(error)
            wait = self.settings.lock_wait
            note_unloaded(self.db_path, facts.document.source_file, reason, wait)
            return unloaded_outcome(facts, reason)

    def release(self) -> None:
        """The warehouse closed, if it is open."""
        if self.con is not None:
            con, self.con = self.con, None
            con.close()


def next_is_ready(completing: Iterator[Facts]) -> bool:
    """Whether the next facts are at hand: only a ``process`` that can tell
    (``pool.Completing``) says so; for any other, the warehouse is closed
    after each load."""
    ready = getattr(completing, "ready", None)
    return bool(ready and ready())


def log_outcome(outcome: FileOutcome) -> None:
    """One line per document: debug when unchanged, a warning when it failed
    or was held, else info."""
    reason = f": {outcome.reason}" if outcome.reason else ""
    if outcome.outcome in ("failed", HELD, "needs_ocr"):
        level = logging.WARNING
    elif outcome.outcome == "unchanged":
        level = logging.DEBUG
    else:
        level = logging.INFO
    logger.log(level, "%s %s%s", outcome.outcome, outcome.source_file, reason)
