"""The nightly deployment of the ingest flow, as code: ``serve`` registers the
deployment ``calpae-ingest/calpae-nightly`` with its schedule on a Prefect
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

import argparse
import os
import sys
from pathlib import Path

from prefect.settings import PREFECT_API_URL

from calpae.interfaces.flow import add_run_arguments, ingest_flow
from calpae.settings import resolve

DEPLOYMENT = "calpae-nightly"
DEFAULT_CRON = "0 2 * * *"
NO_SERVER = (
    "no Prefect server to schedule on: start one (prefect server start) and set "
    "PREFECT_API_URL (e.g. http://127.0.0.1:4200/api), or run once without a schedule: "
    "python -m calpae.interfaces.flow"
)


def parameters(paths: list[str], db: str | None, report: str | None = None) -> dict[str, object]:
    """The flow's parameters for every scheduled run, as absolute paths."""
    return {
        "paths": [str(Path(p).resolve()) for p in paths or [resolve().raw]],
        "db": str(Path(db or resolve().db).resolve()),
        "report": str(Path(report or resolve().report).resolve()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the nightly CALPAE ingestion.")
    add_run_arguments(parser)
    parser.add_argument(
        "--cron",
        default=os.environ.get("CALPAE_CRON", DEFAULT_CRON),
        help=f"when to run (default: $CALPAE_CRON or '{DEFAULT_CRON}', every night at 02:00)",
    )
    args = parser.parse_args(argv)
    if not PREFECT_API_URL.value():
        print(NO_SERVER, file=sys.stderr)
        return 2
    chosen = parameters(args.paths, args.db, args.report)
    ingest_flow.serve(name=DEPLOYMENT, cron=args.cron, parameters=chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
