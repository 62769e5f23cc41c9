"""Ingestion benchmark: prints figures, asserts nothing.

    .venv/bin/python -m bench.ingest [--pdf-pages 60] [--workers 2]

1. Cold ingest of data/raw/ into a fresh warehouse, then a warm re-run.
2. PDF ingest: PDFs rendered from the corpus (cached under bench/out/pdf/) go
   through the real pipeline (``calpae.pipeline.run.ingest``: read, extract,
   load) and, in the same run, through pdfplumber's bare ``extract_text`` +
   ``extract_tables`` on every page. Prints pages/s of both, their ratio, and
   whether the same table cells were recovered.
3. Peak memory (max RSS) of this process and of the worker processes.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from bench.pdf_ingest import cells_of, pdfplumber_baseline, render_corpus_pdfs
from calpae.pipeline.ingest import read_document
from calpae.pipeline.run import RunSummary, ingest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
PDF_DIR = ROOT / "bench" / "out" / "pdf"


def pages_loaded(summary: RunSummary, db_path: Path) -> int:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        (pages,) = con.execute("SELECT coalesce(sum(pages), 0) FROM documents").fetchone()
    finally:
        con.close()
    return int(pages)


def timed_ingest(folder: Path, db_path: Path, workers: int) -> tuple[RunSummary, float]:
    start = time.perf_counter()
    summary = ingest([folder], db_path, workers=workers)
    return summary, time.perf_counter() - start


def corpus_figures(workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.duckdb"
        cold, cold_s = timed_ingest(RAW, db_path, workers)
        pages = pages_loaded(cold, db_path)
        warm, warm_s = timed_ingest(RAW, db_path, workers)
    print("corpus (text exports)")
    print(f"  documents {len(cold.outcomes)}, pages {pages}")
    print(f"  cold ingest {cold_s:.2f} s ({pages / cold_s:.0f} pages/s), {cold.counts}")
    print(f"  warm re-run {warm_s:.2f} s, {warm.counts}")


def pdf_figures(max_pages: int, workers: int) -> None:
    pdfs = sorted(PDF_DIR.glob("*.pdf"))
    if not pdfs:
        pdfs = render_corpus_pdfs(sorted(RAW.glob("*.txt")), PDF_DIR, max_pages=max_pages)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.duckdb"
        summary, ours_s = timed_ingest(PDF_DIR, db_path, workers)
        pages = pages_loaded(summary, db_path)

    start = time.perf_counter()
    baseline = [pdfplumber_baseline(path) for path in pdfs]
    base_s = time.perf_counter() - start
    base_pages = sum(n for n, _ in baseline)

    same = all(
        cells_of(read_document(path).pages) == cells
        for path, (_, cells) in zip(pdfs, baseline, strict=True)
    )
    print(f"PDF ({len(pdfs)} documents rendered from the corpus, {pages} pages)")
    print(
        f"  calpae ingest (read+extract+load, {workers} workers): {ours_s:.2f} s, "
        f"{pages / ours_s:.1f} pages/s, {summary.counts}"
    )
    print(
        f"  pdfplumber extract_text+extract_tables: {base_s:.2f} s, "
        f"{base_pages / base_s:.1f} pages/s"
    )
    print(f"  throughput ratio: {(pages / ours_s) / (base_pages / base_s):.1f}x")
    print(f"  same table cells recovered: {same}")


def peak_memory() -> None:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:.0f} MiB, largest worker {children:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-pages", type=int, default=60, help="Pages per rendered PDF.")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    corpus_figures(args.workers)
    pdf_figures(args.pdf_pages, args.workers)
    peak_memory()


if __name__ == "__main__":
    main()
