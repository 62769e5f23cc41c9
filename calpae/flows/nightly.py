"""Nightly schedule of the ingest flow, for the operator.

    python -m calpae.flows.nightly            # serve: runs every night at 02:00
    CALPAE_CRON="30 1 * * *" python -m calpae.flows.nightly

``serve`` keeps a long-running process that triggers the flow on schedule; it
needs a Prefect server or Prefect Cloud workspace (PREFECT_API_URL). For a
one-off local run without any server, use ``python -m calpae.flows.ingest_flow``.
"""

from __future__ import annotations

import os

from calpae.flows.ingest_flow import ingest_flow

DEFAULT_CRON = "0 2 * * *"

if __name__ == "__main__":
    ingest_flow.serve(name="calpae-nightly", cron=os.environ.get("CALPAE_CRON", DEFAULT_CRON))
