"""Benchmarks of the ingest pipeline (run as ``python -m bench.<name>``)."""
