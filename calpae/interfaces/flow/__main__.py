"""``python -m calpae.interfaces.flow``: one run of the flow.

A package's ``__main__``, not the flow's module run as a script: worker
processes started by ``spawn`` (ingest's readers, a local Dask cluster's
workers and their readers) re-import their parent's main module unless it is
a ``__main__`` of a package, and the flow's module imports Prefect (seconds of
CPU in every reader, and Prefect where none should run)."""

from calpae.interfaces.flow.command import main

main()
