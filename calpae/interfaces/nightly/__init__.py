"""The nightly deployment of the ingest flow, as code: ``serve`` registers the
deployment ``calpae-ingest/calpae-nightly`` with its schedule (cron in the
Europe/Paris time zone, or ``CALPAE_TIMEZONE``) on a Prefect
server and stays up as the process that runs it (no separate worker).

    prefect server start --host 127.0.0.1 --port 4200        # once, its own terminal
    export PREFECT_API_URL=http://127.0.0.1:4200/api
    python -m calpae.interfaces.nightly data/raw --db data/curated/calpae.duckdb
    python -m calpae.interfaces.nightly --cron "30 1 * * *"        # or CALPAE_CRON
    prefect deployment run calpae-ingest/calpae-nightly       # a run now, besides the schedule

It refuses to start without a server (``PREFECT_API_URL`` unset: exit 2);
for a one-off run without any server, use ``python -m calpae.interfaces.flow``.
Paths and the warehouse are made absolute here: the runs start in a
process of their own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from prefect.schedules import Cron, Schedule
from prefect.settings import PREFECT_API_URL

from calpae.interfaces.flow.command import run_options
from calpae.interfaces.flow.prefect_flow import ingest_flow
from calpae.settings import Settings, load_settings

DEPLOYMENT = "calpae-nightly"
DEFAULT_CRON = Settings().cron
NO_SERVER = (
    "no Prefect server to schedule on: start one (prefect server start) and set "
    "PREFECT_API_URL (e.g. http://127.0.0.1:4200/api), or run once without a schedule: "
    "python -m calpae.interfaces.flow"
)


def parameters(paths: list[str], db: str | None, report: str | None = None) -> dict[str, object]:
    """The flow's parameters for every scheduled run, as absolute paths."""
    settings = load_settings(db=db, report=report)
    return {
        "paths": [str(Path(p).resolve()) for p in paths or [settings.raw]],
        "db": str(Path(settings.db).resolve()),
        "report": str(Path(settings.report).resolve()),
    }


@click.command()
@run_options
@click.option(
    "--cron",
    default=None,
    help=f"When to run (default: $CALPAE_CRON or '{DEFAULT_CRON}', every night at 02:00; "
    "in $CALPAE_TIMEZONE, default Europe/Paris).",
)
def main(paths: tuple[str, ...], db: str | None, report: str | None, cron: str | None) -> None:
    """Serve the nightly CALPAE ingestion on a Prefect server."""
    if not PREFECT_API_URL.value():
        click.echo(NO_SERVER, err=True)
        sys.exit(2)
    chosen = parameters(list(paths), db, report)
    ingest_flow.serve(name=DEPLOYMENT, schedule=schedule(cron), parameters=chosen)


def schedule(cron: str | None = None) -> Schedule:
    """The deployment's schedule: its cron (default 02:00 every night) in its
    time zone (``CALPAE_TIMEZONE``, default Europe/Paris: 02:00 in Paris, summer
    and winter alike)."""
    settings = load_settings(cron=cron)
    return Cron(settings.cron, timezone=settings.timezone)
