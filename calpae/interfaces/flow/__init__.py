"""The Prefect flow of the nightly ingestion.

Run locally, no server needed (Prefect's temporary server is started with
the run, and the documents are read while it starts; with
``PREFECT_API_URL`` set, the run is recorded on that server instead):
    python -m calpae.interfaces.flow [PATH ...] [--db FILE]
    python -m calpae.interfaces.flow --dask local            # a Dask cluster here
    python -m calpae.interfaces.flow --dask tcp://host:8786  # an existing scheduler

- ``prefect_flow``: the flow (``ingest_flow``), its report task and artifacts;
- ``command``: the command line of one run (``main``), reading before
  Prefect is imported;
- ``reading``: the ingest's readers, worker processes or Dask;
- ``ahead``: an ingest begun before its flow run, taken over by it;
- ``server``: Prefect's temporary server of a one-off run.

The names below are imported when first asked for (PEP 562): running the
command (``-m calpae.interfaces.flow``) imports this package first, and
Prefect must not come with it.
"""

from __future__ import annotations

from importlib import import_module

_HOMES = {
    "ingest_flow": "prefect_flow",
    "run_flow": "prefect_flow",
    "run_once": "prefect_flow",
    "publish_report": "prefect_flow",
    "summary_markdown": "prefect_flow",
    "SERVER_STARTUP": "prefect_flow",
    "ingest_now": "reading",
    "on_dask": "reading",
    "main": "command",
    "run_options": "command",
}


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
