"""The nightly deployment on a real Prefect server, as the README's operator
section runs it: start a server, serve the deployment with a schedule that
fires every minute, and see a scheduled run complete with its artifact and
the warehouse loaded; the operator's commands answer; without a server the
deployment refuses to start.

The server's scheduler loop is set to 5 s (instead of 60) so the test waits
for the next minute only, not for the scheduler too."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from calpae.interfaces import nightly

PREFECT = Path(sys.executable).parent / "prefect"
FLOW = "calpae-ingest"
SERVER_STARTUP = 300  # seconds: bounded, and generous for a busy machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, seconds: float, what: str, logs: list[Path]):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(1)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs)
    raise AssertionError(f"no {what} after {seconds:.0f} s\n{tails}")


@pytest.fixture
def server(tmp_path: Path):  # noqa: ANN201
    """A Prefect server of its own (its own home and database); the
    environment a client needs to reach it."""
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    log = tmp_path / "server.log"
    process = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )

    def healthy() -> bool:
        try:
            return httpx.get(f"{env['PREFECT_API_URL']}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(healthy, SERVER_STARTUP, "healthy server", [log])
        yield env, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def prefect(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PREFECT), *args], env=env, capture_output=True, text=True, timeout=120
    )


def flow_runs(env: dict) -> list[dict]:
    response = httpx.post(f"{env['PREFECT_API_URL']}/flow_runs/filter", json={}, timeout=10)
    response.raise_for_status()
    return response.json()


@pytest.mark.slow
def test_the_schedule_fires_and_its_run_loads_the_warehouse(server, raw_copy, db_path, tmp_path):
    env, server_log = server
    serve_log = tmp_path / "serve.log"
    serving = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "calpae.interfaces.nightly",
            str(raw_copy),
            "--db",
            str(db_path),
            "--report",
            str(tmp_path / "report"),
            "--cron",
            "* * * * *",
        ],
        env=env,
        stdout=serve_log.open("w"),
        stderr=subprocess.STDOUT,
    )
    logs = [server_log, serve_log]
    try:
        # the scheduler puts runs on the calendar; the serving process starts
        # the first when its minute comes
        wait_until(
            lambda: any(r["state_type"] == "SCHEDULED" for r in flow_runs(env)),
            SERVER_STARTUP,
            "scheduled run",
            logs,
        )
        done = wait_until(
            lambda: [r for r in flow_runs(env) if r["state_type"] == "COMPLETED"],
            SERVER_STARTUP + 120,
            "completed run",
            logs,
        )
        run = done[0]
        assert run["auto_scheduled"] is True
        assert run["parameters"] == {
            "paths": [str(raw_copy)],
            "db": str(db_path),
            "report": str(tmp_path / "report"),
        }

        artifacts = httpx.post(
            f"{env['PREFECT_API_URL']}/artifacts/filter",
            json={"artifacts": {"flow_run_id": {"any_": [run["id"]]}}},
            timeout=10,
        ).json()
        by_key = {a["key"]: a for a in artifacts}
        assert sorted(by_key) == ["calpae-ingest-summary", "calpae-report"]
        assert "documents: 5 (5 new" in by_key["calpae-ingest-summary"]["data"]
        index = tmp_path / "report" / "index.html"
        assert index.is_file() and index.as_uri() in by_key["calpae-report"]["data"]

        con = duckdb.connect(str(db_path), read_only=True)
        try:
            assert con.execute("SELECT count(*) FROM documents").fetchone() == (5,)
        finally:
            con.close()

        # the operator's commands (README): a run now, and what ran
        triggered = prefect(env, "deployment", "run", f"{FLOW}/{nightly.DEPLOYMENT}")
        assert triggered.returncode == 0, triggered.stdout + triggered.stderr
        for command in (("deployment", "ls"), ("flow-run", "ls"), ("artifact", "ls")):
            answer = prefect(env, *command)
            assert answer.returncode == 0, answer.stdout + answer.stderr
        assert nightly.DEPLOYMENT in prefect(env, "deployment", "ls").stdout
        (deployment,) = httpx.post(
            f"{env['PREFECT_API_URL']}/deployments/filter", json={}, timeout=10
        ).json()
        (scheduled,) = deployment["schedules"]
        assert scheduled["schedule"]["timezone"] == "Europe/Paris"
    finally:
        serving.terminate()
        serving.wait(timeout=30)
    assert "Traceback" not in server_log.read_text()


def test_serving_without_a_server_is_refused(monkeypatch):
    from click.testing import CliRunner

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with pytest.MonkeyPatch.context() as patch:
        from prefect.settings import PREFECT_API_URL

        patch.setattr(PREFECT_API_URL, "value", lambda: None)
        result = CliRunner().invoke(nightly.main, ["--cron", "* * * * *"])
    assert result.exit_code == 2
    assert "no Prefect server to schedule on" in result.stderr


def test_scheduled_runs_get_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert nightly.parameters(["raw"], "w.duckdb", "out") == {
        "paths": [str(tmp_path / "raw")],
        "db": str(tmp_path / "w.duckdb"),
        "report": str(tmp_path / "out"),
    }


def test_the_nightly_schedule_is_in_paris_time(monkeypatch):
    monkeypatch.delenv("CALPAE_TIMEZONE", raising=False)
    monkeypatch.delenv("CALPAE_CRON", raising=False)
    schedule = nightly.schedule()
    assert (schedule.cron, schedule.timezone) == ("0 2 * * *", "Europe/Paris")
    monkeypatch.setenv("CALPAE_TIMEZONE", "Europe/Berlin")
    assert nightly.schedule("30 1 * * *").timezone == "Europe/Berlin"
