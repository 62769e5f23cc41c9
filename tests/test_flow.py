"""The Prefect flow runs the same ingest as the CLI, under Prefect's test
harness: one run loop, the same limited worker processes, honest final
states, the summary as an artifact, the pipeline's log lines in the run's logs.

The harness waits for its temporary server as long as it takes to start on a
busy machine (bounded: ``SERVER_STARTUP``)."""

import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterId,
)
from prefect.testing.utilities import prefect_test_harness

from calpae.ingest.run import ingest
from calpae.interfaces.flow import ingest_flow, main, run_flow, summary_markdown

ROOT = Path(__file__).resolve().parents[1]
SERVER_STARTUP = 300  # seconds: a loaded 2-core machine took 33 s
LOG_WAIT = 300  # seconds the logs of a finished run may take to reach the server when busy


@pytest.fixture(scope="module")
def harness():
    with prefect_test_harness(server_startup_timeout=SERVER_STARTUP):
        yield


def rows(db_path, sql):
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_flow_loads_the_corpus_and_a_rerun_changes_nothing(harness, raw_copy, db_path):
    summary = ingest_flow([str(raw_copy)], str(db_path))
    assert summary.counts["new"] == 5
    assert rows(db_path, "SELECT count(*) FROM documents WHERE status = 'ok'") == [(5,)]
    again = ingest_flow([str(raw_copy)], str(db_path))
    assert again.counts["unchanged"] == 5


def test_the_flow_and_the_cli_build_the_same_warehouse(harness, raw_copy, tmp_path):
    by_flow, by_cli = tmp_path / "flow.duckdb", tmp_path / "cli.duckdb"
    ingest_flow([str(raw_copy)], str(by_flow))
    ingest([raw_copy], by_cli, workers=2)
    sql = (
        "SELECT d.source_file, a.source_line, a.year, a.funder, a.nature, a.amount_eur "
        "FROM amounts a JOIN documents d USING (document_id) ORDER BY ALL"
    )
    assert rows(by_flow, sql) == rows(by_cli, sql)


def test_a_run_with_a_failed_document_ends_failed_after_loading_the_rest(
    harness, raw_copy, db_path
):
    (raw_copy / "broken.pdf").write_bytes(b"%PDF-1.7 this is no PDF at all")
    state = ingest_flow([str(raw_copy)], str(db_path), return_state=True)
    assert state.is_failed()
    assert "broken.pdf" in state.message
    summary = state.result(raise_on_failure=False)
    assert summary.counts["new"] == 5 and summary.counts["failed"] == 1
    assert rows(db_path, "SELECT count(*) FROM documents WHERE status = 'ok'") == [(5,)]

    # the run's artifact, read back from the server, lists each failure
    with get_client(sync_client=True) as client:
        (artifact,) = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["calpae-ingest-summary"]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]),
            )
        )
    assert "| broken.pdf | failed | 2 | truncated or corrupt PDF" in artifact.data
    assert artifact.data == summary_markdown(summary)
    before = signal.getsignal(signal.SIGTERM)
    command = CliRunner().invoke(main, [str(raw_copy), "--db", str(db_path)])
    assert command.exit_code == 1  # the command says so too
    assert signal.getsignal(signal.SIGTERM) is before  # its stop handler given back


def test_without_dask_the_flow_reads_in_ingests_processes_not_in_tasks(harness, raw_copy, db_path):
    state = ingest_flow([str(raw_copy)], str(db_path), return_state=True)
    assert state.is_completed() and state.result().counts["new"] == 5
    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs(
            flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[state.state_details.flow_run_id])
            )
        )
    assert [task.name for task in tasks] == ["report"]  # no task per document


def test_the_flow_follows_the_folder_like_the_cli(harness, raw_copy, db_path):
    ingest_flow([str(raw_copy)], str(db_path))
    (raw_copy / "004_33b71f1498aef849.txt").rename(raw_copy / "fiche.txt")
    summary = ingest_flow([str(raw_copy)], str(db_path))
    assert "MOVED: 004_33b71f1498aef849.txt -> fiche.txt" in summary.lines()


