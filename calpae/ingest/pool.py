"""Worker processes: documents read and extracted in parallel, each process
under a memory limit (and each document under its time limit, an alarm in the
worker's main thread); a worker that dies fails only the documents it held.
Every document is read here, whatever their number and whichever runner
(the CLI, the Python API, the Prefect flow)."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import tempfile
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path

from calpae.ingest.work import NoWorker, crashed_facts, limit_memory, process_file
from calpae.settings import Settings
from calpae.warehouse.records import Facts
from calpae.warehouse.registry import SourceFile

logger = logging.getLogger(__name__)
Work = Callable[[SourceFile, datetime], Facts]
DEFAULTS = Settings()


def process_all(
    todo: list[SourceFile],
    ingested_at: datetime,
    settings: Settings = DEFAULTS,
    work: Work | None = None,
) -> Iterator[Facts]:
    """Facts of every file, as they complete; always in worker processes
    under the memory limit (a single document too: nothing is read in the
    calling process), the largest started first so that workers end
    together. A worker that dies (killed, out of memory) breaks the pool: the
    documents that were running are tried again one by one, each alone in a
    fresh worker, and fail only if they kill it again; the documents not yet
    started go on in a new pool. ``settings`` give the number of workers, their
    memory and the documents' limits; ``work`` is ``work.process_file`` unless
    given."""
    work = work or partial(process_file, settings=settings)
    workers, memory = settings.workers, settings.max_worker_memory
    if not todo:
        return
    queue = sorted(todo, key=size_of, reverse=True)
    logger.debug("%d document(s) to read in %d worker process(es)", len(queue), workers)
    with tempfile.TemporaryDirectory(prefix="calpae-run-") as folder:
        marks = Path(folder)
        while queue:
            unfinished = yield from pool_round(queue, ingested_at, (workers, memory), work, marks)
            started = [s for s in unfinished if (marks / mark_name(s)).exists()]
            if len(unfinished) == len(queue) and not started:  # no worker reached a document
                for source in queue:
                    yield crashed_facts(source, ingested_at, NoWorker())
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
                yield from pool_round([source], ingested_at, alone, work, marks, last_try=True)
            queue = [s for s in unfinished if s not in started]


def pool_round(
    queue: list[SourceFile],
    ingested_at: datetime,
    size: tuple[int, int],
    work: Work,
    marks: Path,
    last_try: bool = False,
) -> Generator[Facts, None, list[SourceFile]]:
    """One pool over ``queue`` of ``size`` (workers, bytes of memory each):
    yields what completes; returns the documents a broken pool left
    unfinished (none on the last try: they fail)."""
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


def read_alone(source: SourceFile, ingested_at: datetime, settings: Settings = DEFAULTS) -> Facts:
    """One document read in a limited worker process of its own (its memory
    and time limits hold): for a runner whose own workers are threads or
    processes without limits (a Dask worker)."""
    alone = replace(settings, workers=1)
    (facts,) = process_all([source], ingested_at, alone)
    return facts
