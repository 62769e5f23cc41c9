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

from calpae.interfaces.api import export, ingest, query, report, show, status
from calpae.settings import Settings, load_settings

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