@pytest.mark.slow
def test_a_two_worker_dask_cluster_builds_the_same_warehouse_as_a_serial_run(
    harness, raw_copy, tmp_path
):
    on_dask, serial = tmp_path / "dask.duckdb", tmp_path / "serial.duckdb"
    state = run_flow([str(raw_copy)], str(on_dask), dask="local")
    assert state.is_completed() and state.result().counts["new"] == 5
    ingest([raw_copy], serial, workers=1)
    for sql in (
        "SELECT d.source_file, a.source_line, a.year, a.funder, a.nature, a.amount_eur "
        "FROM amounts a JOIN documents d USING (document_id) ORDER BY ALL",
        "SELECT d.source_file, i.source_line, i.year, i.value_raw "
        "FROM indicator_values i JOIN documents d USING (document_id) ORDER BY ALL",
        "SELECT d.source_file, t.source_line, t.kind, t.date "
        "FROM document_dates t JOIN documents d USING (document_id) ORDER BY ALL",
    ):
        assert rows(on_dask, sql) == rows(serial, sql)


def test_the_flow_reads_each_document_in_a_limited_process(harness, raw_copy, db_path, monkeypatch):
    """A document over its time limit fails in the flow as in the CLI (on
    threads no limit applied at all)."""
    report = "001_799a4874d703235c.txt"
    for path in raw_copy.iterdir():
        if path.name != report:
            path.unlink()
    monkeypatch.setenv("CALPAE_MAX_SECONDS", "0.5")  # 001 takes seconds, on any machine
    state = ingest_flow([str(raw_copy)], str(db_path), return_state=True)
    assert state.is_failed()
    (failed,) = state.result(raise_on_failure=False).outcomes
    assert failed.outcome == "failed" and "(CALPAE_MAX_SECONDS): stopped" in failed.reason


def test_the_flow_run_logs_what_the_pipeline_does(harness, raw_copy, db_path):
    state = ingest_flow(
        [str(raw_copy / "004_33b71f1498aef849.txt")], str(db_path), return_state=True
    )
    assert state.is_completed()
    expected = {("calpae.ingest.run", "run"), ("calpae.ingest.run", "new")}
    by_logger = logged_by(state.state_details.flow_run_id, expected)
    assert expected <= by_logger, by_logger


def logged_by(flow_run_id, expected: set, wait: float = LOG_WAIT) -> set:
    """(logger, first word) of the flow run's logs, read again until they hold
    ``expected`` or ``wait`` seconds have passed: Prefect sends logs from a
    background worker in batches, later on a busy machine."""
    import time

    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    deadline = time.monotonic() + wait
    while True:
        with get_client(sync_client=True) as client:
            logs = client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
            )
        found = {(log.name, log.message.split(" ")[0]) for log in logs}
        if expected <= found or time.monotonic() > deadline:
            return found
        time.sleep(1)


def test_dask_workers_read_in_limited_processes_and_run_no_prefect(raw_copy):
    """No Prefect on a Dask worker, so no Prefect server started there; each
    document read in a limited process of its own."""
    from datetime import datetime

    import dask
    from distributed import Client, LocalCluster

    from calpae.ingest.pool import read_alone
    from calpae.settings import Settings
    from calpae.warehouse.registry import discover

    (source,) = discover([raw_copy / "004_33b71f1498aef849.txt"])
    dask.config.set({"distributed.worker.daemon": False})
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None)
    with cluster, Client(cluster) as client:
        future = client.submit(read_alone, source, datetime(2026, 1, 1), Settings(max_seconds=0.01))
        facts = future.result()
        imported = client.run(lambda: "prefect" in __import__("sys").modules)
    assert (
        facts.document.status == "failed" and "CALPAE_MAX_SECONDS" in facts.document.status_reason
    )
    assert set(imported.values()) == {False}


