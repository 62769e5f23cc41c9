"""Worker processes: documents read and extracted in parallel, each process
under a memory limit (and each document under its time limit, an alarm in the
worker's main thread); a worker that dies fails only the documents it held.
Every document is read here, whatever their number and whichever runner
(the CLI, the Python API, the Prefect flow).

The readers and extractors (``work``) are imported by the workers, where
they run: the run's own process reads no document, so it starts its workers
without loading them (a fifth of a second sooner)."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import resource
import tempfile
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from calpae.settings import Settings
from calpae.warehouse.records import Facts
from calpae.warehouse.registry import SourceFile

logger = logging.getLogger(__name__)
Work = Callable[[SourceFile, datetime], Facts]
DEFAULTS = Settings()


@dataclass
class Pending:
    """The documents the running pool has not handed on yet."""

    futures: dict[Future[Facts], SourceFile] = field(default_factory=dict)

    def ready(self) -> bool:
        """Whether one of them has its facts: the next is at hand (a worker's
        failure is not: a broken pool hands on no facts before it starts again)."""
        return any(
            future.done() and not future.cancelled() and future.exception() is None
            for future in self.futures
        )


class Completing(Iterator[Facts]):
    """The facts of the documents as they complete, and whether the next one
    has completed already (``ready``): the run keeps the warehouse open for
    it rather than closing it between two loads."""

    def __init__(self, facts: Iterator[Facts], pending: Pending) -> None:
        self.facts = facts
        self.pending = pending

    def __next__(self) -> Facts:
        return next(self.facts)

    def ready(self) -> bool:
        return self.pending.ready()


def process_all(
    todo: list[SourceFile],
    ingested_at: datetime,
    settings: Settings = DEFAULTS,
    work: Work | None = None,
) -> Completing:
    """Facts of every file, as they complete (``Completing``, see ``facts_of``)."""
    pending = Pending()
    return Completing(facts_of(todo, ingested_at, settings, work, pending), pending)


def facts_of(
    todo: list[SourceFile],
    ingested_at: datetime,
    settings: Settings,
    work: Work | None,
    pending: Pending,
) -> Iterator[Facts]:
    """Facts of every file, as they complete; always in worker processes
    under the memory limit (a single document too: nothing is read in the
    calling process), the largest started first so that workers end
    together. A worker that dies (killed, out of memory) breaks the pool: the
    documents that were running are tried again one by one, each alone in a
    fresh worker, and fail only if they kill it again; the documents not yet
    started go on in a new pool. ``settings`` give the number of workers, their
    memory and the documents' limits; ``work`` is ``work.process_file`` unless
    given. ``pending`` holds the documents of the running pool not yet
    handed on."""
    work = work or partial(read_file, settings=settings)
    workers, memory = settings.workers, settings.max_worker_memory
    if not todo:
        return
    queue = sorted(todo, key=size_of, reverse=True)
    logger.debug("%d document(s) to read in %d worker process(es)", len(queue), workers)
    with tempfile.TemporaryDirectory(prefix="calpae-run-") as folder:
        marks = Path(folder)
        while queue:
            size = (workers, memory)
            unfinished = yield from pool_round(queue, ingested_at, size, work, marks, pending)
            started = [s for s in unfinished if (marks / mark_name(s)).exists()]
            if len(unfinished) == len(queue) and not started:  # no worker reached a document
                for source in queue:
                    yield crashed(source, ingested_at, NoWorker())
                return
            if unfinished:
                logger.warning(
                    "a worker process died: %d document(s) it may have held tried again, "
                    "each alone; %d not yet started go on in a new pool",
                    len(started),
                    len(unfinished) - len(started),
                )
            for source in started:
                logger.info("retrying %s alone", source.source_file)
                alone = (1, memory)
                yield from pool_round([source], ingested_at, alone, work, marks, pending, True)
            queue = [s for s in unfinished if s not in started]


def pool_round(
    queue: list[SourceFile],
    ingested_at: datetime,
    size: tuple[int, int],
    work: Work,
    marks: Path,
    pending: Pending,
    last_try: bool = False,
) -> Generator[Facts, None, list[SourceFile]]:
    """One pool over ``queue`` of ``size`` (workers, bytes of memory each):
    yields what completes (``pending``: what it has not yielded yet); returns
    the documents a broken pool left unfinished (none on the last try: they
    fail)."""
    workers, memory = size
    context = multiprocessing.get_context("spawn")
    unfinished: list[SourceFile] = []
    with ProcessPoolExecutor(
        max_workers=min(workers, len(queue)),
        mp_context=context,
        initializer=limit_memory,
        initargs=(memory,),
    ) as pool:
        futures = {pool.submit(marked, work, s, ingested_at, marks): s for s in queue}
        pending.futures = futures
        # every document is queued: a worker leaves as soon as the queue has no
        # more for it, while the run loads the last documents (the pool's exit
        # would otherwise wait for the workers to end after the last load)
        pool.shutdown(wait=False)
        for future in as_completed(futures):
            source = futures.pop(future)  # let go of its facts once loaded
            try:
                yield future.result()
            except BrokenProcessPool as error:
                if last_try:
                    yield crashed(source, ingested_at, error)
                else:
                    unfinished.append(source)
            except Exception as error:  # the task itself could not run
                yield crashed(source, ingested_at, error)
    return unfinished


def read_file(source: SourceFile, ingested_at: datetime, settings: Settings = DEFAULTS) -> Facts:
    """A worker's job: ``work.process_file``, imported in the worker."""
    from calpae.ingest.work import process_file

    return process_file(source, ingested_at, settings)


def limit_memory(size: int) -> None:
    """In a worker process: its address space is at most ``size`` bytes (a
    document needing more fails with MemoryError, or kills the worker and
    fails alone), so that one document cannot starve the machine."""
    if size > 0:
        resource.setrlimit(resource.RLIMIT_AS, (size, size))


class NoWorker(RuntimeError):
    """Worker processes die as they start, before any document: none can be read."""

    def __str__(self) -> str:
        return (
            "no worker process could start (each died before reading a document: too "
            "little memory for Python under CALPAE_MAX_WORKER_MEMORY, or a broken interpreter)"
        )


def crash_reason(error: Exception) -> str:
    """What a document whose worker died or could not run it says."""
    if isinstance(error, BrokenProcessPool):
        return (
            "the worker process died while reading it (killed, out of memory, or over its CPU "
            "time: CALPAE_MAX_SECONDS), twice"
        )
    if isinstance(error, NoWorker):
        return str(error)
    return f"worker crashed: {error!r}"


def crashed(source: SourceFile, ingested_at: datetime, error: Exception) -> Facts:
    """The failed document of a worker's crash (``work.crashed_facts``: rare,
    so imported here only then)."""
    from calpae.ingest.work import crashed_facts

    return crashed_facts(source, ingested_at, crash_reason(error))


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


def read_alone(source: SourceFile, ingested_at: datetime, settings: Settings = DEFAULTS) -> Facts:
    """One document read in a limited worker process of its own (its memory
    and time limits hold): for a runner whose own workers are threads or
    processes without limits (a Dask worker)."""
    alone = replace(settings, workers=1)
    (facts,) = process_all([source], ingested_at, alone)
    return facts
