"""Prefect flow of the nightly ingestion: a thin wrapper over ``ingest.run.ingest``.

The flow calls the same ``ingest`` as the CLI (the same run loop: folders
followed, limits, one writer loading each document as it completes, the run
recorded) with the same reading: the CLI's worker processes, their limits
included, and no Prefect task per document (a task per document ran on the
flow's threads in one interpreter, with Prefect's bookkeeping for each). The
run summary becomes an artifact, and a run with failed documents ends
``Failed`` (after loading everything it could), so Prefect's automations see
it. Only on Dask does the reading change hands: one Prefect task per changed
document on the cluster's workers, retried on transient I/O errors.

Run locally, no server needed (Prefect starts a temporary one):
    python -m calpae.interfaces.flow [PATH ...] [--db FILE]
    python -m calpae.interfaces.flow --dask local          # a Dask cluster here
    python -m calpae.interfaces.flow --dask tcp://host:8786  # an existing scheduler

With ``--dask`` (or ``CALPAE_DASK``) the reading tasks run on Dask through
``prefect-dask``: a local cluster of worker processes, or an existing
scheduler's workers (which must see the same paths). Loading stays in the
flow: the workers return facts, the warehouse keeps one writer. The workers
talk to the flow's Prefect API (the configured server, or the one temporary
server of the flow's process) rather than each starting a server.
"""

from __future__ import annotations

import pickle
import queue
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import click
from prefect import flow, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.states import Failed, State
from prefect_dask import DaskTaskRunner

