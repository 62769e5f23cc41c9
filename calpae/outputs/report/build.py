"""The report's entry point: read the warehouse, write the pages."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from calpae.outputs.report.data import read_warehouse, snapshot_marts
from calpae.outputs.report.render import render_report
from calpae.warehouse.database import LOCK_WAIT, READ_ONLY_CONFIG, open_database

REPORT_MEMORY = "256MB"
REPORT_CONFIG = {**READ_ONLY_CONFIG, "memory_limit": REPORT_MEMORY, "threads": 1}
"""The report's connection: the analysts' read-only one, its memory bounded
(DuckDB's default is most of the machine's, and the marts over a large
warehouse took it), on one thread (each thread holds its own hash tables), and
unlike the analysts' one allowed to spill to a folder of its own
(``report_connection``): the funding marts' plans outgrow any fixed bound as
the warehouse grows (300 MB did not hold them on the samples, 1 GB made the
build's peak grow with the documents), so the bound holds the build's memory
and the disk takes the rest."""


def report_connection(db_path: Path, spill: Path, wait: float) -> duckdb.DuckDBPyConnection:
    """The report's read-only connection (``REPORT_CONFIG``), spilling into
    ``spill``, with every mart it reads computed once (``snapshot_marts``)."""
    con = open_database(db_path, {**REPORT_CONFIG, "temp_directory": str(spill)}, wait)
    con.execute("SET enable_progress_bar = false")  # a long query prints nothing
    snapshot_marts(con)
    return con


def build_report(
    db_path: Path, out_dir: Path, wait: float = LOCK_WAIT, packed: bool | None = None
) -> Path:
    """Write a static HTML report of the warehouse at ``db_path`` into
    ``out_dir`` (national view, one page per département, data quality, and
    the evidence behind every figure) and return the path of its
    ``index.html``. The warehouse is opened read-only; the folder opens from
    the file system, with no network. The evidence, sums and findings pages
    are ``packed`` (their content compressed in the page, ``report.pack``):
    always, never, or by default from ``render.PACK_FROM_DOCUMENTS`` documents on."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run 'calpae ingest' first")
    with tempfile.TemporaryDirectory(prefix="calpae-report-") as spill:
        con = report_connection(db_path, Path(spill), wait)
        try:
            return render_report(read_warehouse(con), con, db_path, Path(out_dir), packed)
        finally:
            con.close()