def test_the_flow_builds_the_report_and_links_it(harness, raw_copy, db_path, tmp_path):
    state = run_flow([str(raw_copy)], str(db_path), report=str(tmp_path / "out"))
    assert state.is_completed()
    index = tmp_path / "out" / "index.html"
    assert index.is_file()
    with get_client(sync_client=True) as client:
        (link,) = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["calpae-report"]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]),
            )
        )
    assert index.as_uri() in link.data


PROBE = '''
import os
import sys


def _note_prefect(event, args):
    """Each process that imports Prefect leaves a file: its pid, its argv."""
    if event == "import" and str(args[0]).split(".")[0] == "prefect":
        path = os.path.join(os.environ["CALPAE_PREFECT_PROBE"], str(os.getpid()))
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as out:
                out.write(" ".join(sys.argv))


if os.environ.get("CALPAE_PREFECT_PROBE"):
    sys.addaudithook(_note_prefect)
'''


@pytest.mark.slow
@pytest.mark.parametrize("dask", [[], ["--dask", "local"]], ids=["processes", "dask-local"])
def test_a_one_off_run_has_prefect_in_its_own_process_and_its_one_server_only(
    raw_copy, db_path, tmp_path, dask
):
    """``python -m calpae.interfaces.flow`` as an operator runs it: every
    process that imports Prefect is noted (an audit hook, by a
    ``sitecustomize`` every Python process of the run loads). Only the flow's
    process and its one temporary server may: not ingest's readers, not a
    local Dask cluster's workers nor their readers (started by ``spawn``, they
    would re-import a main module that imports Prefect), so no worker can
    start a server of its own."""
    probe, noted = tmp_path / "probe", tmp_path / "noted"
    probe.mkdir()
    noted.mkdir()
    (probe / "sitecustomize.py").write_text(PROBE, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(probe), str(ROOT)]),
        "CALPAE_PREFECT_PROBE": str(noted),
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }
    env.pop("PREFECT_API_URL", None)  # a one-off run: its own temporary server
    for path in raw_copy.iterdir():
        if path.name not in ("004_33b71f1498aef849.txt", "000_4abbc878dd54ddbd.txt"):
            path.unlink()
    command = [sys.executable, "-m", "calpae.interfaces.flow", str(raw_copy)]
    command += ["--db", str(db_path), "--report", str(tmp_path / "report"), *dask]
    run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = run.communicate(timeout=900)
    assert run.returncode == 0, output[-3000:].decode(errors="replace")
    assert rows(db_path, "SELECT count(*) FROM documents WHERE status = 'ok'") == [(2,)]
    argv = {int(path.name): path.read_text(encoding="utf-8") for path in noted.iterdir()}
    servers = [pid for pid, line in argv.items() if "prefect.server.api.server:create_app" in line]
    assert len(servers) == 1, argv  # one temporary server
    assert set(argv) == {run.pid, *servers}, argv  # and no other process with Prefect


