"""Prefect flow of the nightly ingestion: a thin wrapper over ``pipeline.run.ingest``.

The flow calls the same ``ingest`` as the CLI (the same run loop: folders
followed, limits, one writer loading each document as it completes, the run
recorded); only the reading changes hands: one Prefect task per changed
document, on the flow's task runner, retried on transient I/O errors. The run
summary becomes an artifact, and a run with failed documents ends
``Failed`` (after loading everything it could), so Prefect's automations see
it.

Run locally, no server needed (Prefect starts a temporary one):
    python -m calpae.flows.ingest_flow [PATH ...] [--db FILE]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.futures import as_completed
from prefect.states import Failed, State

from calpae.pipeline.registry import SourceFile
from calpae.pipeline.run import RunSummary, crashed_facts, ingest, process_file
from calpae.pipeline.warehouse import default_db_path
from calpae.schemas.records import Facts


def retry_on_io_error(task, task_run, state) -> bool:  # noqa: ANN001 (Prefect's signature)
    """Retry only what may pass on a second try: I/O errors, not parse errors."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=retry_on_io_error,
    task_run_name="read {source.source_file}",
)
def read_and_extract(source: SourceFile, ingested_at: datetime) -> Facts:
    return process_file(source, ingested_at)


def with_tasks(todo: list[SourceFile], ingested_at: datetime, workers: int) -> Iterator[Facts]:
    """Each document read by a task on the flow's task runner, its facts
    yielded as it completes (``workers`` is the task runner's business)."""
    futures = {read_and_extract.submit(source, ingested_at): source for source in todo}
    for future in as_completed(list(futures)):
        try:
            yield future.result()
        except Exception as error:  # the task could not run, even after its retries
            yield crashed_facts(futures[future], ingested_at, error)


def summary_markdown(summary: RunSummary) -> str:
    rows = "\n".join(
        f"| {o.source_file} | {o.outcome} | {sum(o.facts.values())} | {o.reason or ''} |"
        for o in summary.outcomes
    )
    header = "\n".join(f"- {line}" for line in summary.lines())
    return (
        f"# CALPAE ingest\n\n{header}\n\n"
        f"| file | outcome | rows | reason |\n|---|---|---|---|\n{rows}\n"
    )


@flow(name="calpae-ingest", log_prints=True)
def ingest_flow(paths: list[str] | None = None, db: str | None = None) -> RunSummary | State:
    db_path = Path(db) if db else default_db_path()
    summary = ingest([Path(p) for p in (paths or ["data/raw"])], db_path, process=with_tasks)
    create_markdown_artifact(
        summary_markdown(summary),
        key="calpae-ingest-summary",
        description="Documents and facts of this ingestion run",
    )
    for line in summary.lines():
        print(line)
    failed = [o.source_file for o in summary.outcomes if o.outcome == "failed"]
    if failed:
        return Failed(
            message=f"{len(failed)} document(s) failed: {', '.join(failed)}", data=summary
        )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the CALPAE ingest flow once.")
    parser.add_argument("paths", nargs="*", help="folders or files (default: data/raw)")
    parser.add_argument("--db", help="the warehouse (default: data/curated/calpae.duckdb)")
    args = parser.parse_args(argv)
    state = ingest_flow(args.paths or None, args.db, return_state=True)
    return 1 if state.is_failed() else 0


if __name__ == "__main__":
    sys.exit(main())
