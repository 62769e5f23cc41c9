"""One document's work, pure with respect to the warehouse: read it, extract
its findings, map them to records; within its limits (bytes, pages, wall
time), and never raising for a bad file: a file that cannot be read, a reader
or an extractor error, a breached limit become a ``failed`` document with its
reason. It runs in a worker process (``pool``) or a Prefect task."""

from __future__ import annotations

import resource
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from calpae.extract.document import Given, extract_document
from calpae.readers.document import read_document, sha256_of, sha256_of_file, source_format_of
from calpae.readers.pdf.settings import PdfSettings
from calpae.schemas.ir import Document
from calpae.settings import Settings
from calpae.warehouse.records import Facts
from calpae.warehouse.registry import SourceFile
from calpae.warehouse.rows import facts_of

DEFAULTS = Settings()


def document_facts(
    document: Document,
    source: SourceFile,
    size: int,
    ingested_at: datetime,
    settings: Settings = DEFAULTS,
) -> Facts:
    """The records of a read document: its findings, mapped."""
    manifest = source.manifest
    given = Given(
        name=source.source_file,
        department_code=manifest.department_code if manifest else None,
        doc_type=manifest.doc_type if manifest else None,
        in_manifest=manifest is not None,
        ocr_min_confidence=settings.ocr_min_confidence,
    )
    return facts_of(document, extract_document(document, given), source, size, ingested_at)


def process_file(source: SourceFile, ingested_at: datetime, settings: Settings = DEFAULTS) -> Facts:
    """Read and extract one file: pure with respect to the warehouse, so it can
    run in a worker process or a Prefect task. Never raises for a bad file: a
    file that cannot be read (permissions, deleted during the run), a reader
    or an extractor error becomes a ``failed`` document with its reason."""
    limits = settings.limits
    try:
        size = source.path.stat().st_size
        if size > limits.max_bytes:
            return failed_facts(
                source,
                ingested_at,
                f"{size:,} bytes: over the limit of {limits.max_bytes:,} (CALPAE_MAX_BYTES)",
                size=size,
            )
        data = source.path.read_bytes()
    except OSError as error:
        return unreadable_facts(source, ingested_at, error)
    reason = f"took over {limits.max_seconds:g} s (CALPAE_MAX_SECONDS): stopped"
    started = time.monotonic()
    try:
        with time_limit(limits.max_seconds), cpu_limit(limits.max_seconds):
            facts = read_and_extract(source, data, ingested_at, settings)
    except DocumentTimeout:
        return failed_facts(source, ingested_at, reason, data)
    if 0 < limits.max_seconds < time.monotonic() - started:
        # the alarm rang inside compiled code that could not raise it (a model
        # being unpacked): the limit holds all the same
        return failed_facts(source, ingested_at, reason, data)
    return facts


def read_and_extract(
    source: SourceFile, data: bytes, ingested_at: datetime, settings: Settings = DEFAULTS
) -> Facts:
    limits = settings.limits
    pdf = PdfSettings(ocr_max_pages=settings.ocr_max_pages, ocr_timeout=settings.ocr_timeout)
    document = read_document(source.path, data, pdf)
    if len(document.pages) > limits.max_pages:
        document.status = "failed"
        document.error = (
            f"{len(document.pages)} pages: over the limit of {limits.max_pages} (CALPAE_MAX_PAGES)"
        )
        document.pages = []
    try:
        return document_facts(document, source, len(data), ingested_at, settings)
    except Exception as error:  # an extractor bug must not stop the batch
        document.status, document.error = "failed", f"extraction error: {error!r}"
        document.pages = []
        return document_facts(document, source, len(data), ingested_at, settings)


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


CPU_GRACE = 10.0


@contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """The alarm's backstop: compiled code that never returns to Python (a
    reader spinning on a hostile file) cannot be stopped by it, so the
    process may use at most ``2 * seconds + CPU_GRACE`` more seconds of CPU
    (RLIMIT_CPU: past it the kernel ends the process; its document fails alone
    as one whose worker died). Twice the wall time: a document's threads may
    add up to more CPU than wall time."""
    if seconds <= 0:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    budget = int(usage.ru_utime + usage.ru_stime + 2 * seconds + CPU_GRACE) + 1
    if hard != resource.RLIM_INFINITY:
        budget = min(budget, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (budget, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def failed_facts(
    source: SourceFile,
    ingested_at: datetime,
    reason: str,
    data: bytes | None = None,
    size: int | None = None,
    sha256: str | None = None,
) -> Facts:
    """A failed document and its reason, named by its content (``data``, or
    its ``sha256``) or, without it (the file could not be read, or was not
    read), by its path."""
    if sha256 is None:
        content = data if data is not None else f"unread:{source.source_file}".encode()
        sha256 = sha256_of(content)
    head = data[:1024] if data is not None else b""
    document = Document(str(source.path), sha256, source_format_of(source.path, head))
    document.status, document.error = "failed", reason
    if size is None:
        size = len(data) if data is not None else 0
    return document_facts(document, source, size, ingested_at)


def crashed_facts(source: SourceFile, ingested_at: datetime, reason: str) -> Facts:
    """A document whose worker died or could not run it (``reason``, from
    ``pool.crash_reason``), named by its content (hashed as it streams: the
    file is not read whole here)."""
    try:
        size = source.path.stat().st_size
        sha256 = sha256_of_file(source.path)
    except OSError as read_error:
        return unreadable_facts(source, ingested_at, read_error)
    return failed_facts(source, ingested_at, reason, size=size, sha256=sha256)


def unreadable_facts(source: SourceFile, ingested_at: datetime, error: OSError) -> Facts:
    reason = (
        "file disappeared during the run"
        if isinstance(error, FileNotFoundError)
        else f"cannot read the file: {error.strerror or error}"
    )
    return failed_facts(source, ingested_at, reason)
