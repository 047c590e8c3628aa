"""The facts store in PostgreSQL: the same tables as the DuckDB store, for a server
(``DATABASE_URL``) and for running the engine's shared test suite on PostgreSQL.

Rows are replaced by key exactly as ``DuckDBStore.replace_rows`` does, and kept as changes for
incremental compute once the engine has computed that kind of fact.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import duckdb
import pyarrow as pa
import sqlglot

from chitieu.domain import Source
from chitieu.errors import ChitieuError
from chitieu.facts.failures import UNCHANGED, StoreAccessError, StoreBusyError
from chitieu.facts.locks import (
    IMPORT_LOCK,
    LOCK_WAIT_ENV,
    STATEMENT_TIMEOUT_ENV,
    WAITING,
    announce,
    lock_wait,
    process_alive,
    stale_after,
    statement_timeout,
)
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
from chitieu.facts.sql import literal, transaction
from chitieu.facts.store import (
    ImportRecord,
    check_unique,
    duckdb_config,
    import_record,
    new_record,
    record_row,
    refuse_conflicts,
    track_earlier_store,
)

DATABASE_URL = "DATABASE_URL"
_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]*$")
SUPPORTED_SCHEMES = ("postgres", "postgresql", "sqlite")
"""``DATABASE_URL`` kinds: PostgreSQL for a server (facts there too), SQLite for the application
database alone (facts in the home's DuckDB file)."""
STAGE_PREFIX = "stage-"
_CLIENT = re.compile(r"^chitieu pid=(\d+) host=(.+)$")


class DatabaseUrlError(ChitieuError, ValueError):
    """``DATABASE_URL`` names a kind of database chitieu does not use."""


def checked_database_url(url: str) -> str:
    """``url`` when its scheme is one chitieu uses; ``DatabaseUrlError`` otherwise."""
    scheme = urlsplit(url).scheme.lower() if "://" in url else ""
    if scheme not in SUPPORTED_SCHEMES:
        raise DatabaseUrlError(
            f"biến môi trường {DATABASE_URL} không dùng được: kiểu «{scheme or url}» không được "
            "hỗ trợ, chỉ postgresql://… (máy chủ) hoặc sqlite:///… (tệp); hãy sửa hoặc bỏ biến này"
        )
    return url


def database_url() -> str | None:
    """``$DATABASE_URL`` when it names a PostgreSQL database, ``None`` when unset or SQLite
    (the facts stay in the home); ``DatabaseUrlError`` for any other kind (``mysql://…``), which
    would otherwise silently fall back to the home."""
    url = os.environ.get(DATABASE_URL, "").strip()
    if not url:
        return None
    checked_database_url(url)
    return url if url.startswith(("postgres://", "postgresql://")) else None


def client_name() -> str:
    """The ``application_name`` of this process's sessions: a waiting import reads it to tell
    whether the holder of the lock still runs (same machine, PID gone: abandoned)."""
    return f"chitieu pid={os.getpid()} host={socket.gethostname()}"


def postgres_ddl(ddl: str) -> str:
    """DDL written for DuckDB as PostgreSQL writes it (``DOUBLE`` → ``DOUBLE PRECISION``)."""
    return sqlglot.transpile(ddl, read="duckdb", write="postgres")[0]


def shown_url(url: str) -> str:
    """``url`` with its password hidden, for messages and logs.

    >>> shown_url("postgresql://chitieu:bí-mật@db:5432/tinh?sslmode=require")
    'postgresql://chitieu:***@db:5432/tinh?sslmode=require'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def unreachable_message(url: str, error: BaseException) -> str:
    """One sentence for a server that cannot be reached, the reason told apart from psycopg's
    (English, several lines) text."""
    text = str(error).lower()
    if "refused" in text or "no such file or directory" in text:
        reason = "máy chủ không nhận kết nối (cổng đóng hoặc máy chủ chưa chạy)"
    elif "timeout" in text or "timed out" in text:
        reason = "máy chủ không trả lời trong thời gian chờ"
    elif "password" in text or "authentication" in text:
        reason = "sai tên người dùng hoặc mật khẩu"
    elif "does not exist" in text:
        reason = "cơ sở dữ liệu hoặc người dùng không tồn tại"
    elif "could not translate host name" in text or "name or service not known" in text:
        reason = "không tìm thấy tên máy chủ"
    else:
        reason = "lỗi kết nối"
    return (
        f"không kết nối được PostgreSQL tại {shown_url(url)}: {reason}; {UNCHANGED}. Hãy kiểm "
        f"tra biến môi trường {DATABASE_URL} và máy chủ"
    )


def connect(url: str) -> Any:
    """A psycopg connection in autocommit mode; ``ChitieuError`` when it cannot be opened."""
    try:
        import psycopg  # noqa: PLC0415 — optional dependency, loaded only for PostgreSQL
    except ImportError as error:  # pragma: no cover — part of the dev extra
        raise ChitieuError("Chưa cài psycopg: pip install 'psycopg[binary]'") from error
    try:
        return psycopg.connect(
            url, autocommit=True, connect_timeout=5, application_name=client_name()
        )
    except psycopg.Error as error:
        raise StoreAccessError(unreachable_message(url, error)) from error


def table_exists(connection: Any, name: str) -> bool:
    """Whether a table (temporary ones included) of this name is on the search path."""
    found = connection.execute("SELECT to_regclass(%s) IS NOT NULL", [name]).fetchone()
    return bool(found and found[0])


def copy_rows(connection: Any, name: str, rows: pa.Table) -> None:
    """``COPY`` Arrow rows into the existing table ``name`` (columns by name)."""
    if rows.num_rows == 0:
        return
    columns = ", ".join(rows.column_names)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {_checked(name)} ({columns}) FROM STDIN") as copy,
    ):
        for row in zip(*(c.to_pylist() for c in rows.columns), strict=True):
            copy.write_row(row)


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _checked(name: str) -> str:
    """A table name chitieu made itself; anything else is refused (names are spliced in SQL)."""
    if not _NAME.match(name):
        raise ValueError(f"not a plain table name: {name!r}")
    return name


LOCK_ARGUMENTS = "%s::int, hashtext(current_schema())"
"""The advisory lock's two keys: chitieu's imports, and the store (its schema)."""


@dataclass(frozen=True, slots=True)
class Holder:
    """A session holding the import lock or a lock on the store's tables."""

    pid: int
    state: str
    idle: float
    """Seconds since its state last changed."""
    client: str

    @property
    def gone(self) -> bool:
        """Its client is a chitieu process of this machine that no longer runs."""
        found = _CLIENT.match(self.client)
        return bool(
            found
            and found.group(2) == socket.gethostname()
            and not process_alive(int(found.group(1)))
        )

    @property
    def abandoned(self) -> bool:
        """Gone, or idle in its transaction for longer than ``CHITIEU_STALE_AFTER``."""
        return self.gone or (
            self.state.startswith("idle in transaction") and self.idle >= stale_after()
        )

    def describe(self) -> str:
        """«phiên PostgreSQL PID n (idle in transaction từ 312 giây)»."""
        what = f"{self.state} từ {self.idle:.0f} giây" if self.state else "đang chạy"
        gone = ", tiến trình chitieu của nó không còn chạy" if self.gone else ""
        return f"phiên PostgreSQL PID {self.pid} ({what}{gone})"


def _terminate_hint(holders: Sequence[Holder]) -> str:
    return "; ".join(f"SELECT pg_terminate_backend({h.pid});" for h in holders)


class PostgresFacts:
    """Fact tables in one schema of a PostgreSQL database."""

    def __init__(self, connection: Any, *, schema: str | None = None) -> None:
        self.connection = connection
        self.schema = schema
        if schema is not None:
            if not _SCHEMA.match(schema):
                raise ValueError(f"not a plain schema name: {schema!r}")
            connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            connection.execute(f"SET search_path TO {schema}")
        self.ensure_schema()

    def ensure_schema(self) -> None:
        """Create the tables and keys that are missing (refused, named, when a store made before
        keys holds some key twice). Nothing to do, nothing locked: readers do not wait for an
        import. Otherwise under the import lock, so that two first imports do not race to
        create the same tables."""
        if self._schema_complete():
            return
        with self._translated(), transaction(self.connection):
            self.lock_for_import()
            self._create_schema()

    def _schema_complete(self) -> bool:
        names = [t.name for t in TABLES.values()] + [t.key_name for t in TABLES.values()]
        names += ["imports", "change_log", CHANGE_TRACKING_TABLE]
        found = self.connection.execute(
            "SELECT bool_and(to_regclass(n) IS NOT NULL) FROM unnest(%s::text[]) AS n",
            [names],
        ).fetchone()
        if not (found and found[0]):
            return False
        counts = self.connection.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = 'imports' AND column_name = ANY(%s)",
            [list(IMPORT_COUNTS)],
        ).fetchone()
        return bool(counts and counts[0] == len(IMPORT_COUNTS))

    def _create_schema(self) -> None:
        for table in TABLES.values():
            self.connection.execute(postgres_ddl(table.ddl()))
            if not table_exists(self.connection, table.key_name):
                check_unique(table, lambda sql: list(self.connection.execute(sql).fetchall()))
                self.connection.execute(postgres_ddl(table.key_ddl()))
        self.connection.execute(postgres_ddl(IMPORTS_DDL))
        self.connection.execute(postgres_ddl(CHANGE_LOG_DDL))
        for column in IMPORT_COUNTS:
            self.connection.execute(f"ALTER TABLE imports ADD COLUMN IF NOT EXISTS {column} BIGINT")
        if not table_exists(self.connection, CHANGE_TRACKING_TABLE):
            found = self.connection.execute("SELECT count(*) FROM imports").fetchone()
            self.connection.execute(postgres_ddl(CHANGE_TRACKING_DDL))
            if found and found[0]:
                track_earlier_store(self.keep_changes)

    def keep_changes(self, source: Source) -> None:
        """Keep every later import of ``source`` as a change (for incremental compute)."""
        for statement in keep_changes_sql(source):
            self.connection.execute(postgres_ddl(statement))

    def drop(self) -> None:
        """Drop the schema and everything in it (tests)."""
        if self.schema is not None:
            self.connection.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All the writes inside commit together or not at all."""
        with transaction(self.connection):
            yield

    @contextmanager
    def import_transaction(self) -> Iterator[None]:
        """An import's transaction: the import lock taken first (waiting, said, for another
        import into this store, at most ``CHITIEU_LOCK_WAIT``), each statement limited to
        ``CHITIEU_STATEMENT_TIMEOUT``; a wait or a statement that runs out is told in one
        sentence, naming the session that holds the store, with nothing changed."""
        with self._translated(), transaction(self.connection):
            self.lock_for_import()
            limit = statement_timeout()
            self.connection.execute(
                "SELECT set_config('statement_timeout', %s, true)", [f"{int(limit * 1000)}"]
            )
            yield

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """``translate`` what the block raises (outside its transaction: rolled back first)."""
        try:
            yield
        except Exception as error:
            translated = self.translate(error)
            if translated is None:
                raise
            raise translated from error

    def lock_for_import(self) -> None:
        """Take the store's import lock for the transaction; call right after ``BEGIN``. When
        another session holds it: ``StoreBusyError`` at once if that session's client is gone
        (with how to end it), else ``WAITING`` is said and the lock awaited within
        ``lock_timeout`` (which also bounds every other lock the import then waits for)."""
        con = self.connection
        wait = lock_wait()
        con.execute("SELECT set_config('lock_timeout', %s, true)", [f"{max(1, int(wait * 1000))}"])
        got = con.execute(
            f"SELECT pg_try_advisory_xact_lock({LOCK_ARGUMENTS})", [IMPORT_LOCK]
        ).fetchone()
        if got and got[0]:
            return
        holders = self.holders()
        gone = [h for h in holders if h.gone]
        if gone:
            raise StoreBusyError(
                f"kho dữ liệu đang bị giữ bởi {', '.join(h.describe() for h in gone)}: một lần "
                f"nạp đã bị dừng giữa chừng mà phiên của nó chưa kết thúc; {UNCHANGED}. Hãy kết "
                f"thúc phiên đó trên máy chủ ({_terminate_hint(gone)}) rồi chạy lại"
            )
        announce(WAITING)
        for holder in holders:
            if holder.abandoned:
                announce(
                    f"{holder.describe()} đang giữ kho; nếu lần nạp đó không còn chạy, hãy kết "
                    f"thúc phiên bằng {_terminate_hint([holder])}"
                )
        con.execute(f"SELECT pg_advisory_xact_lock({LOCK_ARGUMENTS})", [IMPORT_LOCK])

    def holders(self) -> list[Holder]:
        """The other sessions holding the import lock or a lock on the store's tables."""
        names = [t.name for t in TABLES.values()] + ["imports", "change_log"]
        rows = self.connection.execute(
            "SELECT DISTINCT a.pid, coalesce(a.state, ''), "
            "coalesce(extract(epoch FROM now() - a.state_change), 0)::float8, "
            "coalesce(a.application_name, '') "
            "FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid "
            "WHERE l.granted AND l.pid <> pg_backend_pid() AND ("
            "(l.locktype = 'advisory' AND l.classid = %s::int::oid "
            "AND l.objid = hashtext(current_schema())::oid AND l.objsubid = 2) OR "
            "(l.locktype = 'relation' AND l.database = (SELECT oid FROM pg_database "
            "WHERE datname = current_database()) AND l.relation = ANY("
            "SELECT to_regclass(n)::oid FROM unnest(%s::text[]) AS n))) ORDER BY a.pid",
            [IMPORT_LOCK, names],
        ).fetchall()
        return [Holder(int(p), str(s), float(i), str(c)) for p, s, i, c in rows]

    def translate(self, error: BaseException) -> ChitieuError | None:
        """An import's lock wait or statement that ran out, in the user's words (after the
        rollback: the store is as it was); ``None`` for anything else."""
        state = getattr(error, "sqlstate", None)
        if state == "55P03":  # lock_not_available: lock_timeout ran out
            holders = self.holders()
            who = f" ({', '.join(h.describe() for h in holders)})" if holders else ""
            hint = (
                f"; nếu phiên đó bị treo, hãy kết thúc nó bằng {_terminate_hint(holders)}"
                if holders
                else ""
            )
            return StoreBusyError(
                f"kho dữ liệu đang được một lần nạp khác dùng{who}: đã chờ {lock_wait():.0f} "
                f"giây mà chưa xong; {UNCHANGED}. Hãy chạy lại sau, hoặc đặt {LOCK_WAIT_ENV} "
                f"(số giây) lớn hơn{hint}"
            )
        if state == "57014":  # query_canceled: statement_timeout, or cancelled by an operator
            return StoreBusyError(
                f"một câu lệnh của lần nạp đã bị dừng trên máy chủ PostgreSQL (chạy quá "
                f"{statement_timeout():.0f} giây, {STATEMENT_TIMEOUT_ENV}, hoặc bị hủy); "
                f"{UNCHANGED}. Hãy chạy lại, hoặc đặt {STATEMENT_TIMEOUT_ENV} lớn hơn"
            )
        return None

    def _tracked(self, table: FactTable) -> bool:
        """Whether the store keeps this kind of fact's changes (its own flag)."""
        counted = self.connection.execute(
            f"SELECT count(*) FROM {CHANGE_TRACKING_TABLE} WHERE source = %s", [table.source.value]
        ).fetchone()
        return bool(counted and counted[0])

    def replace_rows(
        self, table: FactTable, rows: pa.Table, *, keep_owners: bool = False
    ) -> Written:
        """Replace by key the stored rows of ``table`` by ``rows`` (one row per key, the
        table's columns), as ``DuckDBStore.replace_rows`` does. Call inside ``transaction()``."""
        self._incoming(table)
        copy_rows(self.connection, "_incoming", rows.select(list(table.columns)))
        return self._replace(table, keep_owners=keep_owners)

    def replace_from_csv(
        self, table: FactTable, path: Path, *, keep_owners: bool = False
    ) -> Written:
        """``replace_rows`` from a CSV file of the table's columns in order (no header), streamed
        to the server in blocks: bounded memory whatever its size."""
        self._incoming(table)
        columns = ", ".join(table.columns)
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY _incoming ({columns}) FROM STDIN (FORMAT csv)") as copy,
            path.open("rb") as handle,
        ):
            for block in iter(lambda: handle.read(1 << 20), b""):
                copy.write(block)
        return self._replace(table, keep_owners=keep_owners)

    def _incoming(self, table: FactTable) -> None:
        self.connection.execute("DROP TABLE IF EXISTS _incoming")
        self.connection.execute(f"CREATE TEMP TABLE _incoming (LIKE {table.name})")

    def _replace(self, table: FactTable, *, keep_owners: bool = False) -> Written:
        """Replace by ``_incoming``, unchanged rows left alone; kept as a change (rows written
        +1, the versions they replace -1) when the store keeps this kind of fact's changes."""
        con = self.connection
        plan = ReplaceSql(table, "_incoming")
        # Planned on the rows as they are: a temporary table has no statistics until analysed.
        con.execute("ANALYZE _incoming")
        if keep_owners:
            refuse_conflicts(plan, lambda sql: list(con.execute(sql).fetchall()))
        found = con.execute(plan.total()).fetchone()
        total = int(found[0]) if found else 0
        if self._tracked(table):
            con.execute(plan.create_changes())
            row = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM change_log").fetchone()
            seq = int(row[0]) if row else 1
            if con.execute(plan.log_added(seq)).rowcount:
                con.execute("INSERT INTO change_log VALUES (%s, %s)", [seq, table.source.value])
                con.execute(plan.log_removed(seq))
        replaced = int(con.execute(plan.delete()).rowcount)
        inserted = int(con.execute(plan.insert()).rowcount)
        con.execute("DROP TABLE _incoming")
        return outcome(total, replaced, inserted)


