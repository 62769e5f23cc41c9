"""The Python API: the functions the command line calls, for scripts and
notebooks. Each reads its settings once (``load_settings``: the arguments
given, the environment, ``calpae.toml``, the defaults) unless given them.

    import calpae

    summary = calpae.ingest(["data/raw"])            # the warehouse of the settings
    columns, rows = calpae.query("select * from funding_comparison")
    print("\n".join(calpae.status()))
    calpae.report()                                   # data/report/index.html
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from calpae.ingest.run import FileOutcome, Process, RunSummary
from calpae.ingest.run import ingest as run_ingest
from calpae.outputs.evidence import Evidence, evidence_of
from calpae.outputs.export import export as export_relations
from calpae.outputs.query import query as run_query
from calpae.outputs.status import status_report
from calpae.settings import Settings, default_db, load_settings
from calpae.warehouse.database import connect


def settings_or_loaded(settings: Settings | None, **options: object) -> Settings:
    """``settings`` if given, else loaded with ``options`` first."""
    return settings or load_settings(**options)


def ingest(
    paths: Iterable[Path | str] | None = None,
    db: Path | str | None = None,
    workers: int | None = None,
    settings: Settings | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    accept: bool = False,
    process: Process | None = None,
) -> RunSummary:
    """Ingest files and folders (default: the raw folder of the settings)
    into the warehouse; the run's summary. ``accept``: load the new versions
    that lose most of their document's facts instead of holding them;
    ``process``: who reads the documents (default: limited worker processes,
    ``ingest.pool.process_all``)."""
    settings = settings_or_loaded(settings, db=db, workers=workers)
    chosen = [Path(p) for p in paths] if paths else [settings.raw]
    folder = settings.db.parent
    if not folder.is_dir() and settings.db.resolve() != default_db().resolve():
        raise FileNotFoundError(
            f"no folder {folder} for the warehouse {settings.db.name}: create it first "
            "(only the default data/curated/ is created)"
        )
    return run_ingest(
        chosen,
        settings.db,
        on_file=on_file,
        on_start=on_start,
        process=process,
        settings=settings,
        accept=accept,
    )


def query(
    sql: str, db: Path | str | None = None, settings: Settings | None = None
) -> tuple[list[str], list[tuple]]:
    """Run ``sql`` on the analysts' read-only connection: its columns and rows,
    within the limits of the settings (``query_timeout``, ``query_memory``,
    ``query_rows``)."""
    settings = settings_or_loaded(settings, db=db)
    con = connect(
        settings.db, read_only=True, wait=settings.lock_wait, memory=settings.query_memory
    )
    try:
        return run_query(con, sql, settings.query_timeout, settings.query_rows)
    finally:
        con.close()


def status(db: Path | str | None = None, settings: Settings | None = None) -> list[str]:
    """What the warehouse holds, in lines."""
    settings = settings_or_loaded(settings, db=db)
    con = connect(settings.db, read_only=True, wait=settings.lock_wait)
    try:
        return status_report(con)
    finally:
        con.close()


def show(
    fact_id: str, context: int = 2, db: Path | str | None = None, settings: Settings | None = None
) -> Evidence:
    """A fact (an amount, action or indicator value) and its source lines."""
    settings = settings_or_loaded(settings, db=db)
    con = connect(settings.db, read_only=True, wait=settings.lock_wait)
    try:
        return evidence_of(con, fact_id, context)
    finally:
        con.close()


def export(
    fmt: str = "parquet",
    out: Path | str | None = None,
    db: Path | str | None = None,
    settings: Settings | None = None,
) -> list[Path]:
    """Every analyst relation written to files; the files written."""
    settings = settings_or_loaded(settings, db=db)
    folder = Path(out) if out else settings.export / fmt
    return export_relations(settings.db, folder, fmt, settings.lock_wait)


def report(
    out: Path | str | None = None,
    db: Path | str | None = None,
    settings: Settings | None = None,
    packed: bool | None = None,
) -> Path:
    """The evaluators' offline HTML report; the path of its index.html. Its
    long listings are ``packed`` (compressed in the page) always, never, or
    by default from 200 documents on."""
    from calpae.outputs.report import build_report  # the templates, only here

    settings = settings_or_loaded(settings, db=db)
    folder = Path(out) if out else settings.report
    return build_report(settings.db, folder, settings.lock_wait, packed)
