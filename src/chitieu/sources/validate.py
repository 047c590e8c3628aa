"""Validating a staged import and converting it to the canonical types, in DuckDB.

One pass builds the typed table: each value converted, each problem of the row collected as a
short code in the list column ``_errors``; then duplicates of the key are looked for. The caller
turns the codes into Vietnamese messages with the file's positions and column names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import duckdb

from chitieu.domain import Source
from chitieu.domain.periods import MAX_YEAR, min_year
from chitieu.domain.periods import year_problem as why_year
from chitieu.facts.calendar import ensure_calendar
from chitieu.facts.schema import SQL_TYPES, table_for
from chitieu.facts.sql import count, first_row
from chitieu.sources.specs import FEEDBACK_WORKING_DAYS, SPECS, ColumnSpec, Kind
from chitieu.sources.values import (
    CHANNELS,
    ONLINE_LEVELS,
    PROBLEMS,
    boolean_value,
    date_value,
    decimal_problem,
    decimal_value,
    integer_value,
    mapped_value,
    quote,
    text_value,
    timestamp_problem,
    timestamp_value,
    whole_number_problem,
    whole_number_value,
    year_problem,
)

SEPARATOR = "\x1f"
_CALENDAR = "_calendar"
MAX_REPORTED = 200
GROUP_BYTES = 50
"""DuckDB memory a grouped aggregate needs per group held, even spilling (measured on dossier
codes: two million groups in 50 MB, ten million not); the repeat check groups no more keys in one
pass than the memory limit allows by this measure."""
MIN_GROUPS = 100_000
"""Never fewer keys a pass than this (each pass reads the whole file again)."""
_SIZE = re.compile(r"^\s*([\d.]+)\s*([KMGT]?i?B|bytes)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def memory_limit(con: duckdb.DuckDBPyConnection) -> int:
    """The connection's memory limit in bytes (``953.6 MiB`` as DuckDB reports it)."""
    row = first_row(con, "SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'")
    found = _SIZE.match(str(row[0])) if row else None
    if found is None:
        return 1 << 30
    unit = found.group(2).upper()
    return int(float(found.group(1)) * _UNITS[unit[0] if unit[0] in "KMGT" else ""])


RESOLVED = (Kind.UNIT, Kind.PERIOD, Kind.INDICATOR, Kind.PROCEDURE)
"""Kinds whose few distinct values are resolved in Python (``Resolver``), not in SQL."""

WHAT: dict[Kind, str] = {
    Kind.TIMESTAMP: "ngày giờ hợp lệ",
    Kind.DATE: "ngày hợp lệ",
    Kind.BOOLEAN: "giá trị có/không (1/0, true/false)",
    Kind.INTEGER: "số nguyên",
    Kind.WHOLE: "số nguyên (số đếm hay số tiền đồng, viết 15000 hoặc 15.000)",
    Kind.DECIMAL: "số",
    Kind.CHANNEL: "kênh nộp (1 trực tiếp, 2 trực tuyến, 3 bưu chính)",
    Kind.STATUS: "mã trạng thái hồ sơ (1–10)",
    Kind.RATING: "mức đánh giá (1–5)",
    Kind.ONLINE_LEVEL: "mức độ trực tuyến (full, partial, none)",
    Kind.UNIT: "mã hay tên một đơn vị trong cây đơn vị",
    Kind.PERIOD: "kỳ dạng 2024-Q1, 2024-03 hoặc 2024",
    Kind.INDICATOR: "mã chỉ số nhập tay trong danh mục",
    Kind.PROCEDURE: "mã thủ tục trong danh mục thủ tục đã nạp (chitieu ingest procedures)",
}


def _number(column: str) -> str:
    """A number as text for a message: ``5``, not ``5.0``."""
    return f"regexp_replace(CAST({column} AS VARCHAR), '\\.0$', '')"


