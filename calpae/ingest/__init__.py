"""One ingestion run: the changed files read and extracted in limited worker
processes, each loaded in its own transaction."""
