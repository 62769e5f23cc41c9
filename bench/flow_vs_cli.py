"""The nightly flow against the CLI, on the same documents: the five samples
and N synthetic documents (``bench.scale``'s corpus), each a cold run into a
fresh warehouse, the two commands taking turns so that a drift of the
machine's speed weighs on both. Prints each command's wall times, their
medians and the ratio of the medians; asserts nothing.

    .venv/bin/python -m bench.flow_vs_cli                  # samples, 100 documents, 3 runs
    .venv/bin/python -m bench.flow_vs_cli --sizes 5 --runs 1   # CI's small size
    .venv/bin/python -m bench.flow_vs_cli --dask            # the flow on a local Dask cluster too

The flow is ``python -m calpae.interfaces.flow`` (a temporary Prefect server,
one flow run, the report built); the CLI is ``calpae ingest`` alone, and
``calpae ingest`` then ``calpae report`` (the same work as the flow).
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

from bench.rewrite import RAW
from bench.scale import build_corpus, folder_of

PYTHON = sys.executable
CALPAE = [PYTHON, "-c", "from calpae.interfaces.cli import main; main()"]


def commands(folder: Path, db: Path, report: Path, dask: bool) -> dict[str, list[list[str]]]:
    """Each contender: its commands, run one after the other."""
    chosen = {
        "cli": [[*CALPAE, "-q", "ingest", str(folder), "--db", str(db)]],
        "cli+report": [
            [*CALPAE, "-q", "ingest", str(folder), "--db", str(db)],
            [*CALPAE, "-q", "report", "--db", str(db), "--out", str(report)],
        ],
        "flow": [
            [PYTHON, "-m", "calpae.interfaces.flow", str(folder), "--db", str(db)]
            + ["--report", str(report)]
        ],
    }
    if dask:
        chosen["flow-dask"] = [[*chosen["flow"][0], "--dask", "local"]]
    return chosen


def timed(steps: list[list[str]], db: Path) -> float:
    """Wall seconds of ``steps`` into a fresh warehouse."""
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    for step in steps:
        subprocess.run(step, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def compare(label: str, folder: Path, runs: int, dask: bool, work: Path) -> None:
    db, report = work / "w.duckdb", work / "report"
    contenders = commands(folder, db, report, dask)
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(runs):
        for name, steps in contenders.items():
            times[name].append(timed(steps, db))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{label}:")
    for name, values in times.items():
        spread = ", ".join(f"{v:.1f}" for v in values)
        ratio = medians[name] / medians["cli"]
        print(f"  {name:<11} median {medians[name]:6.1f} s  ({spread})  {ratio:.2f}x the CLI")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dask", action="store_true")
    parser.add_argument("--corpus", type=Path, help="where the synthetic documents are kept")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="calpae-flow-bench-") as tmp:
        work = Path(tmp)
        corpus = args.corpus or work / "corpus"
        os.environ.setdefault("PREFECT_HOME", str(work / "prefect"))
        for size in args.sizes:
            if size == 5:
                folder = work / "samples"
                shutil.copytree(RAW, folder)
                label = "the five samples"
            else:
                folder = folder_of(build_corpus(corpus, size), work / f"n{size}")
                label = f"{size} synthetic documents"
            compare(label, folder, args.runs, args.dask, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
