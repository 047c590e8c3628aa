"""The DuckDB facts store: a file in the home, memory bounded, spilling to the home's scratch.

Imports are all or nothing: the rows of a file replace the stored rows with the same key and the
history entry is written in one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import duckdb

from chitieu import clock
from chitieu.domain import Source
from chitieu.errors import ChitieuError
from chitieu.facts.failures import (
    UNCHANGED,
    Conflict,
    DuplicateKeysError,
    OwnerConflictError,
    StoreBusyError,
)
from chitieu.facts.locks import WAITING, announce, lock_wait
from chitieu.facts.replace import ReplaceSql, Written, outcome
from chitieu.facts.schema import (
    CHANGE_LOG_DDL,
    CHANGE_TRACKING_DDL,
    CHANGE_TRACKING_TABLE,
    IMPORT_COUNTS,
    IMPORTS_DDL,
    TABLES,
    FactTable,
    keep_changes_sql,
)
from chitieu.facts.sql import count, first_row, transaction

FACTS_FILE = "facts.duckdb"
SCRATCH_DIR = "tmp"
DEFAULT_MEMORY_LIMIT = "1GB"
MEMORY_LIMIT_ENV = "CHITIEU_MEMORY_LIMIT"
"""Overrides ``DEFAULT_MEMORY_LIMIT`` (``4GB``, ``512MB``): DuckDB spills beyond it to disk."""
_LIMIT = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)
SPILL_PREFIX = "spill-"
"""DuckDB's spill folder of one process in the scratch folder: ``spill-<pid>`` (two readers of
one store never share one; a killed process's is removed by the next import)."""
SHOWN_KEYS = 5
CONFLICTS_SHOWN = 5
_HELD = re.compile(r"Could not set lock on file|Conflicting lock is held", re.IGNORECASE)
_HOLDER = re.compile(r"\(PID (\d+)\)")


def configured_memory_limit() -> str:
    """The memory limit for DuckDB: ``$CHITIEU_MEMORY_LIMIT``, else ``DEFAULT_MEMORY_LIMIT``."""
    value = os.environ.get(MEMORY_LIMIT_ENV, "").strip()
    if not value:
        return DEFAULT_MEMORY_LIMIT
    if not _LIMIT.match(value):
        raise ChitieuError(f"{MEMORY_LIMIT_ENV} phải có dạng 4GB hoặc 512MB, không phải «{value}»")
    return value.replace(" ", "")


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One import in the history."""

    id: int
    source: str
    file: str
    checksum: str
    actor: str
    imported_at: dt.datetime
    rows_read: int
    rows_written: int
    rows_new: int | None = None
    rows_replaced: int | None = None
    rows_unchanged: int | None = None
    """The three counts are ``None`` for imports recorded before they were kept."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "source": self.source,
            "file": self.file,
            "checksum": self.checksum,
            "actor": self.actor,
            "imported_at": self.imported_at.isoformat(timespec="seconds"),
            "rows_read": self.rows_read,
            "rows_written": self.rows_written,
            "rows_new": self.rows_new,
            "rows_replaced": self.rows_replaced,
            "rows_unchanged": self.rows_unchanged,
        }


class FactsStore(Protocol):
    """What the import pipeline, the summary and the evaluation need of a facts store.

    ``connection`` is a DuckDB connection where files are staged and validated; ``replace_rows``
    moves validated rows from it into the stored facts. Queries are written in DuckDB's dialect
    with ``?`` parameters.
    """

    connection: duckdb.DuckDBPyConnection
    scratch: Path
    """A folder for the files an import stages and checks (removed afterwards)."""

    def rows(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query over the stored facts."""

    def has_table(self, name: str) -> bool:
        """Whether the store holds a table of this name."""

    def find_import(self, source: Source, checksum: str) -> ImportRecord | None:
        """The earlier import of the same content for the same kind of fact, if any."""

    def history(self) -> list[ImportRecord]:
        """Every import, oldest first."""

    def transaction(self) -> AbstractContextManager[None]:
        """All the writes inside commit together or not at all."""

    def replace_rows(self, table: FactTable, staged: str, *, keep_owners: bool = False) -> Written:
        """Replace stored rows by the staged ones; how many were new, replaced, unchanged.
        ``keep_owners``: ``OwnerConflictError`` (nothing written) when a fact's national code is
        stored under another unit (``replace.OWNER``), as an import asks."""

    def keep_changes(self, source: Source) -> None:
        """Keep every later import of ``source`` as a change (for incremental compute)."""

    def record_import(
        self,
        *,
        source: Source,
        file: str,
        checksum: str,
        actor: str,
        rows_read: int,
        written: Written,
    ) -> ImportRecord:
        """Add an entry to the import history."""

    def close(self) -> None:
        """Release the connections."""


def spill_directory(scratch: Path) -> Path:
    """Where this process's DuckDB spills: its own folder in the home's scratch folder, or in
    the system's temporary folder when the home cannot be written (a reader of a read-only
    home)."""
    if scratch.is_dir() and os.access(scratch, os.W_OK):
        return scratch / f"{SPILL_PREFIX}{os.getpid()}"
    return Path(tempfile.gettempdir()) / f"chitieu-{SPILL_PREFIX}{os.getpid()}"


def duckdb_config(
    scratch: Path, memory_limit: str | None
) -> dict[str, str | bool | int | float | list[str]]:
    """Settings given to ``duckdb.connect`` rather than spliced into ``SET`` statements: a home
    whose path holds a quote is a path like any other."""
    return {
        "memory_limit": memory_limit or configured_memory_limit(),
        "temp_directory": str(spill_directory(scratch)),
        "preserve_insertion_order": False,
    }


def holder_pid(error: BaseException) -> int | None:
    """The process DuckDB names as holding a file's lock (``None`` when it names none)."""
    found = _HOLDER.search(str(error))
    return int(found.group(1)) if found else None


