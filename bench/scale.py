"""Scale benchmark: synthetic corpora of 10, 100 and 1 000 distinct documents
(the five samples rewritten for other départements, years and amount
spellings), each ingested into a fresh warehouse in a process of its own.
Prints figures, asserts nothing.

    .venv/bin/python -m bench.scale                      # sizes 10 100 1000
    .venv/bin/python -m bench.scale --sizes 10 100 --workers 2
    .venv/bin/python -m bench.scale --corpus /tmp/calpae-scale   # reuse the corpus

Per size: wall time, seconds per document, the time the run loop spent
waiting for extracted documents against loading them, peak memory of the
run's own process and of its largest worker, the warehouse's size on disk and
rows per relation. On the largest size, also: a run with nothing changed,
ten new documents on top of it (against the same ten into an empty
warehouse) and the time each mart takes to answer (median of five: the view
computed, and its rows fetched whole into Python).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bench.rewrite import RAW, Rewrite, rewrite_text
from calpae.schemas.reference import departments

SOURCES = ("67", "68", "71", "47")  # the samples' own départements


# --- the corpus --------------------------------------------------------------------


def samples() -> list[str]:
    return sorted(p.name for p in RAW.glob("*.txt"))


def plan_of(index: int) -> Rewrite:
    """The ``index``-th rewrite: another département for each sample's own,
    years moved by 0-2, one prose amount in 1-4 respelled (distinct texts)."""
    targets = [d.code for d in departments() if d.code not in SOURCES]
    variant = index // len(samples())
    mapping = {
        source: targets[(variant * 7 + offset * 13) % len(targets)]
        for offset, source in enumerate(SOURCES)
    }
    return Rewrite(
        departments=mapping,
        respell_every=1 + (variant // len(targets)) % 4,
        shift_years=(variant // (4 * len(targets))) % 3,
    )


def build_corpus(pool: Path, size: int) -> list[Path]:
    """The first ``size`` synthetic documents, written once into ``pool``."""
    pool.mkdir(parents=True, exist_ok=True)
    names = samples()
    texts = {name: (RAW / name).read_text(encoding="utf-8") for name in names}
    paths = []
    for index in range(size):
        name = names[index % len(names)]
        path = pool / f"{index:05d}_{name}"
        if not path.exists():
            text = rewrite_text(texts[name], plan_of(index))
            # a rewrite of a text naming no département changes nothing: a
            # last line keeps every document distinct
            path.write_text(f"{text}\nDocument de synthèse n° {index}\n", encoding="utf-8")
        paths.append(path)
    return paths


def folder_of(paths: list[Path], folder: Path) -> Path:
    """A folder holding exactly ``paths`` (hard links, no copies)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for path in paths:
        os.link(path, folder / path.name)
    return folder


# --- one run, in a process of its own -----------------------------------------------


class Timed(Iterator):
    """An iterator of facts, counting the seconds its caller waits on it
    (``waited``); it says ``ready`` as the iterator it wraps does (the run
    keeps the warehouse open while the next document is at hand)."""

    def __init__(self, facts: Iterator, waited: list[float]) -> None:
        self.facts, self.waited = facts, waited

    def __next__(self):  # noqa: ANN204 - a document's facts
        start = time.perf_counter()
        try:
            return next(self.facts)
        finally:
            self.waited[0] += time.perf_counter() - start

    def ready(self) -> bool:
        from calpae.ingest.run import next_is_ready

        return next_is_ready(self.facts)


def timed_process(process):  # noqa: ANN001, ANN201 - wraps pool.process_all
    """``process``, counting the seconds the run loop waits on it."""
    waited = [0.0]

    def wrapped(todo, ingested_at: datetime, settings) -> Timed:  # noqa: ANN001
        return Timed(process(todo, ingested_at, settings), waited)

    return wrapped, waited