class PostgresStore:
    """The facts store of a server: the facts in PostgreSQL, each file checked in DuckDB first.

    It answers to the same calls as ``DuckDBStore``, so the import pipeline is one: files are
    staged and validated by a private DuckDB (``connection``, in memory, its memory bounded; the
    staged rows in a scratch file, ``sources.ingest.scratch_database``), and only validated rows
    travel to PostgreSQL, as CSV through ``COPY``, in the one PostgreSQL transaction that also
    writes the import history. Two imports at the same moment write one after the other: the
    transaction takes the store's import lock first (``PostgresFacts.lock_for_import``), and
    every key is the table's primary key.
    """

    def __init__(
        self,
        url: str,
        *,
        scratch: Path,
        memory_limit: str | None = None,
        schema: str | None = None,
    ) -> None:
        connection = connect(url)
        try:
            self.server = PostgresFacts(connection, schema=schema)
        except BaseException:
            connection.close()
            raise
        self.scratch = scratch
        self.connection = duckdb.connect(config=duckdb_config(scratch, memory_limit))

    def close(self) -> None:
        """Close both connections."""
        self.connection.close()
        self.server.connection.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def rows(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query written in DuckDB's dialect, run on the server."""
        query = sqlglot.transpile(sql, read="duckdb", write="postgres")[0]
        return list(self.server.connection.execute(query, list(parameters)).fetchall())

    def has_table(self, name: str) -> bool:
        """Whether a table of this name is on the connection's search path."""
        return table_exists(self.server.connection, name)

    def find_import(self, source: Source, checksum: str) -> ImportRecord | None:
        """The earlier import of the same content for the same kind of fact, if any."""
        found = self.server.connection.execute(
            "SELECT * FROM imports WHERE source = %s AND checksum = %s ORDER BY id LIMIT 1",
            [source.value, checksum],
        ).fetchone()
        return import_record(found) if found else None

    def history(self) -> list[ImportRecord]:
        """Every import, oldest first."""
        found = self.server.connection.execute("SELECT * FROM imports ORDER BY id").fetchall()
        return [import_record(r) for r in found]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All the writes to the server inside commit together or not at all, one import at a
        time (``PostgresFacts.import_transaction``)."""
        with self.server.import_transaction():
            yield

    def replace_rows(self, table: FactTable, staged: str, *, keep_owners: bool = False) -> Written:
        """Replace stored rows by the staged ones (``staged``: a table or query of the DuckDB
        staging connection, one row per key), as ``DuckDBStore.replace_rows`` does. Call inside
        ``transaction()``."""
        columns = ", ".join(table.columns)
        self.scratch.mkdir(parents=True, exist_ok=True)
        # Named with the PID like the staging database: a killed import's copy is found and
        # removed by the next one (``sources.ingest.remove_stale_scratch``).
        prefix = f"{STAGE_PREFIX}{os.getpid()}-"
        with tempfile.TemporaryDirectory(dir=self.scratch, prefix=prefix) as folder:
            path = Path(folder) / "rows.csv"
            # DuckDB writes an empty text as "" and a missing value as nothing: PostgreSQL's CSV
            # reads them back as '' and NULL.
            self.connection.execute(
                f"COPY (SELECT {columns} FROM {staged}) TO {literal(str(path))} "
                "(FORMAT csv, HEADER false, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S.%f')"
            )
            return self.server.replace_from_csv(table, path, keep_owners=keep_owners)

    def keep_changes(self, source: Source) -> None:
        """Keep every later import of ``source`` as a change (for incremental compute)."""
        self.server.keep_changes(source)

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
        con = self.server.connection
        found = con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchone()
        next_id = int(found[0]) if found else 1
        record = new_record(next_id, source, file, checksum, actor, rows_read, written)
        con.execute(
            "INSERT INTO imports VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            record_row(record),
        )
        return record