from calpae.ingest.run import Process, RunSummary, ingest
from calpae.ingest.work import crashed_facts, process_file
from calpae.outputs.report import build_report
from calpae.settings import Settings, load_settings
from calpae.warehouse.records import Facts
from calpae.warehouse.registry import SourceFile


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
    cache_policy=NO_CACHE,  # facts go to the warehouse: nothing to cache
    persist_result=False,
)
def read_and_extract(
    source: SourceFile, ingested_at: datetime, spill: str, settings: Settings
) -> str:
    """Read and extract one document; its facts go to a file of the ``spill``
    folder, and the task returns that file's path. Prefect keeps a task's
    result in memory until the flow run ends (in the task's transaction and
    context): a path costs nothing there, a document's facts half a MiB."""
    facts = process_file(source, ingested_at, settings)
    path = Path(spill) / f"{uuid.uuid4().hex}.pickle"
    path.write_bytes(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
    return str(path)


def with_tasks(
    todo: list[SourceFile], ingested_at: datetime, settings: Settings
) -> Iterator[Facts]:
    """Each document read by a task on the flow's task runner, its facts
    yielded as it completes (the number of workers is the task runner's
    business) and let go once yielded: the flow holds one document's facts at
    a time. The facts pass through a private folder (the ``spill`` setting,
    by default the system's temporary folder: on a Dask cluster of other
    machines, a folder they share with the flow)."""
    spill_folder = str(settings.spill) if settings.spill else None
    with tempfile.TemporaryDirectory(prefix="calpae-flow-", dir=spill_folder) as spill:
        completed: queue.SimpleQueue = queue.SimpleQueue()
        sources = {}
        for source in todo:
            future = read_and_extract.submit(source, ingested_at, spill, settings)
            sources[future] = source
            future.add_done_callback(completed.put)
        while sources:
            future = completed.get()
            source = sources.pop(future, None)
            if source is None:  # told twice
                continue
            try:
                facts = read_spilled(Path(future.result()))
            except Exception as error:  # the task could not run, even after its retries
                facts = crashed_facts(source, ingested_at, error)
            yield facts


def read_spilled(path: Path) -> Facts:
    """The facts a task wrote (a file of this run's own folder), then the file removed."""
    facts = pickle.loads(path.read_bytes())  # noqa: S301 - written by this run's tasks
    path.unlink()
    return facts


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


@task(task_run_name="report")
def publish_report(db_path: Path, folder: Path) -> Path:
    """The evaluators' report of the warehouse as loaded, and a link artifact to it."""
    index = build_report(db_path, folder)
    create_link_artifact(
        index.resolve().as_uri(),
        link_text="CALPAE report (index.html)",
        key="calpae-report",
        description="The evaluators' report, built after this run's loading",
    )
    return index


@flow(name="calpae-ingest", log_prints=True)
def ingest_flow(
    paths: list[str] | None = None, db: str | None = None, report: str | None = None
) -> RunSummary | State:
    """Ingest, then build the report (into ``report``, by default the
    configured report folder) and publish the run's summary and a link to
    the report as artifacts."""
    settings = load_settings(db=db, report=report)
    raw = [Path(p) for p in paths] if paths else [settings.raw]
    summary = ingest(raw, settings.db, process=reading(), settings=settings)
    create_markdown_artifact(
        summary_markdown(summary),
        key="calpae-ingest-summary",
        description="Documents and facts of this ingestion run",
    )
    for line in summary.lines():
        print(line)
    publish_report(settings.db, settings.report)
    failed = [o.source_file for o in summary.outcomes if o.outcome == "failed"]
    if failed:
        return Failed(
            message=f"{len(failed)} document(s) failed: {', '.join(failed)}", data=summary
        )
    return summary


def reading() -> Process | None:
    """How this flow run reads: by tasks on its Dask cluster, or (None) by
    ``ingest``'s own worker processes, as the CLI does."""
    context = FlowRunContext.get()
    on_dask = context is not None and isinstance(context.task_runner, DaskTaskRunner)
    return with_tasks if on_dask else None


LOCAL_DASK_WORKERS = 2  # processes of a local cluster, one thread each


def task_runner(dask: str | None) -> DaskTaskRunner | None:
    """Where the reading tasks run: none (None: ``ingest``'s worker
    processes read), a local Dask cluster (``local``) or the scheduler at an
    address."""
    if not dask:
        return None
    if dask == "local":
        cluster = {"n_workers": LOCAL_DASK_WORKERS, "processes": True, "threads_per_worker": 1}
        return DaskTaskRunner(cluster_kwargs=cluster)
    return DaskTaskRunner(address=dask)


def run_flow(
    paths: list[str] | None, db: str | None, dask: str | None = None, report: str | None = None
) -> State:
    """One run of the flow, on the task runner ``dask`` names; its final state."""
    runner = task_runner(dask)
    if runner is None:
        return ingest_flow(paths, db, report, return_state=True)
    # the workers run tasks in the flow's settings (Prefect sends them along):
    # with the flow's API in them, no worker starts a temporary server of its own
    with temporary_settings(updates={PREFECT_API_URL: api_url()}):
        return ingest_flow.with_options(task_runner=runner)(paths, db, report, return_state=True)


def api_url() -> str:
    """The Prefect API of this process: the one configured, or else the
    temporary server this process starts (the one its flow would start)."""
    if url := PREFECT_API_URL.value():
        return url
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # one per process: the client's own
    server.start()
    return server.api_url


def run_options(command: Callable) -> Callable:
    """What a run reads and writes: the command line of one run and of the
    nightly deployment alike."""
    command = click.argument("paths", nargs=-1)(command)
    command = click.option("--db", help="The warehouse (default: data/curated/calpae.duckdb).")(
        command
    )
    return click.option("--report", help="The report's folder (default: data/report).")(command)


@click.command()
@run_options
@click.option(
    "--dask",
    default=None,
    help="Run the reading on Dask: 'local' (a cluster here) or a scheduler's address "
    "(default: $CALPAE_DASK).",
)
def main(paths: tuple[str, ...], db: str | None, report: str | None, dask: str | None) -> None:
    """Run the CALPAE ingest flow once (exit 1 when a document failed)."""
    dask = load_settings(dask=dask).dask
    state = run_flow(list(paths) or None, db, dask, report)
    sys.exit(1 if state.is_failed() else 0)


if __name__ == "__main__":
    main()