def one_run(folder: Path, db: Path, workers: int) -> dict:
    """Ingest ``folder`` into ``db``; the figures of that run."""
    import resource

    from calpae.ingest.pool import process_all
    from calpae.ingest.run import ingest

    process, waited = timed_process(process_all)
    start = time.perf_counter()
    summary = ingest([folder], db, workers=workers, process=process)
    wall = time.perf_counter() - start
    return {
        "documents": len(summary.outcomes),
        "counts": summary.counts,
        "wall": wall,
        "waiting": waited[0],
        "own_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def run_apart(folder: Path, db: Path, workers: int) -> dict:
    """``one_run`` in a fresh Python process (its peak memory is its own)."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--one", str(folder), str(db), str(workers)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the warehouse -----------------------------------------------------------------


def warehouse_figures(db: Path) -> dict:
    import duckdb

    from calpae.warehouse.schema import FACT_TABLES

    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", *FACT_TABLES)
        }
    finally:
        con.close()
    return {"mib": size / 2**20, "rows": rows}


def mart_times(db: Path, repeat: int = 5) -> dict[str, tuple[float, float, int]]:
    """Per mart, on the analysts' connection, median seconds to answer (its
    rows counted: the view computed) and to fetch it whole into Python, and
    its rows."""
    from calpae.warehouse.database import connect
    from calpae.warehouse.schema import sql_files

    con = connect(db, read_only=True)

    def median_time(sql: str) -> tuple[float, list]:
        runs, rows = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            rows = con.execute(sql).fetchall()
            runs.append(time.perf_counter() - start)
        return statistics.median(runs), rows

    times = {}
    try:
        for name, _ in sql_files("marts"):
            answer, _ = median_time(f"SELECT count(*) FROM {name}")
            fetch, rows = median_time(f"SELECT * FROM {name}")
            times[name] = (answer, fetch, len(rows))
    finally:
        con.close()
    return times


# --- the report --------------------------------------------------------------------


def line(label: str, run: dict) -> str:
    per_doc = run["wall"] / max(run["documents"], 1)
    return (
        f"{label:<22} {run['documents']:>6} {run['wall']:>8.1f} {per_doc:>7.3f} "
        f"{run['waiting']:>8.1f} {run['wall'] - run['waiting']:>8.1f} "
        f"{run['own_mib']:>8.0f} {run['worker_mib']:>8.0f}"
    )


HEADER = (
    f"{'run':<22} {'docs':>6} {'wall s':>8} {'s/doc':>7} {'wait s':>8} "
    f"{'load s':>8} {'own MiB':>8} {'wkr MiB':>8}"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, help="where the synthetic documents are kept")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        folder, db, workers = args.one
        print(json.dumps(one_run(Path(folder), Path(db), int(workers))))
        return 0

    largest = max(args.sizes)
    with tempfile.TemporaryDirectory(prefix="calpae-scale-") as tmp:
        work = Path(tmp)
        pool = args.corpus or work / "pool"
        start = time.perf_counter()
        paths = build_corpus(pool, largest + 10)
        lines = sum(p.read_text(encoding="utf-8").count("\n") for p in paths[:largest])
        print(
            f"corpus: {largest} documents, {lines:,} lines, "
            f"{sum(p.stat().st_size for p in paths[:largest]) / 2**20:.0f} MiB "
            f"(built or found in {time.perf_counter() - start:.0f} s)"
        )
        print(HEADER)
        for size in args.sizes:
            folder = folder_of(paths[:size], work / f"docs{size}")
            db = work / f"w{size}" / "calpae.duckdb"
            run = run_apart(folder, db, args.workers)
            print(line(f"cold {size}", run), flush=True)
            figures = warehouse_figures(db)
            rows = ", ".join(f"{t} {n:,}" for t, n in figures["rows"].items())
            print(f"{'':<22} warehouse {figures['mib']:.0f} MiB; rows: {rows}", flush=True)

        db = work / f"w{largest}" / "calpae.duckdb"
        folder = work / f"docs{largest}"
        print(line(f"no change on {largest}", run_apart(folder, db, args.workers)))
        new = paths[largest : largest + 10]
        alone = run_apart(folder_of(new, work / "new10"), work / "alone" / "c.duckdb", args.workers)
        print(line("10 new, alone", alone))
        for path in new:
            os.link(path, folder / path.name)
        on_top = run_apart(folder, db, args.workers)
        print(line(f"10 new on {largest}", on_top))
        print(f"  incremental / alone: {on_top['wall'] / alone['wall']:.2f}x")
        print(f"marts on {largest + 10} documents (median of 5): computed, fetched whole")
        for name, (answer, fetch, rows) in mart_times(db).items():
            print(f"  {name:<28} {answer * 1000:>7.1f} ms {fetch * 1000:>7.1f} ms  {rows:>7,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
