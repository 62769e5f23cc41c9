"""``python -m calpae.interfaces.flow``: one run of the flow, its documents
read from the first instant. Importing Prefect takes seconds; this module
does not: the ingest begins in this thread (``ahead``) while the flow run's
thread imports the flow (``prefect_flow``), starts Prefect's temporary server
when no ``PREFECT_API_URL`` is set, and begins the flow run, which takes the
ingest over: its log lines, its summary or its error. Should the flow run not
begin (no server), the documents are loaded all the same, and the error
raised.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import wait
from functools import partial
from typing import TYPE_CHECKING, NoReturn

import click

from calpae.ingest.stop import stop_signals
from calpae.interfaces.flow.ahead import Ahead, in_thread
from calpae.interfaces.flow.reading import ingest_now
from calpae.settings import load_settings

if TYPE_CHECKING:  # Prefect is imported in the flow run's thread only
    from prefect.states import State


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
    chosen = list(paths) or None
    with stop_signals():  # SIGTERM ends the run as Ctrl-C does (status 143)
        ahead = Ahead()
        flow_run = in_thread(run_flow_taking_over, ahead, chosen, db, dask, report)
        settings = load_settings(db=db, report=report, dask=dask)
        try:
            ahead.run(partial(ingest_now, chosen, settings))
            state = flow_run.result()
        except BaseException:  # Ctrl-C, a stop signal: the flow run ends, its server stopped
            wait([flow_run], timeout=STOP_WAIT)
            raise
    sys.exit(1 if state.is_failed() else 0)


STOP_WAIT = 60.0
"""Seconds a stopped run waits for its flow run to end: marked crashed (or
its report finished, when the ingest was over) and its temporary server
stopped. Not waited for, that server would outlive the run."""


def run_flow_taking_over(ahead: Ahead, *args: list[str] | str | None) -> State:
    """The flow run of ``prefect_flow.run_once``, Prefect imported here, in
    the flow run's thread, while the other one ingests."""
    from calpae.interfaces.flow.prefect_flow import run_once

    return run_once(ahead, *args)


def exit_at_once(code: int | str | None) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, without the interpreter's
    teardown: the running threads joined and the exit handlers run, in the
    interpreter's order (Prefect's senders send their last logs and events,
    multiprocessing joins its children, logging flushes), the standard
    streams flushed; then the process ends without freeing every module's
    objects one by one (0.3 s with Prefect's loaded, a tenth of a run on the
    samples). The warehouse and the report are closed before: nothing is
    left unwritten."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message on stderr, status 1
        print(code, file=sys.stderr)
        status = 1
    threading._shutdown()  # type: ignore[attr-defined]  # what exit does first
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(status)