def busy_message(pid: int | None, waited: float) -> str:
    """«kho dữ liệu đang được một tiến trình khác dùng (PID n)…»."""
    who = f" (PID {pid})" if pid is not None else ""
    return (
        f"kho dữ liệu đang được một tiến trình khác dùng{who}: đã chờ {waited:.0f} giây mà "
        f"chưa xong; {UNCHANGED}. Hãy chạy lại khi tiến trình đó kết thúc, hoặc đặt "
        "CHITIEU_LOCK_WAIT (số giây) lớn hơn"
    )


def connect_waiting(
    path: Path, *, read_only: bool, config: dict[str, str | bool | int | float | list[str]]
) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, waiting while another process holds it (an import, or readers when
    this one writes): retried until ``CHITIEU_LOCK_WAIT`` runs out, saying ``WAITING`` once;
    then ``StoreBusyError`` naming the holder's PID."""
    started = time.monotonic()
    delay = 0.05
    waited = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as error:
            if not _HELD.search(str(error)):
                raise
            elapsed = time.monotonic() - started
            limit = lock_wait()
            if elapsed >= limit:
                raise StoreBusyError(busy_message(holder_pid(error), elapsed)) from error
            if not waited:
                announce(WAITING)
                waited = True
            time.sleep(min(delay, limit - elapsed))
            delay = min(delay * 2, 0.5)


