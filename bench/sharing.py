"""An analyst's wait for the warehouse during the nightly ingest: prints
figures, asserts nothing.

    .venv/bin/python -m bench.sharing                    # 100 synthetic documents
    .venv/bin/python -m bench.sharing --size 10          # CI's small size
    .venv/bin/python -m bench.sharing --baseline /tmp/old  # another checkout's ingest too

``calpae ingest`` runs into a fresh warehouse over ``bench.scale``'s corpus of
``--size`` documents while, in this process, an analyst opens the warehouse
read-only every ``--every`` seconds (``open_database``: it waits, retrying,
while the ingest holds the file), counts the documents and closes it. Prints
per ingest (this checkout's, and ``--baseline``'s run from its own folder)
the number of opens, the median and longest wait, and how many waited over a
second: the ingest holds the file while it loads, and lets go whenever it
waits for its readers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scale import build_corpus, folder_of
from calpae.warehouse.database import READ_ONLY_CONFIG, open_database

ROOT = Path(__file__).resolve().parents[1]
INGEST = [sys.executable, "-c", "from calpae.interfaces.cli import main; main()", "ingest"]
STARTUP = 300  # seconds a busy machine may take to create the warehouse


def waits_during_ingest(code: Path, folder: Path, db: Path, every: float) -> list[float]:
    """Seconds each of the analyst's opens waited while ``code``'s ingest ran."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [*INGEST, "--db", str(db), str(folder)]
    ingest = subprocess.Popen(
        command, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    waits: list[float] = []
    try:
        deadline = time.monotonic() + STARTUP
        while not db.exists() and ingest.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        while ingest.poll() is None:
            asked = time.perf_counter()
            con = open_database(db, READ_ONLY_CONFIG, wait=600)
            try:
                con.execute("SELECT count(*) FROM documents").fetchone()
            finally:
                con.close()
            waits.append(time.perf_counter() - asked)
            time.sleep(every)
    finally:
        ingest.wait()
    if ingest.returncode:
        raise RuntimeError(f"{code}: the ingest ended with {ingest.returncode}")
    return waits


def summary(label: str, waits: list[float]) -> str:
    if not waits:
        return f"{label}: the ingest ended before the analyst could ask"
    return (
        f"{label}: {len(waits)} opens, median wait {statistics.median(waits):.2f} s, "
        f"longest {max(waits):.2f} s, over 1 s: {sum(w > 1 for w in waits)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100, help="synthetic documents")
    parser.add_argument("--every", type=float, default=0.3, help="seconds between opens")
    parser.add_argument("--corpus", type=Path, help="where the synthetic documents are kept")
    parser.add_argument("--baseline", type=Path, help="another checkout, its ingest run too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="calpae-sharing-") as work:
        work_dir = Path(work)
        pool = args.corpus or work_dir / "corpus"
        folder = folder_of(build_corpus(pool, args.size), work_dir / f"n{args.size}")
        checkouts = {"this checkout": ROOT}
        if args.baseline:
            checkouts["baseline"] = args.baseline.resolve()
        for index, (label, code) in enumerate(checkouts.items()):
            db = work_dir / f"warehouse{index}.duckdb"
            print(
                summary(
                    f"{label} ({args.size} documents)",
                    waits_during_ingest(code, folder, db, args.every),
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
