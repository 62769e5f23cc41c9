"""Prefect's temporary server for a one-off run, started at once. The same
server Prefect starts by itself when no ``PREFECT_API_URL`` is set (uvicorn
serving ``prefect.server.api.server:create_app``, its UI off, only the
services of a temporary server, this process's Prefect settings), but
launched as the run begins, before this process has imported Prefect's
server code (seconds of CPU it never needs), and waited for only by the flow
run, while the ingest goes on."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import prefect
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
    PREFECT_UI_URL,
    get_current_settings,
)
from prefect.settings.legacy import Setting

logger = logging.getLogger("prefect")
SERVER_ENV = {  # as Prefect starts it: no UI, the services of a temporary server
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
DRAIN = 10.0  # seconds each of Prefect's senders (logs, events) may take to empty


@dataclass
class TemporaryServer:
    process: subprocess.Popen[bytes]
    api_url: str

    def settings(self) -> dict[Setting, str | None]:
        """Prefect's settings of a run on this server: its API, no UI link to
        print (the temporary server serves no UI, and stops with the run), and
        no heartbeats: they tell a server that a run it has not heard from has
        crashed, and this one stops with the run (ending a run with heartbeats
        waits for the heartbeat thread's current second of sleep, 0.5 s on
        average)."""
        return {
            PREFECT_API_URL: self.api_url,
            PREFECT_UI_URL: "",
            PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None,
        }

    def wait(self, timeout: float, stop: Callable[[], BaseException | None] = lambda: None) -> None:
        """Until the server answers its health check (a ``RuntimeError`` if
        it does not within ``timeout`` seconds, or exits); ``stop`` is asked
        in between, and what it gives (the run's interruption) is raised."""
        deadline = time.monotonic() + timeout
        while True:
            if (interruption := stop()) is not None:
                raise interruption
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=5):
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Prefect's temporary server exited ({self.process.returncode}) before "
                    "it answered"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"Prefect's temporary server did not answer within {timeout:.0f} s "
                    "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
                )
            time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def temporary_server() -> Iterator[TemporaryServer]:
    """Prefect's temporary server on a free port of this machine, stopped on the way out."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent)]
    command += ["--factory", "prefect.server.api.server:create_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "error"]
    settings = get_current_settings().to_environment_variables(exclude_unset=True)
    logger.info("Starting temporary server on http://127.0.0.1:%d", port)
    process = subprocess.Popen(
        [*command, "--lifespan", "on"], env={**os.environ, **SERVER_ENV, **settings}
    )
    try:
        yield TemporaryServer(process, f"http://127.0.0.1:{port}/api")
    finally:
        drain_senders()
        logger.info("Stopping temporary server on http://127.0.0.1:%d", port)
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def drain_senders() -> None:
    """The run's last log lines and events sent while the server still
    answers (Prefect drains them at exit, which comes after the server is
    stopped here: they would be retried against no server for a minute)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for sender in (APILogWorker, EventsWorker):
        sender.drain_all(timeout=DRAIN)
