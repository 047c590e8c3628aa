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

    @property
    def nullable_key(self) -> frozenset[str]:
        """The parts of the key that may be empty (a portal unit without a code)."""
        return NULLABLE_KEY_PARTS & frozenset(self.key)

    @property
    def key_name(self) -> str:
        """The name of the index that keeps the key unique (a primary key's, or a unique
        index's when part of the key may be empty)."""
        return f"{self.name}_key"

    def ddl(self) -> str:
        """``CREATE TABLE IF NOT EXISTS`` for this table (types shared by DuckDB and PostgreSQL),
        its key a primary key: two imports can never store the same key twice. A key with an
        empty part gets a unique index instead (``key_ddl``)."""
        columns = [
            f"{name} {SQL_TYPES[kind]}{' NOT NULL' if self._not_null(name) else ''}"
            for name, kind in self.columns.items()
        ]
        if not self.nullable_key:
            columns.append(f"CONSTRAINT {self.key_name} PRIMARY KEY ({', '.join(self.key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(columns)})"

    def _not_null(self, column: str) -> bool:
        return column in self.key and column not in self.nullable_key

    def key_expressions(self) -> list[str]:
        """The key as the unique index holds it: an empty part as ``''``, so that it matches
        itself (``NULL`` never equals ``NULL``) and a plain equality can use the index."""
        return [f"coalesce({k}, '')" if k in self.nullable_key else k for k in self.key]

    def key_ddl(self) -> str:
        """What makes the key unique in a store that lacks it: ``ALTER TABLE … ADD PRIMARY
        KEY``, or the unique index of a key with an empty part (the same statement on DuckDB and
        PostgreSQL)."""
        if not self.nullable_key:
            return f"ALTER TABLE {self.name} ADD CONSTRAINT {self.key_name} PRIMARY KEY ({', '.join(self.key)})"
        parts = ", ".join(f"({e})" if "(" in e else e for e in self.key_expressions())
        return f"CREATE UNIQUE INDEX IF NOT EXISTS {self.key_name} ON {self.name} ({parts})"


NULLABLE_KEY_PARTS = frozenset({"portal_unit_code"})
"""Key columns that may be empty: the portal's Shape A names its units without a code."""

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
