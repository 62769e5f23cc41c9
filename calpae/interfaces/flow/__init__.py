"""The Prefect flow of the nightly ingestion: one flow run calling the same
``ingest`` as the CLI (the Python API's), so the same run loop with the same
worker processes and limits (every document read in a limited process,
folders followed, one writer loading each document as it completes, the run
recorded). It publishes the run's summary as an artifact, the pipeline's log
lines as the flow run's logs, builds the evaluators' report and links it; a
run with failed documents ends ``Failed`` (after loading everything it
could), so Prefect's automations see it.

Run locally, no server needed (Prefect's temporary server is started with
the run, and the documents are read while it starts: ``run_once``; with
``PREFECT_API_URL`` set, the run is recorded on that server instead):
    python -m calpae.interfaces.flow [PATH ...] [--db FILE]
    python -m calpae.interfaces.flow --dask local            # a Dask cluster here
    python -m calpae.interfaces.flow --dask tcp://host:8786  # an existing scheduler

With ``--dask`` (or ``CALPAE_DASK``) the documents are read on Dask workers
(a local cluster of worker processes, or an existing scheduler's workers,
which must see the same paths), each in a limited process of its own
(``pool.read_alone``: the workers are started non-daemonic,
``distributed.worker.daemon: false``, so that they may start it; an existing
scheduler's workers need the same); the workers run no Prefect code, so none starts a
Prefect server; loading stays in the flow: the warehouse keeps one writer.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from functools import partial
from pathlib import Path

import click
from prefect import flow, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.context import FlowRunContext
from prefect.logging.handlers import APILogHandler
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    temporary_settings,
)
from prefect.states import Failed, State

from calpae.ingest.pool import crash_reason, read_alone
from calpae.ingest.run import Process, RunSummary
from calpae.ingest.work import crashed_facts
from calpae.interfaces import api
from calpae.interfaces.flow.ahead import AHEAD, Ahead, in_thread, pipeline_logs_to
from calpae.interfaces.flow.server import TemporaryServer, temporary_server
from calpae.outputs.cells import visible
from calpae.outputs.report import build_report
from calpae.settings import Settings, load_settings
from calpae.warehouse.records import Facts
from calpae.warehouse.registry import SourceFile

LOCAL_DASK_WORKERS = 2  # processes of a local cluster, one thread each
SERVER_STARTUP = 300
"""Seconds a one-off run waits for its temporary Prefect server (Prefect's
default, 20, is too short for a busy machine: one took 33 s)."""


def on_dask(address: str) -> Process:
    """Documents read on Dask: a local cluster (``local``) or the scheduler at
    ``address``; each in a limited process of its own on its worker, its
    facts yielded as it completes and let go once yielded."""

    def process(
        todo: list[SourceFile], ingested_at: datetime, settings: Settings
    ) -> Iterator[Facts]:
        import dask
        from distributed import Client, LocalCluster, as_completed

        if not todo:
            return
        dask.config.set({"distributed.worker.daemon": False})  # a worker starts a reader
        cluster = (
            LocalCluster(
                n_workers=LOCAL_DASK_WORKERS,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            if address == "local"
            else None
        )
        try:
            with Client(cluster or address) as client:
                futures = {
                    client.submit(read_alone, source, ingested_at, settings, pure=False): source
                    for source in todo
                }
                for future in as_completed(list(futures)):
                    source = futures.pop(future)
                    try:
                        facts = future.result()
                    except Exception as error:  # the worker could not run it
                        facts = crashed_facts(source, ingested_at, crash_reason(error))
                    future.release()
                    yield facts
        finally:
            if cluster is not None:
                cluster.close()

    return process


def markdown_text(text: str) -> str:
    """A file's name or a reason in the artifact's table: its control and bidi
    characters as escapes, no ``|`` or line break that would cut the row."""
    return visible(text).replace("|", "\\|").replace("\n", " ")


def summary_markdown(summary: RunSummary) -> str:
    rows = "\n".join(
        f"| {markdown_text(o.source_file)} | {o.outcome} | {sum(o.facts.values())} "
        f"| {markdown_text(o.reason or '')} |"
        for o in summary.outcomes
    )
    header = "\n".join(f"- {markdown_text(line)}" for line in summary.lines())
    return (
        f"# CALPAE ingest\n\n{header}\n\n"
        f"| file | outcome | rows | reason |\n|---|---|---|---|\n{rows}\n"
    )


def pipeline_logs_to_prefect(level: int = logging.INFO) -> AbstractContextManager[None]:
    """The pipeline's log lines (the ``calpae`` loggers) sent to the flow run's logs."""
    return pipeline_logs_to(APILogHandler(), level)


def ingest_now(paths: list[str] | None, settings: Settings) -> RunSummary:
    """The run's ingest: ``api.ingest`` with ingest's worker processes, or
    on Dask when the settings name it."""
    process = on_dask(settings.dask) if settings.dask else None
    return api.ingest(paths or None, settings=settings, process=process)


def ingest_in_run(paths: list[str] | None, settings: Settings) -> RunSummary:
    """This flow run's ingest, its log lines in the run's logs: run here, or,
    in a one-off run, the one started while the temporary server started."""
    ahead = AHEAD.get()
    if ahead is not None:
        run_id = FlowRunContext.get().flow_run.id
        return ahead.taken_over(APILogHandler(level=logging.INFO), run_id)
    with pipeline_logs_to_prefect():
        return ingest_now(paths, settings)


@task(task_run_name="report")
def publish_report(db_path: Path, folder: Path, wait: float) -> Path:
    """The evaluators' report of the warehouse as loaded, and a link artifact to it."""
    index = build_report(db_path, folder, wait)
    create_link_artifact(
        index.resolve().as_uri(),
        link_text="CALPAE report (index.html)",
        key="calpae-report",
        description="The evaluators' report, built after this run's loading",
    )
    return index


