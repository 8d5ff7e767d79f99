"""Schema, validation, import, the DuckDB store and the synthetic demo generator."""
