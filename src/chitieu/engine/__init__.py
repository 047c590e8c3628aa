"""The indicator engine: catalogue definitions compiled to SQL, run on DuckDB, PostgreSQL or Spark."""

from chitieu.engine.engines import Engine

__all__ = ["Engine"]
