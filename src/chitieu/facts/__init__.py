"""The facts store: one table per kind of fact (canonical columns), the import history, and the
tables the engine keeps beside them. DuckDB file by default; PostgreSQL for a server."""

from chitieu.facts.schema import KEYS, TABLES, FactTable, table_for
from chitieu.facts.store import DuckDBStore, ImportRecord, open_store

__all__ = ["KEYS", "TABLES", "DuckDBStore", "FactTable", "ImportRecord", "open_store", "table_for"]
