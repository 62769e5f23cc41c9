"""One ingestion run: find the files, skip the unchanged ones, read and extract
the others (in parallel processes), load each in its own transaction, and sum
it all up.

The same functions serve the CLI (``calpae ingest``) and the Prefect flow.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from calpae.pipeline.extract import document_id_of, extract_facts
from calpae.pipeline.ingest import SUPPORTED_SUFFIXES, read_document, sha256_of
from calpae.pipeline.warehouse import connect, known_versions, replace_document
from calpae.schemas.records import Facts

OUTCOMES = ("new", "updated", "unchanged", "failed", "needs_ocr")


@dataclass(frozen=True)
class SourceFile:
    path: Path
    source_file: str
    """The registry key: path relative to the folder it was found in, or the
    file name when the file was named directly."""


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
        return lines


def discover(paths: Iterable[Path]) -> list[SourceFile]:
    """Supported files under the given files and folders, in a stable order."""
    found: list[SourceFile] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(SourceFile(file, file.relative_to(path).as_posix()))
        elif path.exists():
            found.append(SourceFile(path, path.name))
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found


def process_file(path: Path, source_file: str, ingested_at: datetime) -> Facts:
    """Read and extract one file: pure with respect to the warehouse, so it can
    run in a worker process or a Prefect task."""
    data = path.read_bytes()
    document = read_document(path, data)
    try:
        return extract_facts(document, source_file, len(data), ingested_at)
    except Exception as error:  # an extractor bug must not stop the batch
        document.status, document.error = "failed", f"extraction error: {error!r}"
        return extract_facts(document, source_file, len(data), ingested_at)


def outcome_of(facts: Facts, previously_known: bool) -> FileOutcome:
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


def ingest(
    paths: Iterable[Path],
    db_path: Path,
    workers: int = 2,
    on_file: Callable[[FileOutcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> RunSummary:
    started = time.perf_counter()
    sources = discover(paths)
    if on_start:
        on_start(len(sources))
    outcomes: list[FileOutcome] = []

    def report(outcome: FileOutcome) -> None:
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)

    con = connect(db_path)
    try:
        known = known_versions(con)
        unchanged, todo = plan(sources, known)
        for outcome in unchanged:
            report(outcome)
        ingested_at = datetime.now().replace(microsecond=0)
        for facts in _process_all(todo, ingested_at, workers):
            replace_document(con, facts)
            report(outcome_of(facts, facts.document.source_file in known))
    finally:
        con.close()
    return RunSummary(outcomes, time.perf_counter() - started)


def plan(
    sources: list[SourceFile], known: dict[str, tuple[str, str]]
) -> tuple[list[FileOutcome], list[SourceFile]]:
    """Split the files into unchanged ones (no work at all) and ones to process.

    ``known`` maps each loaded source_file to its (sha256, document_id).
    """
    loaded_ids = {document_id for _, document_id in known.values()}
    unchanged: list[FileOutcome] = []
    todo: list[SourceFile] = []
    for source in sources:
        sha = sha256_of(source.path.read_bytes())
        document_id = document_id_of(sha)
        if known.get(source.source_file, (None,))[0] == sha:
            unchanged.append(FileOutcome(source.source_file, "unchanged", document_id))
        elif document_id in loaded_ids:
            unchanged.append(
                FileOutcome(
                    source.source_file,
                    "unchanged",
                    document_id,
                    reason="same content as a file already loaded",
                )
            )
        else:
            todo.append(source)
    return unchanged, todo


def _process_all(todo: list[SourceFile], ingested_at: datetime, workers: int) -> Iterable[Facts]:
    """Facts of every file, in order; in worker processes when it can pay."""
    if workers <= 1 or len(todo) <= 1:
        for source in todo:
            yield process_file(source.path, source.source_file, ingested_at)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(
            process_file,
            [s.path for s in todo],
            [s.source_file for s in todo],
            [ingested_at] * len(todo),
        )
