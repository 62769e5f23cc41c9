"""The Prefect flow against ``calpae ingest`` on the same documents: prints
figures, asserts nothing.

    .venv/bin/python -m bench.flow [--runs 5] [--documents 100] [--dask local]

Each run is a process of its own, timed from outside (start-up included), the
CLI and the flow alternated so that a busy machine weighs on both alike, each
into a fresh warehouse; prints each one's median wall seconds and the median
of the per-pair ratios. The documents are the five samples of ``data/raw``,
or ``--documents N`` synthetic ones (``bench.scale``'s rewrites). The flow is
run as a user runs it (``python -m calpae.interfaces.flow``): it builds the
report too, and, without ``PREFECT_API_URL``, starts Prefect's temporary
server; give ``--api URL`` to run it against a server already up.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scale import build_corpus, folder_of

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - start


def commands(folder: Path, out: Path, dask: str | None) -> tuple[list[str], list[str]]:
    """The CLI's ingest and the flow's run, of ``folder`` into ``out``."""
    cli = [sys.executable, "-c", "from calpae.interfaces.cli import main; main()"]
    cli += ["-q", "ingest", str(folder), "--db", str(out / "cli.duckdb"), "--workers", "2"]
    flow = [sys.executable, "-m", "calpae.interfaces.flow", str(folder)]
    flow += ["--db", str(out / "flow.duckdb"), "--report", str(out / "report")]
    if dask:
        flow += ["--dask", dask]
    return cli, flow


def compare(folder: Path, runs: int, dask: str | None, api: str | None) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PREFECT_API_URL", None)
    # Prefect's 20 s for its temporary server to answer is short on a busy machine
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    if api:
        env["PREFECT_API_URL"] = api
    cli_s, flow_s, ratios = [], [], []
    with tempfile.TemporaryDirectory(prefix="calpae-bench-flow-") as tmp:
        for run in range(runs):
            out = Path(tmp) / f"run{run}"
            out.mkdir()
            cli, flow = commands(folder, out, dask)
            cli_s.append(timed(cli, env))
            flow_s.append(timed(flow, env))
            ratios.append(flow_s[-1] / cli_s[-1])
            shutil.rmtree(out)
    return {
        "cli": statistics.median(cli_s),
        "flow": statistics.median(flow_s),
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--documents", type=int, help="synthetic documents (default: samples)")
    parser.add_argument("--corpus", type=Path, help="where the synthetic documents are kept")
    parser.add_argument("--dask", help="the flow's --dask (local, or a scheduler's address)")
    parser.add_argument("--api", help="a Prefect server's API URL (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="calpae-bench-docs-") as tmp:
        folder = RAW
        if args.documents:
            pool = args.corpus or Path(tmp) / "pool"
            folder = folder_of(build_corpus(pool, args.documents), Path(tmp) / "docs")
        figures = compare(folder, args.runs, args.dask, args.api)
    count = args.documents or len(list(RAW.glob("*.txt")))
    where = f"--dask {args.dask}" if args.dask else "ingest's worker processes"
    server = args.api or "a temporary server"
    print(f"{count} documents, {args.runs} runs each, alternated (medians)")
    print(f"  calpae ingest, 2 workers: {figures['cli']:.2f} s")
    print(f"  the flow ({where}, {server}, report included): {figures['flow']:.2f} s")
    print(
        f"  ratio flow / CLI: {figures['ratio']:.2f}x "
        f"(min {figures['ratio_min']:.2f}, max {figures['ratio_max']:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
