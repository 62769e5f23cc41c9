"""``python -m calpae.interfaces.nightly``: serve the nightly deployment.

A package's ``__main__`` so that the processes started by ``spawn`` (each
flow run ``serve`` starts, and ingest's readers) do not re-import it, nor
Prefect through it, as their parent's main module."""

from calpae.interfaces.nightly import main

main()
