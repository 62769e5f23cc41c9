"""The nightly flow against the CLI, on the same documents: the five samples
and N synthetic documents (``bench.scale``'s corpus), each a cold run into a
fresh warehouse, the contenders taking turns round after round so that a
drift of the machine's speed weighs on all alike. Prints each contender's
wall times and median, and the median of its per-round ratios to ``calpae
ingest`` and to ``calpae ingest`` + ``calpae report`` (ratios of the same
round); asserts nothing.

    .venv/bin/python -m bench.flow_vs_cli                     # samples, 100 documents, 3 rounds
    .venv/bin/python -m bench.flow_vs_cli --sizes 5 --runs 1  # CI's small size
    .venv/bin/python -m bench.flow_vs_cli --server            # the flow on a running server too
    .venv/bin/python -m bench.flow_vs_cli --dask              # the flow on a local Dask cluster too
    .venv/bin/python -m bench.flow_vs_cli --baseline /tmp/old # the flow of another checkout too

The contenders: ``cli`` is ``calpae ingest``; ``cli+report`` is ``calpae
ingest`` then ``calpae report`` (the flow's work); ``flow`` is ``python -m
calpae.interfaces.flow`` as an operator runs it once (Prefect's temporary
server, one flow run, the report built); ``flow-server`` the same on a
Prefect server already up (``prefect server start``, started once by the
bench: the nightly case); ``flow-dask`` the one-off flow with ``--dask
local``; ``flow-baseline`` the one-off flow of the checkout given to
``--baseline`` (run from that checkout, its code first on ``sys.path``: a
before/after in one run), and with ``--server`` ``flow-server-baseline``, its
flow on the running server. Every contender runs from a folder of its own
code: ``python -m`` puts the working folder before ``PYTHONPATH``, so a
baseline run from this checkout would run this checkout's code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from bench.rewrite import RAW
from bench.scale import build_corpus, folder_of

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CALPAE = [PYTHON, "-c", "from calpae.interfaces.cli import main; main()"]
FLOW = [PYTHON, "-m", "calpae.interfaces.flow"]
SERVER_STARTUP = 300  # seconds a busy machine may take to start a Prefect server


@dataclass
class Contender:
    steps: list[list[str]]
    env: dict[str, str] = field(default_factory=dict)  # over the bench's environment
    cwd: Path = ROOT  # first on the contender's sys.path (``python -m`` and ``-c`` put it there)
    times: list[float] = field(default_factory=list)


def contenders(
    folder: Path, db: Path, report: Path, options: argparse.Namespace, api: str | None
) -> dict[str, Contender]:
    ingest = [*CALPAE, "-q", "ingest", str(folder), "--db", str(db)]
    flow = [*FLOW, str(folder), "--db", str(db), "--report", str(report)]
    chosen = {
        "cli": Contender([ingest]),
        "cli+report": Contender(
            [ingest, [*CALPAE, "-q", "report", "--db", str(db), "--out", str(report)]]
        ),
        "flow": Contender([flow]),
    }
    if api:
        chosen["flow-server"] = Contender([flow], {"PREFECT_API_URL": api})
    if options.dask:
        chosen["flow-dask"] = Contender([[*flow, "--dask", "local"]])
    if options.baseline:
        baseline = options.baseline.resolve()
        path = os.pathsep.join([str(baseline), str(ROOT)])
        chosen["flow-baseline"] = Contender([flow], {"PYTHONPATH": path}, cwd=baseline)
        if api:
            env = {"PYTHONPATH": path, "PREFECT_API_URL": api}
            chosen["flow-server-baseline"] = Contender([flow], env, cwd=baseline)
    return chosen


def code_of(contender: Contender) -> Path:
    """The folder of the ``calpae`` package the contender's Python imports."""
    env = {**os.environ, **contender.env}
    probe = [PYTHON, "-c", "import calpae; print(calpae.__file__)"]
    done = subprocess.run(probe, env=env, cwd=contender.cwd, capture_output=True, text=True)
    return Path(done.stdout.strip()).parent.parent


