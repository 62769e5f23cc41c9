"""The report's entry point: read the warehouse, write the pages."""

from __future__ import annotations

from pathlib import Path

from calpae.outputs.report.data import read_warehouse
from calpae.outputs.report.render import render_report
from calpae.warehouse.database import LOCK_WAIT, READ_ONLY_CONFIG, open_database

REPORT_CONFIG = {**READ_ONLY_CONFIG, "memory_limit": "1GB"}
"""The report's connection: the analysts' read-only one, its memory bounded
(DuckDB's default is most of the machine's, and the marts over a large
warehouse took it). The analysts' connection spills nothing to disk, so the
bound must hold the funding marts' plans: 300 MB did not on the samples once
the funding cells were read from table columns (issue 24)."""


def build_report(db_path: Path, out_dir: Path, wait: float = LOCK_WAIT) -> Path:
    """Write a static HTML report of the warehouse at ``db_path`` into
    ``out_dir`` (national view, one page per département, data quality, and
    the evidence behind every figure) and return the path of its
    ``index.html``. The warehouse is opened read-only; the folder opens from
    the file system, with no network."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run 'calpae ingest' first")
    con = open_database(db_path, REPORT_CONFIG, wait)
    con.execute("SET enable_progress_bar = false")  # a long query prints nothing
    try:
        warehouse = read_warehouse(con)
    finally:
        con.close()
    return render_report(warehouse, Path(db_path), Path(out_dir))
