"""Nightly schedule of the ingest flow, for the operator.

    prefect server start                                   # once, in its own terminal
    export PREFECT_API_URL=http://127.0.0.1:4200/api
    python -m calpae.flows.nightly                         # serve: every night at 02:00
    CALPAE_CRON="30 1 * * *" python -m calpae.flows.nightly

``serve`` keeps a long-running process that triggers the flow on schedule; it
needs a Prefect server or Prefect Cloud workspace (``PREFECT_API_URL``) and
refuses to start without one (exit 2). For a one-off run without any server,
use ``python -m calpae.flows.ingest_flow``.
"""

from __future__ import annotations

import os
import sys

from prefect.settings import PREFECT_API_URL

from calpae.flows.ingest_flow import ingest_flow

DEFAULT_CRON = "0 2 * * *"
NO_SERVER = (
    "no Prefect server to schedule on: start one (prefect server start) and set "
    "PREFECT_API_URL (e.g. http://127.0.0.1:4200/api), or run once without a schedule: "
    "python -m calpae.flows.ingest_flow"
)


def main() -> int:
    if not PREFECT_API_URL.value():
        print(NO_SERVER, file=sys.stderr)
        return 2
    ingest_flow.serve(name="calpae-nightly", cron=os.environ.get("CALPAE_CRON", DEFAULT_CRON))
    return 0


if __name__ == "__main__":
    sys.exit(main())