@flow(name="calpae-ingest", log_prints=True)
def ingest_flow(
    paths: list[str] | None = None,
    db: str | None = None,
    report: str | None = None,
    dask: str | None = None,
) -> RunSummary | State:
    """Ingest (``api.ingest``: worker processes with their limits, or Dask
    with ``dask``), then build the report (into ``report``, by default the
    configured report folder) and publish the run's summary and a link to the
    report as artifacts."""
    settings = load_settings(db=db, report=report, dask=dask)
    summary = ingest_in_run(paths, settings)
    create_markdown_artifact(
        summary_markdown(summary),
        key="calpae-ingest-summary",
        description="Documents and facts of this ingestion run",
    )
    for line in summary.lines():
        print(visible(line))
    publish_report(settings.db, settings.report, settings.lock_wait)
    failed = [o.source_file for o in summary.outcomes if o.outcome == "failed"]
    if failed:
        return Failed(
            message=f"{len(failed)} document(s) failed: {', '.join(failed)}", data=summary
        )
    return summary


def run_flow(
    paths: list[str] | None, db: str | None, dask: str | None = None, report: str | None = None
) -> State:
    """One run of the flow (its documents read on Dask when ``dask`` names
    it); its final state."""
    return ingest_flow(paths, db, report, dask, return_state=True)


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
    help="Read the documents on Dask: 'local' (a cluster here) or a scheduler's address "
    "(default: $CALPAE_DASK).",
)
def main(paths: tuple[str, ...], db: str | None, report: str | None, dask: str | None) -> None:
    """Run the CALPAE ingest flow once (exit 1 when a document failed)."""
    startup = max(SERVER_STARTUP, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
    with temporary_settings({PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS: startup}):
        state = run_once(list(paths) or None, db, dask, report)
    sys.exit(1 if state.is_failed() else 0)


def run_once(
    paths: list[str] | None, db: str | None, dask: str | None, report: str | None
) -> State:
    """One run of the flow from the command line. On a running server
    (``PREFECT_API_URL``), the flow as it is. Otherwise Prefect's temporary
    server is started at once, and the flow run in a thread of its own, where
    it waits for that server, while this thread ingests: the flow run takes
    the ingest over when it begins (``ahead``). The same warehouse, report,
    artifacts, logs and final state; only the flow run begins later than its
    ingest. Should the server not start, the documents are loaded all the
    same, and the error raised."""
    if PREFECT_API_URL.value():
        return run_flow(paths, db, dask, report)
    with temporary_server() as server, temporary_settings(server.settings()):
        ahead = Ahead()
        token = AHEAD.set(ahead)
        try:
            flow_run = in_thread(run_flow_on, server, paths, db, dask, report)
        finally:
            AHEAD.reset(token)
        settings = load_settings(db=db, report=report, dask=dask)
        ahead.run(partial(ingest_now, paths, settings))
        return flow_run.result()


def run_flow_on(server: TemporaryServer, *args: str | list[str] | None) -> State:
    """``run_flow(*args)`` once ``server`` answers."""
    server.wait(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
    return run_flow(*args)
