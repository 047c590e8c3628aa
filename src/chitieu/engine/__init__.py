"""The indicator engine: catalogue definitions compiled to SQL, run on DuckDB, PostgreSQL or Spark."""
