"""Tables of the facts store, derived from the canonical columns of ``domain.facts``."""

from __future__ import annotations

from dataclasses import dataclass

from chitieu.domain import FACT_COLUMNS, ColumnType, Source

SQL_TYPES: dict[ColumnType, str] = {
    ColumnType.TEXT: "VARCHAR",
    ColumnType.INTEGER: "INTEGER",
    ColumnType.DECIMAL: "DOUBLE",
    ColumnType.BOOLEAN: "BOOLEAN",
    ColumnType.TIMESTAMP: "TIMESTAMP",
    ColumnType.DATE: "DATE",
}


@dataclass(frozen=True, slots=True)
class FactTable:
    """A table of facts: its name, columns with logical types, and the key a new row replaces by."""

    source: Source
    name: str
    columns: dict[str, ColumnType]
    key: tuple[str, ...]

    def ddl(self) -> str:
        """``CREATE TABLE IF NOT EXISTS`` for this table (types shared by DuckDB and PostgreSQL)."""
        columns = ", ".join(f"{name} {SQL_TYPES[kind]}" for name, kind in self.columns.items())
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({columns})"


DVCQG_COLUMNS: dict[str, ColumnType] = {
    "unit_code": ColumnType.TEXT,
    "portal_unit_code": ColumnType.TEXT,
    "portal_unit_name": ColumnType.TEXT,
    "period": ColumnType.TEXT,
    "group_code": ColumnType.TEXT,
    "sub_indicator": ColumnType.TEXT,
    "numerator": ColumnType.DECIMAL,
    "denominator": ColumnType.DECIMAL,
    "ratio": ColumnType.DECIMAL,
    "score": ColumnType.DECIMAL,
    "max_score": ColumnType.DECIMAL,
}

KEYS: dict[Source, tuple[str, ...]] = {
    Source.DOSSIERS: ("dossier_code",),
    Source.PROCEDURES: ("procedure_code", "unit_code"),
    Source.PUBLICATIONS: ("procedure_code", "unit_code", "published_on"),
    Source.FEEDBACK: ("feedback_code",),
    Source.MANUAL: ("indicator", "unit_code", "period"),
    Source.DVCQG: (
        "portal_unit_code",
        "portal_unit_name",
        "period",
        "group_code",
        "sub_indicator",
    ),
}

_NAMES: dict[Source, str] = {
    Source.DOSSIERS: "dossiers",
    Source.PROCEDURES: "procedures",
    Source.PUBLICATIONS: "publications",
    Source.FEEDBACK: "feedback",
    Source.MANUAL: "manual_values",
    Source.DVCQG: "dvcqg_values",
}

TABLES: dict[Source, FactTable] = {
    source: FactTable(
        source,
        _NAMES[source],
        DVCQG_COLUMNS if source is Source.DVCQG else FACT_COLUMNS[source],
        KEYS[source],
    )
    for source in Source
}


def table_for(source: Source) -> FactTable:
    """The table of one kind of fact."""
    return TABLES[source]


IMPORTS_DDL = """
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY,
    source VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    checksum VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_written BIGINT NOT NULL,
    rows_new BIGINT,
    rows_replaced BIGINT,
    rows_unchanged BIGINT
)
"""

IMPORT_COUNTS = ("rows_new", "rows_replaced", "rows_unchanged")
"""The counts an import keeps since they were told apart; a store made before lacks them (they
are added, empty for its earlier imports)."""


CHANGE_LOG_DDL = """
CREATE TABLE IF NOT EXISTS change_log (
    seq BIGINT PRIMARY KEY,
    source VARCHAR NOT NULL
)
"""
"""One row per batch of replaced rows, numbered in order: what the engine has not yet seen."""

CHANGE_TRACKING_TABLE = "change_tracking"
CHANGE_TRACKING_DDL = f"""
CREATE TABLE IF NOT EXISTS {CHANGE_TRACKING_TABLE} (
    source VARCHAR PRIMARY KEY
)
"""
"""The sources whose imports the store keeps as changes (``changes_<table>``, ``change_log``):
the store's own flag, set by whoever keeps aggregates of them (the engine, after it computed
them) through ``keep_changes_sql``. Before that an import only replaces rows: a first import of
ten million dossiers is not written twice."""


def keep_changes_sql(source: Source) -> list[str]:
    """The statements (DuckDB's dialect, PostgreSQL's too) that make a store keep the changes of
    ``source`` from now on; running them again changes nothing."""
    return [
        CHANGE_TRACKING_DDL,
        f"INSERT INTO {CHANGE_TRACKING_TABLE} (source) SELECT '{source.value}' WHERE NOT EXISTS "
        f"(SELECT 1 FROM {CHANGE_TRACKING_TABLE} WHERE source = '{source.value}')",
    ]


ENGINE_STATE_TABLE = "engine_state"
ENGINE_STATE_DDL = f"""
CREATE TABLE IF NOT EXISTS {ENGINE_STATE_TABLE} (
    source VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    last_seq BIGINT NOT NULL,
    fingerprint VARCHAR NOT NULL,
    PRIMARY KEY (source, year)
)
"""
"""Per source and year, the last change the engine's partial aggregates include."""


def changes_table(table: FactTable) -> str:
    """The table keeping a fact table's changes for incremental compute: each batch's new rows
    with sign +1, the versions they replaced with sign -1."""
    return f"changes_{table.name}"