@dataclass(frozen=True, slots=True)
class RowCheck:
    """A rule across columns of one row: when ``condition`` holds, the row is wrong at ``column``."""

    code: str
    column: str
    condition: str
    detail: str
    reason: str


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem at one position of the file."""

    position: int
    column: str
    reason: str
    also: tuple[int, ...] = ()
    """Other positions the problem involves (the repeats of a duplicated key)."""


@dataclass
class Validation:
    """The outcome: the typed table's name, its row count, and the problems (the first ones, and
    how many in all)."""

    typed: str
    rows: int
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    repeats: bool = True
    """Whether some key is given more than once (``_duplicates`` finds out)."""


def _converted(spec: ColumnSpec, column: str, raw_type: str) -> str:
    if spec.kind is Kind.TIMESTAMP:
        return timestamp_value(column, raw_type)
    if spec.kind is Kind.DATE:
        return date_value(column, raw_type)
    if spec.kind is Kind.BOOLEAN:
        return boolean_value(column, raw_type)
    if spec.kind is Kind.INTEGER:
        return integer_value(column, raw_type)
    if spec.kind is Kind.STATUS:
        value = integer_value(column, raw_type)
        return f"CASE WHEN {value} BETWEEN 1 AND 10 THEN {value} END"
    if spec.kind is Kind.RATING:
        value = integer_value(column, raw_type)
        return f"CASE WHEN {value} BETWEEN 1 AND 5 THEN {value} END"
    if spec.kind is Kind.WHOLE:
        return whole_number_value(column, raw_type)
    if spec.kind is Kind.DECIMAL:
        return decimal_value(column, raw_type)
    if spec.kind is Kind.CHANNEL:
        return mapped_value(column, CHANNELS)
    if spec.kind is Kind.ONLINE_LEVEL:
        return mapped_value(column, ONLINE_LEVELS)
    if spec.kind in RESOLVED:
        return f"_map_{spec.name}.value"
    return text_value(column)


def _problem(spec: ColumnSpec, text: str, raw_type: str) -> str:
    """SQL: the ``PROBLEMS`` code of a raw value (``text``, the raw column as text) that did not
    convert, when there is more to say than "not a …"; NULL otherwise."""
    if spec.kind is Kind.WHOLE:
        return whole_number_problem(text, raw_type)
    if spec.kind is Kind.DECIMAL:
        return decimal_problem(text, raw_type)
    if spec.kind is Kind.TIMESTAMP:
        return timestamp_problem(text)
    return "NULL"


def _value_check(spec: ColumnSpec, raw_type: str) -> str:
    """SQL: the first problem of one value (missing, a NUL character, not convertible) as an
    error code, or NULL. The raw text is shown with ``␀`` for a NUL: the character itself would
    vanish from the message (and PostgreSQL, which cannot store it, would fail on it)."""
    raw = f"_raw_{spec.name}"
    head = f"'{spec.name}{SEPARATOR}"
    branches = []
    if spec.required:
        branches.append(f"WHEN {raw} IS NULL THEN {head}required{SEPARATOR}'")
    branches.append(
        f"WHEN contains({raw}, chr(0)) THEN {head}nul{SEPARATOR}' || replace({raw}, chr(0), '␀')"
    )
    if spec.kind is not Kind.TEXT:
        branches.append(
            f"WHEN {raw} IS NOT NULL AND {spec.name} IS NULL THEN '{spec.name}{SEPARATOR}' || "
            f"coalesce({_problem(spec, raw, raw_type)}, 'invalid') || '{SEPARATOR}' || {raw}"
        )
    return "CASE " + " ".join(branches) + " END"


def _date_checks(spec: ColumnSpec, now: dt.datetime, earliest: int) -> list[str]:
    """SQL: the problems of a typed date or timestamp: its year out of range (a two-digit year
    is read as the year 24, far below), an event that has happened dated in the future."""
    if spec.kind not in (Kind.TIMESTAMP, Kind.DATE):
        return []
    name, raw = spec.name, f"_raw_{spec.name}"
    # For an event that has happened a year beyond MAX_YEAR is in the future, and said so.
    why = year_problem(raw, name, earliest, None if spec.happened else MAX_YEAR)
    checks = [f"'{name}{SEPARATOR}' || ({why}) || '{SEPARATOR}' || {raw}"]
    if spec.kind is Kind.TIMESTAMP and spec.happened:
        limit = (now + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
        checks.append(
            f"CASE WHEN {name} > TIMESTAMP '{limit}' "
            f"THEN '{name}{SEPARATOR}future{SEPARATOR}' || strftime({name}, '%d/%m/%Y %H:%M') END"
        )
    if spec.kind is Kind.DATE and spec.happened:
        checks.append(
            f"CASE WHEN {name} > DATE '{now.date() + dt.timedelta(days=1)}' "
            f"THEN '{name}{SEPARATOR}future{SEPARATOR}' || strftime({name}, '%d/%m/%Y') END"
        )
    return checks


ROW_CHECKS: dict[Source, tuple[RowCheck, ...]] = {
    Source.DOSSIERS: (
        RowCheck(
            "finished_before_received",
            "finished_at",
            "finished_at < received_at",
            "strftime(finished_at, '%d/%m/%Y %H:%M') || ' < ' || strftime(received_at, '%d/%m/%Y %H:%M')",
            "ngày kết thúc xử lý trước ngày tiếp nhận",
        ),
        RowCheck(
            "due_before_received",
            "due_at",
            "CAST(due_at AS DATE) < CAST(received_at AS DATE)",
            "strftime(due_at, '%d/%m/%Y') || ' < ' || strftime(received_at, '%d/%m/%Y')",
            "ngày hẹn trả trước ngày tiếp nhận",
        ),
        RowCheck(
            "returned_before_finished",
            "returned_at",
            "returned_at < finished_at",
            "strftime(returned_at, '%d/%m/%Y %H:%M') || ' < ' || strftime(finished_at, '%d/%m/%Y %H:%M')",
            "ngày trả kết quả trước ngày kết thúc xử lý",
        ),
        RowCheck(
            "ended_without_date",
            "finished_at",
            "status IN (8, 9, 10) AND finished_at IS NULL",
            "CAST(status AS VARCHAR)",
            "hồ sơ đã kết thúc (trạng thái 8, 9 hoặc 10) nhưng không có ngày kết thúc xử lý",
        ),
        RowCheck(
            "negative_fee",
            "fee_amount",
            "fee_amount < 0",
            _number("fee_amount"),
            "phí, lệ phí âm",
        ),
    ),
    Source.FEEDBACK: (
        RowCheck(
            "resolved_before_received",
            "resolved_at",
            "resolved_at < received_at",
            "strftime(resolved_at, '%d/%m/%Y %H:%M') || ' < ' || strftime(received_at, '%d/%m/%Y %H:%M')",
            "ngày xử lý xong trước ngày tiếp nhận",
        ),
    ),
    Source.MANUAL: (
        RowCheck(
            "numerator_above_denominator",
            "numerator",
            "numerator > denominator",
            f"{_number('numerator')} || ' > ' || {_number('denominator')}",
            "tử số lớn hơn mẫu số",
        ),
        RowCheck(
            "negative_count",
            "numerator",
            "numerator < 0 OR denominator < 0",
            f"{_number('numerator')} || ', ' || {_number('denominator')}",
            "số âm",
        ),
    ),
    Source.PUBLICATIONS: (),
    Source.PROCEDURES: (),
}


def _raw_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = con.execute(f"DESCRIBE {table}").fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


Resolver = Callable[[str], str | None]


def _mapping_table(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    column: str,
    resolve: Resolver,
    explained: dict[tuple[str, str], str],
) -> str:
    """Resolve the distinct raw values of a low-cardinality column in Python (unit names,
    periods, indicators) into a small table the typed query joins; a resolver that can say why
    a value resolves to nothing (``explain``) adds its reason to ``explained``."""
    name = f"_map_{column}"
    raws = [
        r[0] for r in con.execute(f"SELECT DISTINCT {text_value(column)} FROM {stage}").fetchall()
    ]
    pairs = [(raw, resolve(raw)) for raw in raws if raw is not None]
    explain = getattr(resolve, "explain", None)
    if explain is not None:
        for raw, value in pairs:
            reason = explain(raw) if value is None else None
            if reason:
                explained[(column, raw)] = reason
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (raw VARCHAR, value VARCHAR)")
    if pairs:
        con.executemany(f"INSERT INTO {name} VALUES (?, ?)", pairs)
    return name


def build_typed(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    stage: str,
    *,
    resolvers: Mapping[str, Resolver],
    now: dt.datetime,
    actor: str,
) -> Validation:
    """Convert ``stage`` (canonical column names, raw values, ``_position``) into the table
    ``{stage}_typed`` beside it (in the scratch database) with the fact table's columns, and
    collect every problem."""
    specs = SPECS[source]
    # Read once, first: a wrong $CHITIEU_MIN_YEAR is told before anything is done.
    earliest = min_year()
    raw_types = _raw_types(con, stage)
    typed = f"{stage}_typed"
    inner: list[str] = ["s._position AS _position"]
    checks: list[str] = []
    joins: list[str] = []
    outer: list[str] = []
    explained: dict[tuple[str, str], str] = {}
    for spec in specs.values():
        present = spec.name in raw_types
        spec_default = quote(actor) if spec.name == "entered_by" else spec.default
        if not present:
            default = spec_default if spec_default is not None else "NULL"
            sql_type = SQL_TYPES[table_for(source).columns[spec.name]]
            inner.append(f"CAST({default} AS {sql_type}) AS {spec.name}")
            outer.append(spec.name)
            continue
        raw = f"s.{spec.name}"
        if spec.kind in RESOLVED:
            resolver = resolvers[spec.kind.value]
            table = _mapping_table(con, stage, spec.name, resolver, explained)
            joins.append(f"LEFT JOIN {table} ON {table}.raw = {text_value(raw)}")
        converted = _converted(spec, raw, raw_types[spec.name])
        raw_text = text_value(raw)
        inner.append(f"{converted} AS {spec.name}")
        inner.append(f"{raw_text} AS _raw_{spec.name}")
        checks.append(_value_check(spec, raw_types[spec.name]))
        checks.extend(_date_checks(spec, now, earliest))
        outer.append(
            f"coalesce({spec.name}, {spec_default}) AS {spec.name}"
            if spec_default is not None
            else spec.name
        )
    for check in ROW_CHECKS.get(source, ()):
        checks.append(
            f"CASE WHEN {check.condition} THEN '{check.column}{SEPARATOR}{check.code}{SEPARATOR}' || ({check.detail}) END"
        )
    error_list = "list_filter([" + ", ".join(checks or ["NULL"]) + "], lambda x: x IS NOT NULL)"
    con.execute(
        f"CREATE OR REPLACE TABLE {typed} AS "
        f"SELECT _position, {', '.join(outer)}, {error_list} AS _errors "
        f"FROM (SELECT {', '.join(inner)} FROM {stage} s {' '.join(joins)})"
    )
    for spec in specs.values():
        con.execute(f"DROP TABLE IF EXISTS _map_{spec.name}")
    if source is Source.FEEDBACK:
        _default_feedback_due(con, typed)
    rows = count(con, f"SELECT count(*) FROM {typed}")
    validation = Validation(typed, rows)
    validation.error_count = count(con, f"SELECT coalesce(sum(len(_errors)), 0) FROM {typed}")
    if validation.error_count:
        for position, error in con.execute(
            f"SELECT _position, e FROM (SELECT _position, unnest(_errors) AS e FROM {typed} "
            f"WHERE len(_errors) > 0) ORDER BY _position LIMIT {MAX_REPORTED}"
        ).fetchall():
            column, code, detail = str(error).split(SEPARATOR, 2)
            reason = (code == "invalid" and explained.get((column, detail))) or _reason(
                source, column, code, detail
            )
            validation.errors.append(RowError(int(position), column, reason))
    _duplicates(con, source, validation)
    return validation


def _reason(source: Source, column: str, code: str, detail: str) -> str:
    spec = SPECS[source][column]
    if code == "required":
        return "thiếu giá trị bắt buộc"
    if code == "invalid":
        return f"«{detail}» không phải {WHAT.get(spec.kind, 'giá trị hợp lệ')}"
    if code == "future":
        return f"«{detail}» là ngày ở tương lai"
    if code.startswith("year:"):
        return f"«{detail}»: {why_year(int(code.removeprefix('year:')))}"
    if code in PROBLEMS:
        return PROBLEMS[code].format(raw=detail)
    for check in ROW_CHECKS.get(source, ()):
        if check.code == code:
            return f"{check.reason} ({detail})"
    return code


def _duplicates(con: duckdb.DuckDBPyConnection, source: Source, validation: Validation) -> None:
    """Keys given more than once: an error when their rows differ; noted in ``repeats`` either
    way, so that writing drops the identical copies only when there are some.

    Written for files of a hundred million rows within the store's memory limit: grouped
    aggregates of plain functions over slices of the keys, keeping only the repeated keys; the
    positions are listed for the few reported ones alone.
    """
    table = table_for(source)
    key = ", ".join(table.key)
    columns = ", ".join(table.columns)
    repeated = f"{validation.typed}_repeated"
    # DuckDB's grouped aggregate needs memory for every group it holds even when it spills:
    # beyond what the memory limit allows, the keys are taken in slices by hash, one pass each.
    groups = max(MIN_GROUPS, memory_limit(con) // GROUP_BYTES)
    passes = max(1, -(-validation.rows // groups))
    try:
        for part in range(passes):
            sliced = f" AND hash({key}) % {passes} = {part}" if passes > 1 else ""
            found = (
                f"SELECT {key}, min(_position) AS _first, "
                f"min(hash({columns})) <> max(hash({columns})) AS _differ "
                # Rows already in error may have lost their key (an unknown unit is NULL).
                f"FROM {validation.typed} WHERE len(_errors) = 0{sliced} "
                f"GROUP BY {key} HAVING count(*) > 1"
            )
            if part == 0:
                con.execute(f"CREATE OR REPLACE TABLE {repeated} AS {found}")
            else:
                con.execute(f"INSERT INTO {repeated} {found}")
        validation.repeats = count(con, f"SELECT count(*) FROM {repeated}") > 0
        if not validation.repeats:
            return
        matched = " AND ".join(f"t.{k} IS NOT DISTINCT FROM r.{k}" for k in table.key)
        rows = con.execute(
            f"SELECT {', '.join(f'r.{k}' for k in table.key)}, list(t._position ORDER BY "
            f"t._position) FROM (SELECT * FROM {repeated} WHERE _differ ORDER BY _first "
            f"LIMIT {MAX_REPORTED}) AS r JOIN {validation.typed} AS t ON {matched} "
            f"WHERE len(t._errors) = 0 GROUP BY {', '.join(f'r.{k}' for k in table.key)}, "
            "r._first ORDER BY r._first"
        ).fetchall()
    finally:
        con.execute(f"DROP TABLE IF EXISTS {repeated}")
    for row in rows:
        positions = [int(p) for p in row[-1]]
        keys = ", ".join(str(v) for v in row[:-1])
        validation.errors.append(
            RowError(
                positions[0],
                table.key[0],
                f"mã «{keys}» xuất hiện nhiều lần với nội dung khác nhau",
                tuple(positions[1:]),
            )
        )
        validation.error_count += 1


def _default_feedback_due(con: duckdb.DuckDBPyConnection, typed: str) -> None:
    """Items without a due date are due at the end of the 15th working day after reception."""
    # Rows in error may hold any year (a two-digit one is the year 24): they are refused anyway.
    span = first_row(
        con, f"SELECT min(received_at), max(received_at) FROM {typed} WHERE len(_errors) = 0"
    )
    if not span or span[0] is None:
        return
    # A temporary calendar: a refused import must leave the store exactly as it was.
    ensure_calendar(con, span[0].year, span[1].year + 1, table=_CALENDAR, temporary=True)
    con.execute(
        f"UPDATE {typed} SET due_at = CAST(due.day AS TIMESTAMP) + INTERVAL 86399 SECOND "
        f"FROM {_CALENDAR} AS got, {_CALENDAR} AS due "
        f"WHERE {typed}.due_at IS NULL AND len({typed}._errors) = 0 AND got.day = CAST({typed}.received_at AS DATE) "
        f"AND due.is_working AND due.working_index = got.working_index + {FEEDBACK_WORKING_DAYS}"
    )
    con.execute(f"DROP TABLE {_CALENDAR}")


def distinct_key_rows(validation: Validation, source: Source) -> str:
    """A query of the typed rows with identical duplicates of the key dropped (a plain select
    when the file repeats no key: ``DISTINCT ON`` over a hundred million rows is not free)."""
    table = table_for(source)
    columns = ", ".join(table.columns)
    if not validation.repeats:
        return f"(SELECT {columns} FROM {validation.typed})"
    key = ", ".join(table.key)
    return f"(SELECT DISTINCT ON ({key}) {columns} FROM {validation.typed})"
