"""``python -m calpae.interfaces.flow``: one run of the flow.

A package's ``__main__``, not the flow's module run as a script: worker
processes started by ``spawn`` (ingest's readers, a local Dask cluster's
workers and their readers) re-import their parent's main module unless it is
a ``__main__`` of a package, and the flow's module imports Prefect (seconds of
CPU in every reader, and Prefect where none should run).

It exits at once once the run is over (``exit_at_once``): the exit handlers
run, the interpreter's teardown does not."""

from calpae.interfaces.flow.command import exit_at_once, main

try:
    main()
except SystemExit as done:
    exit_at_once(done.code)