def timed(contender: Contender, db: Path, report: Path) -> float:
    """Wall seconds of the contender's steps into a fresh warehouse."""
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    shutil.rmtree(report, ignore_errors=True)
    env = {**os.environ, **contender.env}
    started = time.perf_counter()
    for step in contender.steps:
        done = subprocess.run(step, env=env, cwd=contender.cwd, capture_output=True, text=True)
        if done.returncode not in (0, 1):  # 1: a document failed, the run went on
            output = done.stdout[-2000:] + done.stderr[-2000:]
            raise SystemExit(f"{' '.join(step)} failed:\n{output}")
    return time.perf_counter() - started


def ratio(times: list[float], base: list[float]) -> str:
    ratios = [t / b for t, b in zip(times, base, strict=True)]
    return f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"


def compare(label: str, runs: int, work: Path, chosen: dict[str, Contender]) -> None:
    db, report = work / "w.duckdb", work / "report"
    for name, contender in chosen.items():
        if (code := code_of(contender)) != contender.cwd:
            raise SystemExit(f"{name} would run the code of {code}")
    for _ in range(runs):
        for contender in chosen.values():
            contender.times.append(timed(contender, db, report))
    cli, full = chosen["cli"].times, chosen["cli+report"].times
    print(f"{label} ({runs} round(s), medians; per-round ratios: median (min-max)):")
    for name, contender in chosen.items():
        spread = ", ".join(f"{v:.1f}" for v in contender.times)
        print(
            f"  {name:<20} {statistics.median(contender.times):6.1f} s ({spread})  "
            f"{ratio(contender.times, cli)} the CLI, {ratio(contender.times, full)} CLI+report"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(work: Path) -> Iterator[str]:
    """``prefect server start`` on a free port, until the bench ends; its API URL."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        [PYTHON, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PREFECT_HOME": str(work / "prefect-server")},  # its own database
    )
    try:
        deadline = time.monotonic() + SERVER_STARTUP
        while True:
            try:
                urllib.request.urlopen(f"{api}/health", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"no Prefect server: see {log.name}") from None
                time.sleep(0.5)
        yield api
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def prepare_prefect_database() -> None:
    """The one-off flows' Prefect database (``PREFECT_HOME``) made before any
    is timed: creating it (its migrations, about 10 s) is a machine's first run's
    cost, and fell on whichever contender's temporary server came first."""
    command = [PYTHON, "-m", "prefect", "server", "database", "upgrade", "-y"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"no Prefect database: {done.stdout[-2000:]}{done.stderr[-2000:]}")


def documents(size: int, work: Path, corpus: Path) -> tuple[str, Path]:
    if size == 5:
        folder = work / "samples"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(RAW, folder)
        return "the five samples", folder
    return f"{size} synthetic documents", folder_of(build_corpus(corpus, size), work / f"n{size}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--server", action="store_true", help="the flow on a running server too")
    parser.add_argument("--dask", action="store_true", help="the flow on local Dask too")
    parser.add_argument("--baseline", type=Path, help="a checkout whose one-off flow runs too")
    parser.add_argument("--corpus", type=Path, help="where the synthetic documents are kept")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="calpae-flow-bench-") as tmp:
        work = Path(tmp)
        os.environ.setdefault("PREFECT_HOME", str(work / "prefect"))
        os.environ.pop("PREFECT_API_URL", None)  # the one-off flow starts its own server
        prepare_prefect_database()
        server = running_server(work) if args.server else None
        with server or nullcontext() as api:
            for size in args.sizes:
                label, folder = documents(size, work, args.corpus or work / "corpus")
                chosen = contenders(folder, work / "w.duckdb", work / "report", args, api)
                compare(label, args.runs, work, chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
