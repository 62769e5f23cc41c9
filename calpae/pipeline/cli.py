"""The ``calpae`` command line: ingest, status, sql.

Each command is a thin shell over a Python function (``run.ingest``,
``status_report``, ``query``) that scripts and the Prefect flow call too.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click
import duckdb
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from calpae.pipeline.run import FileOutcome, ingest
from calpae.pipeline.warehouse import FACT_TABLES, WarehouseLocked, connect, default_db_path

DEFAULT_RAW = Path("data/raw")
PUBLIC_RELATIONS = (
    "documents",
    *(table for table in FACT_TABLES if table != "extraction_checks"),
    "data_quality",
    "funding_comparison",
    "action_funding",
)

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Warehouse file (default: $CALPAE_DB or data/curated/calpae.duckdb).",
)


EXIT_LOCKED = 75  # EX_TEMPFAIL: the warehouse is busy, try again later


class CalpaeGroup(click.Group):
    """Turns a busy warehouse into one line and its own exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except WarehouseLocked as locked:
            click.echo(f"Error: {locked}", err=True)
            ctx.exit(EXIT_LOCKED)


@click.group(cls=CalpaeGroup)
def main() -> None:
    """CALPAE warehouse: ingest convention documents, then query them in SQL.

    Exit codes: 0 done, 1 a document failed or a query was refused, 75 the
    warehouse is in use by another process (waited CALPAE_LOCK_WAIT seconds)."""


@main.command("ingest")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@db_option
@click.option("--workers", default=2, show_default=True, help="Parallel reader processes.")
def ingest_command(paths: tuple[Path, ...], db_path: Path | None, workers: int) -> None:
    """Ingest files and folders (default: data/raw/) into the warehouse."""
    console = Console(stderr=True)
    db_path = db_path or default_db_path()
    with Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=None)

        def on_start(total: int) -> None:
            progress.update(task, total=total)

        def on_file(outcome: FileOutcome) -> None:
            progress.update(task, advance=1, description=f"{outcome.outcome} {outcome.source_file}")

        summary = ingest(
            paths or (DEFAULT_RAW,), db_path, workers=workers, on_file=on_file, on_start=on_start
        )
    click.echo(f"warehouse: {db_path}")
    for line in summary.lines():
        click.echo(line)
    if summary.has_failures:
        sys.exit(1)


def status_report(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What the warehouse holds: documents by status and type, rows per relation."""
    lines = []
    for status, doc_type, n in con.execute(
        "SELECT status, doc_type, count(*) FROM documents GROUP BY ALL ORDER BY ALL"
    ).fetchall():
        lines.append(f"documents {status:<9} {doc_type:<18} {n}")
    for relation in PUBLIC_RELATIONS:
        (n,) = con.execute(f"SELECT count(*) FROM {relation}").fetchone()
        lines.append(f"rows {relation:<22} {n}")
    (last,) = con.execute("SELECT max(ingested_at) FROM documents").fetchone()
    lines.append(f"last ingest {last}")
    for source_file, status, reason in con.execute(
        "SELECT source_file, status, status_reason FROM documents "
        "WHERE status <> 'ok' ORDER BY source_file"
    ).fetchall():
        lines.append(f"{status.upper()}: {source_file}: {reason}")
    return lines


@main.command("status")
@db_option
def status_command(db_path: Path | None) -> None:
    """Show what is in the warehouse."""
    con = connect(db_path or default_db_path(), read_only=True)
    for line in status_report(con):
        click.echo(line)


def query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    result = con.execute(sql)
    columns = [d[0] for d in result.description or []]
    return columns, result.fetchall()


@main.command("sql")
@click.argument("sql")
@db_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
def sql_command(sql: str, db_path: Path | None, as_csv: bool) -> None:
    """Run a read-only SQL query against the warehouse."""
    con = connect(db_path or default_db_path(), read_only=True)
    try:
        columns, rows = query(con, sql)
    except duckdb.Error as error:
        raise click.ClickException(str(error)) from error
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)
