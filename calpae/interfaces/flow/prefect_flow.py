"""The Prefect flow of the nightly ingestion (``ingest_flow``): one flow run
calling the same ``ingest`` as the CLI (the Python API's), so the same run
loop with the same worker processes and limits (every document read in a
limited process, folders followed, one writer loading each document as it
completes, the run recorded). It publishes the run's summary as an artifact,
the pipeline's log lines as the flow run's logs, builds the evaluators'
report and links it; a run with failed documents ends ``Failed`` (after
loading everything it could), so Prefect's automations see it.

A run from the command line (``command``) has its ingest begun before this
module, and Prefect, are imported: its flow run takes that ingest over
(``run_once``, ``ahead``).
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from pathlib import Path

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

from calpae.ingest.run import RunSummary
from calpae.interfaces.flow.ahead import AHEAD, Ahead, pipeline_logs_to
from calpae.interfaces.flow.reading import ingest_now
from calpae.interfaces.flow.server import temporary_server
from calpae.outputs.cells import visible
from calpae.outputs.report import build_report
from calpae.settings import Settings, load_settings

SERVER_STARTUP = 300
"""Seconds a one-off run waits for its temporary Prefect server (Prefect's
default, 20, is too short for a busy machine: one took 33 s)."""


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


def ingest_in_run(paths: list[str] | None, settings: Settings) -> RunSummary:
    """This flow run's ingest, its log lines in the run's logs: run here, or,
    in a run from the command line, the one begun before this flow run
    (``run_once``)."""
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


def run_once(
    ahead: Ahead, paths: list[str] | None, db: str | None, dask: str | None, report: str | None
) -> State:
    """One run of the flow from the command line, taking over the ingest
    ``ahead`` runs in another thread (begun before Prefect was imported). On a
    running server (``PREFECT_API_URL``), the flow run begins at once;
    otherwise once Prefect's temporary server, started here, answers. The same
    warehouse, report, artifacts, logs and final state as a flow that ingests
    by itself; only the flow run begins later than its ingest."""
    startup = max(SERVER_STARTUP, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
    token = AHEAD.set(ahead)
    try:
        with temporary_settings({PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS: startup}):
            if PREFECT_API_URL.value():
                return run_flow(paths, db, dask, report)
            with temporary_server() as server, temporary_settings(server.settings()):
                server.wait(startup, ahead.interruption)  # no flow run for a run stopped
                return run_flow(paths, db, dask, report)
    finally:
        AHEAD.reset(token)
