"""Prefect flow of the nightly ingestion: a thin wrapper over ``pipeline.run``.

One task per changed document reads and extracts it (retried on transient
I/O errors); loading stays in the flow, one transaction per document, since
the warehouse has a single writer. The run summary becomes an artifact.

Run locally, no server needed (Prefect starts a temporary one):
    python -m calpae.flows.ingest_flow [PATH ...]
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from calpae.pipeline.registry import SourceFile, discover, loaded_documents, plan
from calpae.pipeline.run import RunSummary, load, process_file, unchanged_outcome
from calpae.pipeline.warehouse import connect, default_db_path
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
def ingest_flow(paths: list[str] | None = None, db: str | None = None) -> RunSummary:
    started = time.perf_counter()
    db_path = Path(db) if db else default_db_path()
    sources = discover([Path(p) for p in (paths or ["data/raw"])])
    con = connect(db_path)
    try:
        loaded = loaded_documents(con)
        unchanged, todo = plan(sources, loaded)
        outcomes = [unchanged_outcome(source, document_id) for source, document_id in unchanged]
        ingested_at = datetime.now().replace(microsecond=0)
        futures = [read_and_extract.submit(source, ingested_at) for source in todo]
        for future in futures:
            outcomes.append(load(con, future.result(), loaded))
    finally:
        con.close()
    summary = RunSummary(outcomes, time.perf_counter() - started)
    create_markdown_artifact(
        summary_markdown(summary),
        key="calpae-ingest-summary",
        description="Documents and facts of this ingestion run",
    )
    for line in summary.lines():
        print(line)
    return summary


if __name__ == "__main__":
    result = ingest_flow(sys.argv[1:] or None)
    sys.exit(1 if result.has_failures else 0)
