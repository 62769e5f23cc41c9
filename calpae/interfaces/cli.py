"""The ``calpae`` command line: ingest, status, sql, show, export, report.

Each command is a thin shell over a function of the Python API
(``calpae.interfaces.api``: ``ingest``, ``status``, ``query``, ``show``,
``export``, ``report``) that scripts call too. The settings (paths, limits,
knobs) are read once here, from the options, the environment and a config
file (``calpae.settings``), and passed down.
A user's mistake (a path that does not exist, no SQL, no warehouse yet, a
busy warehouse) ends in one line on standard error and a non-zero exit, never
a traceback.
"""

from __future__ import annotations

import logging
import sys
from importlib.metadata import version
from pathlib import Path

import click
import duckdb
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from calpae.ingest.run import FileOutcome, IngestRunning
from calpae.interfaces import api
from calpae.outputs.cells import visible
from calpae.outputs.evidence import FactNotFound
from calpae.outputs.export import EXPORT_FORMATS
from calpae.outputs.formats import FORMATS, render
from calpae.outputs.query import QueryTimeout, QueryTooLarge
from calpae.settings import ConfigError, Settings, load_settings
from calpae.warehouse.database import WarehouseLocked
from calpae.warehouse.registry import NothingToRead

EXIT_FAILED = 1  # a document failed, or a query was refused
EXIT_USAGE = 2  # a user's mistake: a path, no SQL, no warehouse, a bad config file
EXIT_LOCKED = 75  # EX_TEMPFAIL: the warehouse is busy, try again later

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Warehouse file (default: $CALPAE_DB, the config file, or data/curated/calpae.duckdb).",
)


class CalpaeGroup(click.Group):
    """Turns a user's mistake into one line and its exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (WarehouseLocked, IngestRunning) as busy:
            fail(str(busy), EXIT_LOCKED)
        except (
            FileNotFoundError,
            NotADirectoryError,
            PermissionError,
            ConfigError,
            NothingToRead,
        ) as error:
            fail(str(error), EXIT_USAGE)
        except duckdb.Error as error:  # the warehouse itself: a full disk, an I/O error
            fail(warehouse_error(error), EXIT_FAILED)
        return None


def warehouse_error(error: duckdb.Error) -> str:
    """One line for an error of the warehouse itself; a full disk in so many words."""
    text = str(error).strip()
    first_line = text.splitlines()[0] if text else repr(error)
    if "No space left on device" in text:
        return f"the disk of the warehouse is full: {first_line}"
    return f"the warehouse could not be used: {first_line}"


def fail(message: str, code: int) -> None:
    click.echo(visible(f"Error: {message}"), err=True)
    sys.exit(code)


def say(line: str) -> None:
    """A line to the terminal, with the control and bidi characters of a
    document's name or text shown as escapes (``cells.visible``)."""
    click.echo(visible(line))


