"""CALPAE warehouse: the French départements' poverty conventions read from
their documents into DuckDB.

The Python API (the same functions as the command line)::

    import calpae

    summary = calpae.ingest(["data/raw"])
    print(summary.counts)
    columns, rows = calpae.query("select * from funding_comparison limit 5")
    print(calpae.report())

Where things are: ``readers`` (file → intermediate representation),
``extract`` (findings), ``warehouse`` (records, registry, loader, SQL),
``ingest`` (the run), ``outputs`` (exports, evidence, report), ``interfaces``
(this API, the CLI, the Prefect flows); ``settings`` and ``schemas`` below
them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from calpae.interfaces.api import export, ingest, query, report, show, status
    from calpae.settings import Settings, load_settings

_HOMES = {
    "export": "calpae.interfaces.api",
    "ingest": "calpae.interfaces.api",
    "query": "calpae.interfaces.api",
    "report": "calpae.interfaces.api",
    "show": "calpae.interfaces.api",
    "status": "calpae.interfaces.api",
    "Settings": "calpae.settings",
    "load_settings": "calpae.settings",
}
"""Where each name of the API lives: imported when first asked for, so that a
worker process importing ``calpae.ingest.work`` does not pay for DuckDB,
Arrow and the CLI (PEP 562)."""


def __getattr__(name: str) -> object:
    """The API's names, bound here at the first use of any: from then on
    ``calpae.ingest`` is the function, not the ``calpae.ingest`` package that
    the API imports on the way."""
    if name not in _HOMES:
        raise AttributeError(f"module 'calpae' has no attribute {name!r}")
    for each, home in _HOMES.items():
        globals()[each] = getattr(importlib.import_module(home), each)
    return globals()[name]


__all__ = [
    "Settings",
    "export",
    "ingest",
    "load_settings",
    "query",
    "report",
    "show",
    "status",
]