def prefect_records(prefect_home, sql):
    """Rows of what a one-off run's temporary server recorded (its database
    stays in ``PREFECT_HOME`` after the server stops)."""
    con = sqlite3.connect(f"file:{prefect_home / 'prefect.db'}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_a_one_off_run_reads_while_its_server_starts_and_records_the_same(
    raw_copy, db_path, tmp_path
):
    """``python -m calpae.interfaces.flow`` without a server ingests while
    Prefect's temporary server starts; its flow run, once begun, takes the
    ingest over: the same final state (Failed: a document failed), the
    pipeline's log lines in the run's logs, the summary and the report's link
    as artifacts, the report built; no heartbeats (the server stops with
    the run: none could tell it the run crashed)."""
    for path in raw_copy.iterdir():
        if path.name != "004_33b71f1498aef849.txt":
            path.unlink()
    (raw_copy / "broken.pdf").write_bytes(b"%PDF-1.7 this is no PDF at all")
    home = tmp_path / "prefect"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-m", "calpae.interfaces.flow", str(raw_copy)]
    command += ["--db", str(db_path), "--report", str(tmp_path / "report")]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert rows(db_path, "SELECT count(*) FROM documents WHERE status = 'ok'") == [(1,)]
    assert (tmp_path / "report" / "index.html").is_file()
    ((run_id, state),) = prefect_records(home, "SELECT id, state_type FROM flow_run")
    assert state == "FAILED"
    logs = prefect_records(home, f"SELECT name, message FROM log WHERE flow_run_id = '{run_id}'")
    pipeline = [message.split(" ")[0] for name, message in logs if name == "calpae.ingest.run"]
    assert pipeline.count("run") == 2 and "new" in pipeline  # found, a document, done
    artifacts = dict(
        prefect_records(home, f"SELECT key, data FROM artifact WHERE flow_run_id = '{run_id}'")
    )
    assert "| broken.pdf | failed |" in artifacts["calpae-ingest-summary"]
    assert (tmp_path / "report" / "index.html").as_uri() in artifacts["calpae-report"]
    # no heartbeats to a server that stops with the run (its events are recorded)
    events = dict(prefect_records(home, "SELECT event, count(*) FROM events GROUP BY event"))
    assert events.get("prefect.flow-run.Failed") == 1, events
    assert "prefect.flow-run.heartbeat" not in events, events


EXITING = """
import atexit, sys, threading, time
from pathlib import Path
from calpae.interfaces.flow.command import exit_at_once

folder = Path(sys.argv[1])
atexit.register(lambda: (folder / "handler").write_text("ran"))
def late():
    time.sleep(0.5)
    (folder / "thread").write_text("joined")
threading.Thread(target=late).start()  # not a daemon: exit waits for it
sys.stdout.write("no newline, still buffered")
exit_at_once(eval(sys.argv[2]))
"""