class VisibleFormatter(logging.Formatter):
    """Log lines name files and quote documents: their control characters as escapes."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record))


def settings_of(ctx: click.Context, **options: object) -> Settings:
    """The settings of this command: its options first, then the environment,
    the config file and the defaults (read once, here)."""
    return load_settings(ctx.obj.get("config") if ctx.obj else None, **options)


@click.group(cls=CalpaeGroup)
@click.version_option(version("calpae"), prog_name="calpae")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: $CALPAE_CONFIG or the nearest calpae.toml).",
)
@click.option("-v", "--verbose", count=True, help="More log lines (-vv: debug).")
@click.option("-q", "--quiet", is_flag=True, help="Errors only.")
@click.pass_context
def main(ctx: click.Context, config: Path | None, verbose: int, quiet: bool) -> None:
    """CALPAE warehouse: ingest convention documents, then query them.

    Exit codes: 0 done, 1 a document failed or a query was refused, 2 a
    mistake in the command (a path, no SQL, no warehouse yet), 75 the
    warehouse is in use by another process (waited CALPAE_LOCK_WAIT seconds)."""
    levels = (logging.WARNING, logging.INFO, logging.DEBUG)
    level = logging.ERROR if quiet else levels[min(verbose, 2)]
    handler = logging.StreamHandler()
    handler.setFormatter(VisibleFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    ctx.obj = {"config": config, "quiet": quiet}


@main.command("ingest")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel reader processes (default: 2).",
)
@click.option(
    "--accept",
    is_flag=True,
    help="Load new versions that lose most of their document's facts (held otherwise).",
)
@click.pass_context
def ingest_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    db_path: Path | None,
    workers: int,
    accept: bool,
) -> None:
    """Ingest files and folders (default: $CALPAE_RAW, the config file, or data/raw/)."""
    settings = settings_of(ctx, db=db_path, workers=workers)
    console = Console(stderr=True, quiet=ctx.obj["quiet"])
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
            shown = escape(visible(f"{outcome.outcome} {outcome.source_file}"))  # no markup
            progress.update(task, advance=1, description=shown)

        summary = api.ingest(
            paths, settings=settings, on_file=on_file, on_start=on_start, accept=accept
        )
    say(f"warehouse: {settings.db}")
    for line in summary.lines():
        say(line)
    if summary.has_failures:
        sys.exit(EXIT_FAILED)


@main.command("status")
@db_option
@click.pass_context
def status_command(ctx: click.Context, db_path: Path | None) -> None:
    """Show what is in the warehouse."""
    for line in api.status(settings=settings_of(ctx, db=db_path)):
        say(line)


def sql_text(sql: str | None, sql_file: Path | None) -> str:
    """The query: the argument, a file (``-f``), or standard input (``-`` or
    nothing given on a pipe)."""
    if sql_file is not None:
        text = sql_file.read_text(encoding="utf-8")
    elif sql == "-" or (sql is None and not sys.stdin.isatty()):
        text = sys.stdin.read()
    else:
        text = sql or ""
    if not text.strip():
        raise click.UsageError("no SQL given: an argument, -f FILE, or SQL on standard input")
    return text


@main.command("sql")
@click.argument("sql", required=False)
@click.option(
    "-f", "--file", "sql_file", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--csv", "as_csv", is_flag=True, help="Same as --format csv.")
@click.pass_context
def sql_command(
    ctx: click.Context,
    sql: str | None,
    sql_file: Path | None,
    db_path: Path | None,
    fmt: str,
    as_csv: bool,
) -> None:
    """Run a read-only SQL query (an argument, -f FILE, or standard input)."""
    text = sql_text(sql, sql_file)
    try:
        columns, rows = api.query(text, settings=settings_of(ctx, db=db_path))
    except (duckdb.Error, QueryTimeout, QueryTooLarge) as error:
        raise click.ClickException(str(error).strip().splitlines()[0]) from error
    click.echo(render(columns, rows, "csv" if as_csv else fmt), nl=False)


@main.command("show")
@click.argument("fact_id")
@db_option
@click.option("--context", default=2, show_default=True, help="Source lines around the fact.")
@click.pass_context
def show_command(ctx: click.Context, fact_id: str, db_path: Path | None, context: int) -> None:
    """Show a fact (an amount, action or indicator value id) and its source lines."""
    try:
        evidence = api.show(fact_id, context, settings=settings_of(ctx, db=db_path))
    except FactNotFound as error:
        fail(str(error), EXIT_USAGE)
    click.echo("\n".join(evidence.lines()))


@main.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="parquet", show_default=True
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write (default: $CALPAE_EXPORT, the config file, or data/export/, "
    "then the format's name).",
)
@db_option
@click.pass_context
def export_command(ctx: click.Context, fmt: str, out: Path | None, db_path: Path | None) -> None:
    """Write every analyst relation to files: Parquet, CSV, JSON, or one Excel workbook."""
    for path in api.export(fmt, out, settings=settings_of(ctx, db=db_path)):
        click.echo(str(path))


@main.command("report")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write (default: $CALPAE_REPORT, the config file, or data/report/).",
)
@click.option(
    "--pack/--no-pack",
    "packed",
    default=None,
    help="Write the evidence, sums and findings pages compressed (unpacked by the browser), "
    "or plain (default: packed from 200 documents on).",
)
@db_option
@click.pass_context
def report_command(
    ctx: click.Context, out: Path | None, packed: bool | None, db_path: Path | None
) -> None:
    """Write the offline HTML report comparing départements (open its index.html)."""
    click.echo(str(api.report(out, settings=settings_of(ctx, db=db_path), packed=packed)))
