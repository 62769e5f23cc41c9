"""An ingest started before its flow run exists. A flow run cannot begin
before Prefect is imported (seconds) and its server answers (a one-off run's
temporary server: seconds, tens of seconds on a busy machine): so the run
reads from the first instant, and its flow run, once begun, takes the ingest
over. It gets the pipeline's log lines, those written before it began (with
their own times) and those to come, and waits for the ingest's summary or its
error.

No Prefect here: the handler that sends the lines to the flow run is given."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from contextvars import Context, ContextVar, copy_context
from typing import TypeVar
from uuid import UUID

from calpae.ingest.run import RunSummary

T = TypeVar("T")

PIPELINE = "calpae"  # the pipeline's loggers


@contextmanager
def pipeline_logs_to(handler: logging.Handler, level: int = logging.INFO) -> Iterator[None]:
    """The pipeline's log lines (the ``calpae`` loggers, ``level`` and above)
    handed to ``handler`` too."""
    logger = logging.getLogger(PIPELINE)
    previous = logger.level
    handler.setLevel(level)
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > level:
        logger.setLevel(level)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


class Relay(logging.Handler):
    """Log lines kept until a flow run takes them, then handed on as they come,
    each marked with the run's id. The thread writing them is not the run's:
    each is handed on in the context of the thread that took them over (its
    settings: a one-off run's server is set in that thread only; a handler
    called without them would start a second temporary server to send them to)."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[logging.LogRecord] = []
        self.target: tuple[logging.Handler, UUID, Context] | None = None

    def emit(self, record: logging.LogRecord) -> None:  # under the handler's lock
        if self.target is None:
            self.kept.append(record)
            return
        handler, flow_run_id, context = self.target
        record.flow_run_id = flow_run_id
        context.copy().run(handler.handle, record)  # a copy: threads cannot share one

    def send_to(self, handler: logging.Handler, flow_run_id: UUID) -> None:
        """The lines kept so far to ``handler``, in their order, and the next
        ones, each in this thread's context as it is now."""
        self.acquire()
        try:
            self.target = (handler, flow_run_id, copy_context())
            kept, self.kept = self.kept, []
            for record in kept:
                self.emit(record)
        finally:
            self.release()


class Ahead:
    """One ingest run in this thread for a flow run started in another."""

    def __init__(self) -> None:
        self.summary: Future[RunSummary] = Future()
        self.relay = Relay()

    def run(self, ingest: Callable[[], RunSummary]) -> None:
        """``ingest``, its lines kept for the flow run; its summary, or its
        error, left for the flow run (an interruption is raised here too)."""
        with pipeline_logs_to(self.relay):
            try:
                self.summary.set_result(ingest())
            except Exception as error:  # the flow run fails with it
                self.summary.set_exception(error)
            except BaseException as error:  # Ctrl-C: the flow run and this thread stop
                self.summary.set_exception(error)
                raise

    def interruption(self) -> BaseException | None:
        """The interruption the ingest ended with (Ctrl-C, a stop signal), if it did."""
        if not self.summary.done():
            return None
        error = self.summary.exception()
        return None if error is None or isinstance(error, Exception) else error

    def taken_over(self, handler: logging.Handler, flow_run_id: UUID) -> RunSummary:
        """The summary, once the ingest ends, its lines sent to ``handler``."""
        self.relay.send_to(handler, flow_run_id)
        return self.summary.result()


AHEAD: ContextVar[Ahead | None] = ContextVar("calpae_ingest_ahead", default=None)
"""The ingest the flow run of this context takes over (set by a run from the
command line only; the flow ingests by itself otherwise: a deployment's runs)."""


def in_thread(function: Callable[..., T], *args: object) -> Future[T]:
    """``function(*args)`` in a daemon thread of its own, in a copy of this
    context (Prefect's settings, ``AHEAD``); its result or error."""
    done: Future[T] = Future()
    context = copy_context()

    def target() -> None:
        try:
            done.set_result(context.run(function, *args))
        except BaseException as error:  # handed to whoever waits
            done.set_exception(error)

    threading.Thread(target=target, name="calpae-flow-run", daemon=True).start()
    return done
