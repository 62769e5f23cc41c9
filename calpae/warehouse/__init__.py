"""The DuckDB warehouse: records, the registry of source files, the loader,
the schema (migrations) and the SQL layers (staging, intermediate, marts)."""
