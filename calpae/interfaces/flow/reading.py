"""How the flow's ingest reads its documents: with ingest's own worker
processes (``api.ingest``), or on Dask (``on_dask``). No Prefect here: a run
from the command line begins reading before Prefect is imported.

With ``--dask`` (or ``CALPAE_DASK``) the documents are read on Dask workers
(a local cluster of worker processes, or an existing scheduler's workers,
which must see the same paths), each in a limited process of its own
(``pool.read_alone``: the workers are started non-daemonic,
``distributed.worker.daemon: false``, so that they may start it; an existing
scheduler's workers need the same); the workers run no Prefect code, so none
starts a Prefect server; loading stays in the flow: the warehouse keeps one
writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from calpae.ingest.pool import crashed, read_alone
from calpae.ingest.run import Process, RunSummary
from calpae.interfaces import api
from calpae.settings import Settings
from calpae.warehouse.records import Facts
from calpae.warehouse.registry import SourceFile

LOCAL_DASK_WORKERS = 2  # processes of a local cluster, one thread each


def ingest_now(paths: list[str] | None, settings: Settings) -> RunSummary:
    """The run's ingest: ``api.ingest`` with ingest's worker processes, or
    on Dask when the settings name it."""
    process = on_dask(settings.dask) if settings.dask else None
    return api.ingest(paths or None, settings=settings, process=process)


def on_dask(address: str) -> Process:
    """Documents read on Dask: a local cluster (``local``) or the scheduler at
    ``address``; each in a limited process of its own on its worker, its
    facts yielded as it completes and let go once yielded."""

    def process(
        todo: list[SourceFile], ingested_at: datetime, settings: Settings
    ) -> Iterator[Facts]:
        import dask
        from distributed import Client, LocalCluster, as_completed

        if not todo:
            return
        dask.config.set({"distributed.worker.daemon": False})  # a worker starts a reader
        cluster = (
            LocalCluster(
                n_workers=LOCAL_DASK_WORKERS,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            if address == "local"
            else None
        )
        try:
            with Client(cluster or address) as client:
                futures = {
                    client.submit(read_alone, source, ingested_at, settings, pure=False): source
                    for source in todo
                }
                for future in as_completed(list(futures)):
                    source = futures.pop(future)
                    try:
                        facts = future.result()
                    except Exception as error:  # the worker could not run it
                        facts = crashed(source, ingested_at, error)
                    future.release()
                    yield facts
        finally:
            if cluster is not None:
                cluster.close()

    return process