class DuckDBStore:
    """The facts store in a DuckDB file.

    Opened for writing by one process at a time (DuckDB locks the file); ``read_only`` opens
    share the file among readers, never create it and change nothing in it (nor in the home).
    """

    def __init__(
        self, path: Path, *, memory_limit: str | None = None, read_only: bool = False
    ) -> None:
        scratch = path.parent / SCRATCH_DIR
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
            scratch.mkdir(exist_ok=True)
        self.path = path
        self.scratch = scratch
        self.read_only = read_only
        self.connection = connect_waiting(
            path, read_only=read_only, config=duckdb_config(scratch, memory_limit)
        )
        if not read_only:
            try:
                self.ensure_schema()
            except BaseException:
                self.connection.close()
                raise

    def ensure_schema(self) -> None:
        """Create the tables that are missing, and the keys a store made before lacks (refused,
        named, when it already holds some key twice)."""
        for table in TABLES.values():
            if not self.has_table(table.name):
                self.connection.execute(table.ddl())
            if (table.nullable_key and not self._has_index(table.key_name)) or (
                not table.nullable_key and not self._has_primary_key(table.name)
            ):
                self._add_key(table)
        self.connection.execute(IMPORTS_DDL)
        self.connection.execute(CHANGE_LOG_DDL)
        for column in IMPORT_COUNTS:
            self.connection.execute(f"ALTER TABLE imports ADD COLUMN IF NOT EXISTS {column} BIGINT")
        if not self.has_table(CHANGE_TRACKING_TABLE):
            earlier = count(self.connection, "SELECT count(*) FROM imports")
            self.connection.execute(CHANGE_TRACKING_DDL)
            if earlier:
                track_earlier_store(self.keep_changes)

    def _has_primary_key(self, name: str) -> bool:
        return bool(
            first_row(
                self.connection,
                "SELECT 1 FROM duckdb_constraints() WHERE table_name = ? "
                "AND constraint_type = 'PRIMARY KEY'",
                [name],
            )
        )

    def _has_index(self, name: str) -> bool:
        return bool(
            first_row(
                self.connection, "SELECT 1 FROM duckdb_indexes() WHERE index_name = ?", [name]
            )
        )

    def _add_key(self, table: FactTable) -> None:
        check_unique(table, self.rows)
        self.connection.execute(table.key_ddl())

    def keep_changes(self, source: Source) -> None:
        """Keep every later import of ``source`` as a change (for incremental compute)."""
        for statement in keep_changes_sql(source):
            self.connection.execute(statement)

    def close(self) -> None:
        """Close the file."""
        self.connection.close()

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def rows(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query over the stored facts."""
        return [tuple(r) for r in self.connection.execute(sql, list(parameters)).fetchall()]

    def has_table(self, name: str) -> bool:
        """Whether the store holds a table of this name."""
        return bool(
            first_row(
                self.connection,
                "SELECT 1 FROM information_schema.tables WHERE table_name = ?",
                [name],
            )
        )

    def find_import(self, source: Source, checksum: str) -> ImportRecord | None:
        """The earlier import of the same content for the same kind of fact, if any."""
        row = first_row(
            self.connection,
            "SELECT * FROM imports WHERE source = ? AND checksum = ? ORDER BY id LIMIT 1",
            [source.value, checksum],
        )
        return import_record(row) if row else None

    def history(self) -> list[ImportRecord]:
        """Every import, oldest first."""
        rows = self.connection.execute("SELECT * FROM imports ORDER BY id").fetchall()
        return [import_record(r) for r in rows]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All the writes inside commit together or not at all."""
        with transaction(self.connection):
            yield

    def replace_rows(self, table: FactTable, staged: str, *, keep_owners: bool = False) -> Written:
        """Replace by key the stored rows of ``table`` by ``staged`` (a table or query of this
        connection with the table's columns, one row per key): rows new, replaced, unchanged.
        Unchanged rows are not rewritten.

        When the store keeps this kind of fact's changes (``keep_changes``), the batch is also
        kept as a change (rows written +1, the versions they replace -1), so that the next
        compute adds only its difference to the engine's partial aggregates; a batch that
        changes nothing logs nothing. With ``keep_owners`` a fact whose national code is stored
        under another unit refuses the batch (``OwnerConflictError``). Call inside
        ``transaction()``.
        """
        con = self.connection
        tracked = self._tracked(table)
        if tracked:
            columns = ", ".join(table.columns)
            con.execute(f"CREATE OR REPLACE TEMP TABLE _incoming AS SELECT {columns} FROM {staged}")
            staged = "_incoming"
        plan = ReplaceSql(table, staged)
        if keep_owners:
            refuse_conflicts(plan, self.rows)
        total = count(con, plan.total())
        if tracked:
            con.execute(plan.create_changes())
            seq = count(con, "SELECT coalesce(max(seq), 0) + 1 FROM change_log")
            if count(con, plan.log_added(seq)):
                con.execute("INSERT INTO change_log VALUES (?, ?)", [seq, table.source.value])
                con.execute(plan.log_removed(seq)).fetchall()
        replaced = count(con, plan.delete())
        inserted = count(con, plan.insert())
        if tracked:
            con.execute("DROP TABLE _incoming")
        return outcome(total, replaced, inserted)

    def _tracked(self, table: FactTable) -> bool:
        """Whether the store keeps this kind of fact's changes (its own flag)."""
        return bool(
            first_row(
                self.connection,
                f"SELECT 1 FROM {CHANGE_TRACKING_TABLE} WHERE source = ?",
                [table.source.value],
            )
        )

    def record_import(
        self,
        *,
        source: Source,
        file: str,
        checksum: str,
        actor: str,
        rows_read: int,
        written: Written,
    ) -> ImportRecord:
        """Add an entry to the import history. Call inside ``transaction()``."""
        next_id = count(self.connection, "SELECT coalesce(max(id), 0) + 1 FROM imports")
        record = new_record(next_id, source, file, checksum, actor, rows_read, written)
        self.connection.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", record_row(record)
        )
        return record


