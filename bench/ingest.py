"""Ingestion benchmark: prints figures, asserts nothing.

    .venv/bin/python -m bench.ingest [--pdf-pages 60] [--copies 1] [--workers 2]
    .venv/bin/python -m bench.ingest --pdf-counts 1 3 10 30   # the PDF ratio only
    .venv/bin/python -m bench.ingest --write-pdfs DIR --pdf-counts 3 10 30  # DIR/pdfs3, ...
    .venv/bin/python -m bench.ingest --bare DIR/pdfs3      # pdfplumber alone over a folder

``--write-pdfs`` keeps the rendered folders and ``--bare`` runs the yardstick
alone, so that both sides can be timed as whole processes, in turn, by an
outside timer (``calpae ingest DIR/pdfs3 --db ...`` against ``--bare``).

1. Cold ingest of data/raw/ into a fresh warehouse, then a warm re-run.
2. PDF ingest: PDFs rendered from the corpus (``--copies`` times, so that the
   fixed start-up cost of a run, mostly loading spaCy's model in each worker,
   can be seen amortised) go through the real pipeline
   (``calpae.ingest.run.ingest``: read, extract, load) and, in the same run,
   through pdfplumber's bare ``extract_text`` + ``extract_tables`` on every
   page. Prints pages/s of both, their ratio, and whether the same table cells
   were recovered.
3. Peak memory (max RSS) of this process and of the worker processes.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from bench.pdf_ingest import cells_of, pdfplumber_baseline, render_corpus_pdfs
from calpae.ingest.run import RunSummary, ingest
from calpae.readers.document import read_document

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


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


def cpu_seconds() -> float:
    """CPU time of this process and of its ended children (the workers of a
    finished run) so far: a figure a busy machine does not inflate as much
    as wall time."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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


def render_batch(max_pages: int, copies: int, folder: Path) -> list[Path]:
    """The corpus rendered as PDFs, ``copies`` times: each copy differs by a
    trailing PDF comment, so the registry sees distinct documents."""
    originals = render_corpus_pdfs(sorted(RAW.glob("*.txt")), folder / "rendered", max_pages)
    batch = []
    for copy in range(copies):
        for original in originals:
            path = folder / "batch" / f"{original.stem}_copy{copy}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(original.read_bytes() + f"%copy {copy}\n".encode())
            batch.append(path)
    return batch


def pdf_figures(max_pages: int, copies: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = render_batch(max_pages, copies, Path(tmp))
        db_path = Path(tmp) / "bench.duckdb"
        summary, ours_s = timed_ingest(pdfs[0].parent, db_path, workers)
        pages = pages_loaded(summary, db_path)
        pdf_comparison(pdfs, summary, pages, ours_s, workers)


def pdf_comparison(
    pdfs: list[Path], summary: RunSummary, pages: int, ours_s: float, workers: int
) -> None:
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


def pdf_ratios(counts: list[int], max_pages: int, workers: int) -> None:
    """End to end (read, extract, load into a fresh warehouse) against
    pdfplumber's bare parse of the same files, for each number of PDFs."""
    print(f"PDFs: calpae ingest ({workers} workers) against pdfplumber extract_text+extract_tables")
    print(
        f"  {'PDFs':>5} {'pages':>6} {'calpae s':>9} {'pdfplumber s':>13} {'ratio':>6}"
        f" {'calpae CPU s':>13} {'pdfplumber CPU s':>17} {'CPU ratio':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        copies = -(-max(counts) // len(list(RAW.glob("*.txt"))))
        batch = render_batch(max_pages, copies, Path(tmp))
        for count in counts:
            folder = Path(tmp) / f"pdfs{count}"
            folder.mkdir()
            for path in batch[:count]:
                (folder / path.name).write_bytes(path.read_bytes())
            cpu = cpu_seconds()
            summary, ours_s = timed_ingest(folder, Path(tmp) / f"w{count}.duckdb", workers)
            ours_cpu, cpu = cpu_seconds() - cpu, cpu_seconds()
            start = time.perf_counter()
            baseline = [pdfplumber_baseline(path) for path in sorted(folder.iterdir())]
            base_s, base_cpu = time.perf_counter() - start, cpu_seconds() - cpu
            pages = sum(n for n, _ in baseline)
            print(
                f"  {count:>5} {pages:>6} {ours_s:>9.2f} {base_s:>13.2f} {base_s / ours_s:>5.1f}x"
                f" {ours_cpu:>13.2f} {base_cpu:>17.2f} {base_cpu / ours_cpu:>9.1f}x"
            )


def write_pdfs(folder: Path, counts: list[int], max_pages: int) -> None:
    """The PDFs ``pdf_ratios`` reads, kept: ``folder/pdfs<count>`` for each count."""
    copies = -(-max(counts) // len(list(RAW.glob("*.txt"))))
    batch = render_batch(max_pages, copies, folder)
    for count in counts:
        target = folder / f"pdfs{count}"
        target.mkdir(parents=True, exist_ok=True)
        for path in batch[:count]:
            (target / path.name).write_bytes(path.read_bytes())
        print(target)


def peak_memory() -> None:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:.0f} MiB, largest worker {children:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-pages", type=int, default=60, help="Pages per rendered PDF.")
    parser.add_argument("--copies", type=int, default=1, help="Copies of the rendered batch.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--pdf-counts", type=int, nargs="*", help="Only the PDF ratio at these numbers of PDFs."
    )
    parser.add_argument("--write-pdfs", type=Path, help="Keep the PDFs of each count in DIR.")
    parser.add_argument(
        "--bare", type=Path, help="Only pdfplumber's bare parse of a folder's PDFs."
    )
    args = parser.parse_args()
    if args.bare:
        pages = sum(pdfplumber_baseline(path)[0] for path in sorted(args.bare.glob("*.pdf")))
        print(f"pdfplumber extract_text+extract_tables: {pages} pages")
        return
    if args.write_pdfs:
        write_pdfs(args.write_pdfs, args.pdf_counts or [3, 10, 30], args.pdf_pages)
        return
    if args.pdf_counts:
        pdf_ratios(args.pdf_counts, args.pdf_pages, args.workers)
        return
    corpus_figures(args.workers)
    pdf_figures(args.pdf_pages, args.copies, args.workers)
    peak_memory()


if __name__ == "__main__":
    main()