@pytest.mark.parametrize(
    "code, status, message", [("3", 3, ""), ("None", 0, ""), ("'no documents'", 1, "no documents")]
)
def test_the_flow_command_exits_at_once_as_sys_exit_would(tmp_path, code, status, message):
    """The command's exit skips the interpreter's teardown only: its running
    threads are joined, its exit handlers run, its output is flushed, its
    status is the one ``sys.exit`` would give."""
    done = subprocess.run(
        [sys.executable, "-c", EXITING, str(tmp_path), code],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == status, done.stderr
    assert done.stdout == "no newline, still buffered"
    assert done.stderr.strip() == message
    assert (tmp_path / "handler").read_text() == "ran"
    assert (tmp_path / "thread").read_text() == "joined"


def server_children(pid):
    """The processes ``pid`` started that run Prefect's server (read from ``/proc``)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # not a process, or gone
            continue
        parent = re.search(r"^PPid:\s+(\d+)", status, re.M)
        if parent and int(parent.group(1)) == pid and b"create_app" in command:
            found.append(int(entry.name))
    return found


def alive(pid):
    """Whether ``pid`` runs (a zombie, dead and not yet reaped, does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return not re.search(r"^State:\s+Z", status, re.M)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("stop, status", [(signal.SIGINT, 1), (signal.SIGTERM, 143)])
def test_a_one_off_run_stopped_stops_its_temporary_server(
    raw_copy, db_path, tmp_path, stop, status
):
    """Ctrl-C or a stop signal (``kill``, ``timeout``) sent to a one-off run
    as its temporary server starts: the run ends with the signal's status, and
    its server with it (it outlived the run, holding a port and Prefect's
    database, when the run was stopped before the server answered)."""
    for path in raw_copy.iterdir():
        if path.name not in ("004_33b71f1498aef849.txt", "000_4abbc878dd54ddbd.txt"):
            path.unlink()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-m", "calpae.interfaces.flow", str(raw_copy)]
    command += ["--db", str(db_path), "--report", str(tmp_path / "report")]
    run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while not (servers := server_children(run.pid)):
            assert run.poll() is None and time.monotonic() < deadline, "no temporary server"
            time.sleep(0.05)
        run.send_signal(stop)
        output, _ = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == status, output[-3000:].decode(errors="replace")
    assert not [pid for pid in servers if alive(pid)], output[-3000:].decode(errors="replace")


def test_a_servers_wait_ends_with_the_runs_interruption():
    """Waiting for a temporary server that never answers ends at once when
    the run was interrupted (its ingest ended with Ctrl-C): the interruption
    is raised (an ingest that failed is no interruption)."""
    from calpae.interfaces.flow.ahead import Ahead
    from calpae.interfaces.flow.server import TemporaryServer, free_port

    ahead = Ahead()
    with pytest.raises(KeyboardInterrupt):
        ahead.run(lambda: (_ for _ in ()).throw(KeyboardInterrupt()))
    assert isinstance(ahead.interruption(), KeyboardInterrupt)
    silent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        server = TemporaryServer(silent, f"http://127.0.0.1:{free_port()}/api")
        with pytest.raises(KeyboardInterrupt):
            server.wait(300, ahead.interruption)
    finally:
        silent.kill()
        silent.wait()
    failed = Ahead()
    failed.run(lambda: (_ for _ in ()).throw(ValueError("no document")))
    assert failed.interruption() is None  # a failure is no interruption


def test_an_ingest_ahead_hands_its_lines_in_order_then_live_and_its_result():
    """The lines written before the flow run takes the ingest over are kept
    and sent first, in their order, each marked with the run's id; the next
    ones go as they come; the summary (or the error) is the ingest's."""
    from uuid import uuid4

    from calpae.interfaces.flow.ahead import Ahead

    class Taken(logging.Handler):
        def __init__(self):
            super().__init__()
            self.lines = []

        def emit(self, record):
            self.lines.append((record.getMessage(), record.flow_run_id))

    logger, taken, run_id = logging.getLogger("calpae.ingest.run"), Taken(), uuid4()
    ahead = Ahead()

    def ingest():
        logger.info("run: 1 file found")
        logger.debug("not at this level")
        ahead.relay.send_to(taken, run_id)  # the flow run begins meanwhile
        logger.info("new a.txt")
        return "the summary"

    ahead.run(ingest)
    assert ahead.taken_over(taken, run_id) == "the summary"
    assert taken.lines == [("run: 1 file found", run_id), ("new a.txt", run_id)]

    failing = Ahead()
    failing.run(lambda: (_ for _ in ()).throw(ValueError("no document to read")))
    with pytest.raises(ValueError, match="no document to read"):
        failing.taken_over(Taken(), run_id)


def test_lines_written_after_the_take_over_go_with_the_flow_runs_settings():
    """A one-off run's server is set in its flow run's thread only
    (``temporary_settings``). The ingest, in another thread, goes on writing
    after the flow run took it over: its lines reach the run's handler with
    the run's settings (without them, Prefect's log sender starts a second
    temporary server of its own to send them to: 5 CPU-s more in a run)."""
    from uuid import uuid4

    from prefect.settings import PREFECT_API_URL, temporary_settings

    from calpae.interfaces.flow.ahead import Ahead, in_thread

    class Taken(logging.Handler):
        def __init__(self):
            super().__init__()
            self.lines = []

        def emit(self, record):
            self.lines.append((record.getMessage(), PREFECT_API_URL.value()))

    logger, taken, ahead = logging.getLogger("calpae.ingest.run"), Taken(), Ahead()
    began = threading.Event()

    def flow_run():
        with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:9/api"}):
            ahead.relay.send_to(taken, uuid4())
            began.set()
            return ahead.summary.result(timeout=300)

    def ingest():
        logger.info("run: 2 files found")
        assert began.wait(timeout=300)
        logger.info("new b.txt")  # written in this thread, after the take-over
        return "the summary"

    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        taking = in_thread(flow_run)
        ahead.run(ingest)
        assert taking.result(timeout=300) == "the summary"
        assert PREFECT_API_URL.value() is None  # this thread's settings: no server
    assert taken.lines == [
        ("run: 2 files found", "http://127.0.0.1:9/api"),
        ("new b.txt", "http://127.0.0.1:9/api"),
    ]