def check_unique(table: FactTable, rows: Callable[[str], list[tuple[Any, ...]]]) -> None:
    """Before a store made without keys gets them: ``DuplicateKeysError`` naming the table, how
    many keys it holds more than once (or empty) and a few of them; nothing is changed."""
    keys = ", ".join(table.key_expressions())
    empty = " OR ".join(f"{k} IS NULL" for k in table.key if k not in table.nullable_key)
    missing = rows(f"SELECT count(*) FROM {table.name} WHERE {empty}") if empty else [(0,)]
    if missing and missing[0][0]:
        raise DuplicateKeysError(
            f"kho dữ liệu có {missing[0][0]} dòng của bảng {table.name} thiếu khóa "
            f"({', '.join(table.key)}); {UNCHANGED}. Hãy xóa hoặc sửa các dòng đó rồi chạy lại"
        )
    found = rows(
        f"SELECT {keys}, count(*) AS n, count(*) OVER () FROM {table.name} GROUP BY {keys} "
        f"HAVING count(*) > 1 ORDER BY n DESC, {keys} LIMIT {SHOWN_KEYS}"
    )
    if not found:
        return
    width = len(table.key)
    shown = ", ".join(
        f"«{'/'.join(str(v) for v in row[:width])}» ({row[width]} lần)" for row in found
    )
    raise DuplicateKeysError(
        f"kho dữ liệu có {found[0][-1]} khóa ({', '.join(table.key)}) lưu hơn một lần trong bảng "
        f"{table.name} (do các lần nạp chạy cùng lúc trước đây), ví dụ {shown}; {UNCHANGED}. "
        "Hãy giữ lại một dòng cho mỗi khóa (hoặc nạp lại dữ liệu vào một kho mới) rồi chạy lại"
    )


def refuse_conflicts(plan: ReplaceSql, rows: Callable[[str], list[tuple[Any, ...]]]) -> None:
    """``OwnerConflictError`` when some incoming fact's national code is stored under another
    unit (``replace.OWNER``): such a fact is not moved, the import is refused whole."""
    query = plan.conflicts(CONFLICTS_SHOWN)
    if query is None:
        return
    found = rows(query)
    if not found:
        return
    width = len(plan.table.key)
    conflicts = [
        Conflict(tuple(str(v) for v in row[:width]), row[width], row[width + 1]) for row in found
    ]
    raise OwnerConflictError(conflicts, int(found[0][-1]))


def new_record(
    next_id: int,
    source: Source,
    file: str,
    checksum: str,
    actor: str,
    rows_read: int,
    written: Written,
) -> ImportRecord:
    """The history entry of an import made now (``chitieu.clock``)."""
    return ImportRecord(
        next_id,
        source.value,
        file,
        checksum,
        actor,
        clock.now().replace(microsecond=0),
        rows_read,
        written.written,
        written.new,
        written.replaced,
        written.unchanged,
    )


def record_row(record: ImportRecord) -> list[object]:
    """The values of a row of ``imports``, in its columns' order."""
    return [
        record.id,
        record.source,
        record.file,
        record.checksum,
        record.actor,
        record.imported_at,
        record.rows_read,
        record.rows_written,
        record.rows_new,
        record.rows_replaced,
        record.rows_unchanged,
    ]


def track_earlier_store(keep: Callable[[Source], None]) -> None:
    """A store made before it kept its own flag may hold sources the engine has computed, and
    it cannot know which without reading the engine's state: it keeps the changes of every
    computed source. Safe (an unlogged import after a compute would leave values stale); the
    cost is change rows until the next compute takes them in."""
    for source in Source:
        if source.is_computed:
            keep(source)


def import_record(row: tuple[Any, ...]) -> ImportRecord:
    """An import history entry from a row of ``imports``."""
    return ImportRecord(
        int(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        row[5],
        int(row[6]),
        int(row[7]),
        *(None if value is None else int(value) for value in row[8:11]),
    )


def open_store(
    home: Path, *, memory_limit: str | None = None, read_only: bool = False
) -> DuckDBStore:
    """The facts store of a home (``read_only``: shared with other readers, nothing written)."""
    return DuckDBStore(home / FACTS_FILE, memory_limit=memory_limit, read_only=read_only)


def store_exists(home: Path) -> bool:
    """Whether the home has a facts store yet."""
    return (home / FACTS_FILE).exists()


def discard_store(home: Path) -> None:
    """Remove a home's facts store and its scratch folder (when empty): for a command that
    created the store and then refused its input, so that the home is left as it was."""
    for name in (FACTS_FILE, f"{FACTS_FILE}.wal"):
        (home / name).unlink(missing_ok=True)
    scratch = home / SCRATCH_DIR
    if scratch.is_dir() and not any(scratch.iterdir()):
        scratch.rmdir()
