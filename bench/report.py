"""Report benchmark: prints figures, asserts nothing.

    .venv/bin/python -m bench.report --db data/curated/calpae.duckdb
    .venv/bin/python -m bench.report --sizes 10 100 1000 [--corpus DIR]   # bench.scale's corpora
    .venv/bin/python -m bench.report --db ... --no-browser

For each warehouse: the report built in a process of its own (wall seconds,
its peak memory), its size on disk and number of files, per kind of page
(index, actions, documents, département, quality, findings, evidence of a
document, sums of a département) the
count, total and largest; and, with headless Chromium when installed, the
seconds the largest page of each kind takes to open: from asking for it to
its being shown (parsed, its scripts run, a packed page's content unpacked
and in place), timed inside the browser (``open_seconds``), median of three.
``--pack``/``--no-pack`` build it packed or plain (default: the report's own
choice by its number of documents).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def build_apart(db: Path, out: Path, packed: bool | None = None) -> dict:
    """``build_report`` in a fresh Python process: its wall time, its own peak
    memory (``own_mib``, its peak resident memory), and the peak of the memory
    it and its helper process take together (``together_mib``: their
    proportional set sizes added, each shared page counted once, sampled
    every ``SAMPLE`` seconds; a child's own peak cannot be asked for, as
    Linux counts in it the memory of the process it was forked from).
    ``peak_mib`` is the larger of the two."""
    code = (
        "import json, resource, sys, time; from pathlib import Path; "
        "from calpae.outputs.report import build_report; t = time.perf_counter(); "
        "build_report(Path(sys.argv[1]), Path(sys.argv[2]), packed=json.loads(sys.argv[3])); "
        "print(json.dumps({'wall': time.perf_counter() - t, "
        "'own_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    build = subprocess.Popen(
        [sys.executable, "-c", code, str(db), str(out), json.dumps(packed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    together = 0.0
    while build.poll() is None:
        together = max(together, resident_mib(build.pid))
        time.sleep(SAMPLE)
    stdout, stderr = build.communicate()
    if build.returncode:
        raise SystemExit(f"the report's build failed:\n{stderr[-3000:]}")
    last = stdout.strip().splitlines()[-1]
    figures = json.loads(last[last.rindex("{") :])  # after a progress bar on the line, if any
    return {**figures, "together_mib": together, "peak_mib": max(together, figures["own_mib"])}


SAMPLE = 0.2


def resident_mib(pid: int) -> float:
    """The memory a process and its children take, in MiB (0 once gone):
    their proportional set sizes added (a page shared by two processes, such
    as a library's, counts half in each)."""
    total = 0.0
    for process in [pid, *children(pid)]:
        try:
            status = Path(f"/proc/{process}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", status, re.M)
        total += int(found.group(1)) / 1024 if found else 0.0
    return total


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (and theirs), from ``/proc``."""
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            kids = [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *children(kid)]
    return found


def kind_of(page: Path, out: Path) -> str:
    relative = page.relative_to(out)
    if relative.parts[0] == "evidence":
        return "sum" if page.name.startswith("sum-") else "evidence"
    if relative.parts[0] == "quality":
        return "findings"
    if page.name.startswith("departement-"):
        return "departement"
    return page.stem.split("-")[0]  # index, quality, actions, documents (and its pages)


def pages_by_kind(out: Path) -> dict[str, list[Path]]:
    kinds: dict[str, list[Path]] = defaultdict(list)
    for page in out.rglob("*.html"):
        kinds[kind_of(page, out)].append(page)
    return kinds


HARNESS = """<!DOCTYPE html><title>-</title><body><script>
var start = performance.now(), frame = document.createElement("iframe");
window.addEventListener("message", function (event) {
  if (event.data === "calpae:ready") document.title = "LOADED " + (performance.now() - start);
});
frame.src = %s; document.body.appendChild(frame);
</script></body>"""
"""Opens a page in a frame and times it until the page says it is shown
(``assets/report.js`` posts ``calpae:ready`` after its load event, or once a
packed page's content is unpacked and in place)."""


def open_seconds(page: Path, profile: Path, runs: int = 3) -> float:
    """Median seconds a page takes to open in headless Chromium: from asking
    for it to its being shown (parsed, styled, its scripts run, its content
    unpacked when packed),
    measured in the browser by a harness page that loads it in a frame (the
    browser's own start-up left out)."""
    harness = profile.parent / f"harness-{page.stem}.html"
    harness.write_text(HARNESS % json.dumps(page.as_uri()), encoding="utf-8")
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--allow-file-access-from-files",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=60000",  # the page's async work (unpacking) waited for
        "--dump-dom",
        harness.as_uri(),
    ]
    times = []
    for _ in range(runs):
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        found = re.search(r"<title>LOADED ([0-9.]+)</title>", done.stdout)
        times.append(float(found.group(1)) / 1000 if found else float("nan"))
    return statistics.median(times)


def figures(db: Path, browser: bool, runs: int = 3, packed: bool | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="calpae-report-") as tmp:
        out = Path(tmp) / "report"
        build = build_apart(db, out, packed)
        files = [p for p in out.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        blocks = sum(p.stat().st_blocks * 512 for p in files)
        print(
            f"{db}: built in {build['wall']:.1f} s, peak {build['peak_mib']:.0f} MiB "
            f"(its own {build['own_mib']:.0f}, with its helper {build['together_mib']:.0f}); "
            f"{size / 1e6:.1f} MB in {len(files)} files ({blocks / 1e6:.1f} MB in disk blocks)"
        )
        kinds = pages_by_kind(out)
        profile = Path(tmp) / "profile"
        print(f"  {'kind':<12} {'pages':>6} {'MB':>8} {'largest KB':>11} {'opens in s':>11}")
        for kind, pages in sorted(kinds.items()):
            largest = max(pages, key=lambda p: p.stat().st_size)
            total = sum(p.stat().st_size for p in pages)
            opened = open_seconds(largest, profile, runs) if browser and CHROMIUM else None
            shown = f"{opened:>11.2f}" if opened is not None else f"{'':>11}"
            print(
                f"  {kind:<12} {len(pages):>6} {total / 1e6:>8.2f} "
                f"{largest.stat().st_size / 1e3:>11.0f} {shown}"
            )


def scale_warehouses(sizes: list[int], corpus: Path | None, work: Path) -> list[Path]:
    """Warehouses of bench.scale's synthetic corpora, one per size."""
    from bench.scale import build_corpus, folder_of, run_apart

    pool = corpus or work / "pool"
    paths = build_corpus(pool, max(sizes))
    dbs = []
    for size in sizes:
        db = work / f"w{size}" / "calpae.duckdb"
        run_apart(folder_of(paths[:size], work / f"docs{size}"), db, 2)
        dbs.append(db)
    return dbs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, action="append", help="a warehouse (repeatable)")
    parser.add_argument("--sizes", type=int, nargs="+", help="bench.scale corpora of these sizes")
    parser.add_argument("--corpus", type=Path, help="where the synthetic documents are kept")
    parser.add_argument("--no-browser", action="store_true", help="skip the opening times")
    parser.add_argument("--runs", type=int, default=3, help="openings per page (median)")
    parser.add_argument("--pack", action=argparse.BooleanOptionalAction, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="calpae-report-scale-") as tmp:
        dbs = list(args.db or [])
        if args.sizes:
            dbs += scale_warehouses(args.sizes, args.corpus, Path(tmp))
        if not dbs:
            parser.error("give --db or --sizes")
        for db in dbs:
            figures(db, not args.no_browser, args.runs, args.pack)
    return 0


if __name__ == "__main__":
    sys.exit(main())
