"""The report's entry point: read the warehouse, write the pages."""

from __future__ import annotations

from pathlib import Path

from calpae.outputs.report.data import read_warehouse
from calpae.outputs.report.render import render_report
from calpae.warehouse.database import LOCK_WAIT, connect


def build_report(db_path: Path, out_dir: Path, wait: float = LOCK_WAIT) -> Path:
    """Write a static HTML report of the warehouse at ``db_path`` into
    ``out_dir`` (national view, one page per département, data quality, and
    the evidence behind every figure) and return the path of its
    ``index.html``. The warehouse is opened read-only; the folder opens from
    the file system, with no network."""
    con = connect(Path(db_path), read_only=True, wait=wait)
    try:
        warehouse = read_warehouse(con)
    finally:
        con.close()
    return render_report(warehouse, Path(db_path), Path(out_dir))
