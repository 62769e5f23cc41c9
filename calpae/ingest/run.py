"""One ingestion run: find the files, skip the unchanged ones, read and extract
the others (in parallel processes, holding no lock on the warehouse), load
each in its own transaction (taking the write lock for that load only), and
sum it all up.

The same functions serve the CLI (``calpae ingest``) and the Prefect flow.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import resource
import signal
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import duckdb

from calpae.extract.document import extract_facts
from calpae.readers.document import read_document, source_format_of
from calpae.schemas.ir import Document
from calpae.warehouse.database import connect, open_database
from calpae.warehouse.load import (
    failed_attempts,
    finish_run,
    record_failure,
    replace_document,
    start_run,
)
from calpae.warehouse.records import Facts
from calpae.warehouse.registry import (
    FolderChanges,
    Skipped,
    SourceFile,
    discover_all,
    follow_folders,
    loaded_documents,
    plan_batch,
    record_skipped,
    sha256_of,
)

OUTCOMES = ("new", "updated", "unchanged", "failed", "needs_ocr")


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
        return {name: found.get(name, 0) for name in OUTCOMES}

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
            if o.outcome in ("failed", "needs_ocr")
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


def process_file(source: SourceFile, ingested_at: datetime) -> Facts:
    """Read and extract one file: pure with respect to the warehouse, so it can
    run in a worker process or a Prefect task. Never raises for a bad file: a
    file that cannot be read (permissions, deleted during the run), a reader
    or an extractor error becomes a ``failed`` document with its reason."""
    try:
        size = source.path.stat().st_size
        if size > limits().max_bytes:
            return failed_facts(
                source,
                ingested_at,
                f"{size:,} bytes: over the limit of {limits().max_bytes:,} (CALPAE_MAX_BYTES)",
                size=size,
            )
        data = source.path.read_bytes()
    except OSError as error:
        return unreadable_facts(source, ingested_at, error)
    reason = f"took over {limits().max_seconds:g} s (CALPAE_MAX_SECONDS): stopped"
    started = time.monotonic()
    try:
        with time_limit(limits().max_seconds):
            facts = read_and_extract(source, data, ingested_at)
    except DocumentTimeout:
        return failed_facts(source, ingested_at, reason, data)
    if 0 < limits().max_seconds < time.monotonic() - started:
        # the alarm rang inside compiled code that could not raise it (a model
        # being unpacked): the limit holds all the same
        return failed_facts(source, ingested_at, reason, data)
    return facts


def read_and_extract(source: SourceFile, data: bytes, ingested_at: datetime) -> Facts:
    document = read_document(source.path, data)
    if len(document.pages) > limits().max_pages:
        document.status = "failed"
        document.error = (
            f"{len(document.pages)} pages: over the limit of {limits().max_pages} "
            "(CALPAE_MAX_PAGES)"
        )
        document.pages = []
    try:
        return extract_facts(document, source, len(data), ingested_at)
    except Exception as error:  # an extractor bug must not stop the batch
        document.status, document.error = "failed", f"extraction error: {error!r}"
        document.pages = []
        return extract_facts(document, source, len(data), ingested_at)


@dataclass(frozen=True)
class Limits:
    """Per-document limits, from the environment: a breach fails that document
    alone, with its reason."""

    max_bytes: int
    max_pages: int
    max_seconds: float
    max_worker_memory: int
    """Bytes of address space a worker process may use (0: no limit)."""


def limits() -> Limits:
    return Limits(
        max_bytes=int(os.environ.get("CALPAE_MAX_BYTES", str(200 * 2**20))),
        max_pages=int(os.environ.get("CALPAE_MAX_PAGES", "3000")),
        max_seconds=float(os.environ.get("CALPAE_MAX_SECONDS", "1800")),
        max_worker_memory=int(os.environ.get("CALPAE_MAX_WORKER_MEMORY", str(3 * 2**30))),
    )


def limit_memory(size: int) -> None:
    """In a worker process: its address space is at most ``size`` bytes (a
    document needing more fails with MemoryError, or kills the worker and
    fails alone), so that one document cannot starve the machine."""
    if size > 0:
        resource.setrlimit(resource.RLIMIT_AS, (size, size))


class DocumentTimeout(BaseException):
    """A document took longer than its wall-time limit (a BaseException: no
    handler of ordinary errors on the way may swallow it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the work after ``seconds`` of wall time (an alarm: in a process's
    main thread, as in the workers and the CLI; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def failed_facts(
    source: SourceFile,
    ingested_at: datetime,
    reason: str,
    data: bytes | None = None,
    size: int | None = None,
) -> Facts:
    """A failed document and its reason. Without content to be named by (the
    file could not be read, or was not read), it is named by its path."""
    content = data if data is not None else f"unread:{source.source_file}".encode()
    document = Document(
        str(source.path), sha256_of(content), source_format_of(source.path, data or b"")
    )
    document.status, document.error = "failed", reason
    if size is None:
        size = len(data) if data is not None else 0
    return extract_facts(document, source, size, ingested_at)


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


def unloaded_outcome(facts: Facts, error: duckdb.Error) -> FileOutcome:
    """A document whose load failed (its transaction rolled back: the loaded
    version, if any, is whole); it is tried again on the next run."""
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    return FileOutcome(
        facts.document.source_file,
        "failed",
        facts.document.document_id,
        {},
        f"could not load it into the warehouse: {first_line}",
    )


def load(con: duckdb.DuckDBPyConnection, facts: Facts, loaded: dict) -> FileOutcome:
    """Load one document's facts; a failed new version of a loaded document
    leaves the loaded one whole, with the failure noted beside it (retried on
    the next run); a document failing again counts its attempts."""
    document = facts.document
    if document.status == "failed":
        reason = document.status_reason or "failed"
        if record_failure(con, document.source_file, reason):
            return FileOutcome(document.source_file, "failed", document.document_id, {}, reason)
        attempts = failed_attempts(con, document.source_file) + 1
        document = replace(document, last_error=reason, failed_attempts=attempts)
        facts = replace(facts, document=document)
    replace_document(con, facts)
    return loaded_outcome(facts, facts.document.source_file in loaded)


Work = Callable[[SourceFile, datetime], Facts]
Process = Callable[[list[SourceFile], datetime, int], Iterator[Facts]]


def ingest(
    paths: Iterable[Path],
    db_path: Path,
    workers: int = 2,
    on_file: Callable[[FileOutcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    process: Process | None = None,
) -> RunSummary:
    """One run: follow the folders, read and extract what changed, load each
    document as it completes (one writer), record the run. ``process`` turns
    the documents to read into their facts as they complete: worker
    processes by default (``process_all``); the Prefect flow passes its
    tasks."""
    process = process or process_all
    started = time.perf_counter()
    discovery = discover_all(list(paths))
    sources = discovery.sources
    if on_start:
        on_start(len(sources))
    outcomes: list[FileOutcome] = []

    def report(outcome: FileOutcome) -> None:
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)

    now = datetime.now().replace(microsecond=0)
    run_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    con = connect(db_path)  # migrations and models; the registry follows the folders
    try:
        interrupted = start_run(con, run_id, now)
        changes = follow_folders(con, discovery, loaded_documents(con), now)
        loaded = loaded_documents(con)  # after the moves
        batch = plan_batch(sources, loaded)
        record_skipped(con, discovery.folders, discovery.skipped + batch.copies, now)
    finally:
        con.close()
    unchanged, todo = batch.unchanged, batch.todo
    copied = {copy.path for copy in batch.copies}
    for source, document_id in unchanged:
        if source.source_file not in copied:
            report(unchanged_outcome(source, document_id))
    ingested_at = datetime.now().replace(microsecond=0)
    for facts in process(todo, ingested_at, workers):  # no lock held while reading
        con = open_database(db_path)  # the write lock, for one document's load
        try:
            report(load(con, facts, loaded))
        except duckdb.Error as error:  # disk full, I/O error: the load rolled back
            report(unloaded_outcome(facts, error))
        finally:
            con.close()
    summary = RunSummary(
        outcomes,
        time.perf_counter() - started,
        discovery.skipped + batch.copies,
        changes,
        interrupted,
    )
    con = open_database(db_path)
    try:
        failed = sum(1 for o in outcomes if o.outcome == "failed")
        finish_run(con, run_id, len(outcomes), failed, datetime.now().replace(microsecond=0))
    finally:
        con.close()
    return summary


def process_all(
    todo: list[SourceFile], ingested_at: datetime, workers: int, work: Work = process_file
) -> Iterator[Facts]:
    """Facts of every file, as they complete; in worker processes when there
    are several files, the largest started first so that workers end
    together. A worker that dies (killed, out of memory) breaks the pool: the
    documents that were running are tried again one by one, each alone in a
    fresh worker, and fail only if they kill it again; the documents not yet
    started go on in a new pool."""
    if workers <= 1 or len(todo) <= 1:
        for source in todo:
            yield work(source, ingested_at)
        return
    queue = sorted(todo, key=size_of, reverse=True)
    with tempfile.TemporaryDirectory(prefix="calpae-run-") as folder:
        marks = Path(folder)
        while queue:
            unfinished = yield from pool_round(queue, ingested_at, workers, work, marks)
            started = [s for s in unfinished if (marks / mark_name(s)).exists()]
            for source in started:
                yield from pool_round([source], ingested_at, 1, work, marks, last_try=True)
            queue = [s for s in unfinished if s not in started]


def pool_round(
    queue: list[SourceFile],
    ingested_at: datetime,
    workers: int,
    work: Work,
    marks: Path,
    last_try: bool = False,
) -> Generator[Facts, None, list[SourceFile]]:
    """One pool over ``queue``: yields what completes; returns the documents a
    broken pool left unfinished (none on the last try: they fail)."""
    context = multiprocessing.get_context("spawn")
    unfinished: list[SourceFile] = []
    with ProcessPoolExecutor(
        max_workers=min(workers, len(queue)),
        mp_context=context,
        initializer=limit_memory,
        initargs=(limits().max_worker_memory,),
    ) as pool:
        futures = {pool.submit(marked, work, s, ingested_at, marks): s for s in queue}
        for future in as_completed(futures):
            source = futures.pop(future)  # let go of its facts once loaded
            try:
                yield future.result()
            except BrokenProcessPool as error:
                if last_try:
                    yield crashed_facts(source, ingested_at, error)
                else:
                    unfinished.append(source)
            except Exception as error:  # the task itself could not run
                yield crashed_facts(source, ingested_at, error)
    return unfinished


def marked(work: Work, source: SourceFile, ingested_at: datetime, marks: Path) -> Facts:
    """``work``, with a mark on disk while it runs: who was running when a
    worker died."""
    mark = marks / mark_name(source)
    mark.touch()
    facts = work(source, ingested_at)
    mark.unlink(missing_ok=True)
    return facts


def mark_name(source: SourceFile) -> str:
    return hashlib.sha1(source.source_file.encode()).hexdigest()


def size_of(source: SourceFile) -> int:
    try:
        return source.path.stat().st_size
    except OSError:
        return 0


def crashed_facts(source: SourceFile, ingested_at: datetime, error: Exception) -> Facts:
    try:
        data = source.path.read_bytes()
    except OSError as read_error:
        return unreadable_facts(source, ingested_at, read_error)
    reason = (
        "the worker process died while reading it (killed, or out of memory), twice"
        if isinstance(error, BrokenProcessPool)
        else f"worker crashed: {error!r}"
    )
    return failed_facts(source, ingested_at, reason, data)


def unreadable_facts(source: SourceFile, ingested_at: datetime, error: OSError) -> Facts:
    reason = (
        "file disappeared during the run"
        if isinstance(error, FileNotFoundError)
        else f"cannot read the file: {error.strerror or error}"
    )
    return failed_facts(source, ingested_at, reason)
