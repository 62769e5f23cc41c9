"""Every benchmark script runs, on its smallest size (what CI can afford):
the figures they print are not checked, only that each runs to its end and
prints them. No timing is asserted anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "producers" / "libreoffice" / "004_33b71f1498aef849.pdf"

pytestmark = pytest.mark.slow


def run(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_pdf_ir_dumps_and_compares(tmp_path: Path):
    run("bench.pdf_ir", "dump", str(tmp_path / "a"), str(FIXTURE))
    run("bench.pdf_ir", "dump", str(tmp_path / "b"), str(FIXTURE))
    assert "1 of 1 identical" in run(
        "bench.pdf_ir", "compare", str(tmp_path / "a"), str(tmp_path / "b")
    )


def test_text_against_bare_spacy():
    out = run("bench.text_vs_spacy", "--runs", "1", "data/raw/004_33b71f1498aef849.txt")
    assert "ratio calpae / spaCy" in out


def test_report_figures(sample_warehouse: Path):
    out = run("bench.report", "--db", str(sample_warehouse), "--runs", "1")
    assert "peak" in out and "evidence" in out


def test_pdf_ingest_ratio():
    assert "ratio" in run("bench.ingest", "--pdf-counts", "1", "--pdf-pages", "3")


def test_pdf_folders_kept_and_the_yardstick_alone(tmp_path: Path):
    out = run(
        "bench.ingest", "--write-pdfs", str(tmp_path), "--pdf-counts", "1", "--pdf-pages", "3"
    )
    assert out.split() == [str(tmp_path / "pdfs1")]
    assert len(list((tmp_path / "pdfs1").glob("*.pdf"))) == 1
    assert "3 pages" in run("bench.ingest", "--bare", str(tmp_path / "pdfs1"))


def test_pdf_reader_alone():
    out = run("bench.pdf_ingest", "--max-pages", "3")
    figures = json.loads(out[out.index("{") :])
    assert figures["documents"] == 5 and figures["pages"] > 5
    assert figures["read_pdf"]["pages_per_s"] > 0 and figures["pdfplumber"]["pages_per_s"] > 0


def test_scale_smallest():
    assert "marts on" in run("bench.scale", "--sizes", "2")


def test_parity_one_document():
    assert "amounts" in run("bench.parity", "--producer", "libreoffice", "004_33b71f1498aef849.txt")


def test_flow_against_the_cli():
    out = run("bench.flow_vs_cli", "--sizes", "2", "--runs", "1", "--server", "--dask")
    for contender in ("cli+report", "flow-server", "flow-dask"):
        assert f"  {contender} " in out
    assert ") the CLI, " in out and ") CLI+report" in out


def test_an_analysts_waits_during_an_ingest():
    out = run("bench.sharing", "--size", "5", "--every", "0.1")
    assert "this checkout (5 documents):" in out
