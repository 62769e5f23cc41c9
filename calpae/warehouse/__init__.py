"""The DuckDB warehouse: records (``records``, ``rows``), the registry of
source files (``registry``), opening a connection (``database``), the tables
and their migrations (``schema``, ``sql/schema.sql``), the SQL models in
layers (``models``: staging, intermediate, marts), what each public column
holds (``columns``), and loading one document's facts (``load``)."""
