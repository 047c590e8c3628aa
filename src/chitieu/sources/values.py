"""How raw values of an import become typed values, as DuckDB SQL over a staging table.

Every conversion is an expression over one raw column (a string, or already typed when the file
was Parquet); ``NULL`` means "could not convert", and the validator reports it with the raw
value. Timestamps without an offset are local time; with an offset (``Z``, ``+07:00``) they are
converted to local time, UTC+7 (Việt Nam has kept no daylight saving since 1975).
"""

from __future__ import annotations

from collections.abc import Mapping

LOCAL_OFFSET_MINUTES = 7 * 60

TIMESTAMP_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y%m%d%H%M%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%Y%m%d",
)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y%m%d", "%Y/%m/%d")

TRUE_WORDS = ("1", "true", "t", "yes", "y", "có", "co", "x", "đúng", "dung")
FALSE_WORDS = ("0", "false", "f", "no", "n", "không", "khong", "sai")

CHANNELS: Mapping[str, str] = {
    "1": "counter",
    "counter": "counter",
    "trực tiếp": "counter",
    "truc tiep": "counter",
    "2": "online",
    "online": "online",
    "trực tuyến": "online",
    "truc tuyen": "online",
    "3": "postal",
    "postal": "postal",
    "bưu chính": "postal",
    "bưu chính công ích": "postal",
    "buu chinh": "postal",
    "bcci": "postal",
}

ONLINE_LEVELS: Mapping[str, str] = {
    "full": "full",
    "toàn trình": "full",
    "toan trinh": "full",
    "4": "full",
    "partial": "partial",
    "một phần": "partial",
    "mot phan": "partial",
    "3": "partial",
    "none": "none",
    "không": "none",
    "khong": "none",
    "2": "none",
    "1": "none",
}


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def text_value(column: str) -> str:
    """Trimmed text, NULL when empty."""
    return f"nullif(trim(CAST({column} AS VARCHAR)), '')"


def _list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(quote(v) for v in values) + "]"


def timestamp_value(column: str, raw_type: str) -> str:
    """A local ``TIMESTAMP`` from ISO 8601 (with or without offset), ``yyyyMMddHHmmss``,
    ``dd/MM/yyyy[ HH:mm[:ss]]``; typed timestamps pass (with a zone: converted to local)."""
    if raw_type.startswith("TIMESTAMP WITH TIME ZONE"):
        return f"timezone('Asia/Ho_Chi_Minh', {column})"
    if raw_type.startswith("TIMESTAMP"):
        return f"CAST({column} AS TIMESTAMP)"
    if raw_type == "DATE":
        return f"CAST({column} AS TIMESTAMP)"
    text = text_value(column)
    zone = r"(Z|[+-]\d{2}:?\d{2})$"
    with_time = r"^(.*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*" + zone
    offset = (
        f"CASE WHEN regexp_extract({text}, {quote(with_time)}, 2) = 'Z' THEN 0 "
        f"ELSE (CASE WHEN substr(regexp_extract({text}, {quote(with_time)}, 2), 1, 1) = '-' THEN -1 ELSE 1 END) * "
        f"(CAST(substr(replace(regexp_extract({text}, {quote(with_time)}, 2), ':', ''), 2, 2) AS INTEGER) * 60 + "
        f"CAST(substr(replace(regexp_extract({text}, {quote(with_time)}, 2), ':', ''), 4, 2) AS INTEGER)) END"
    )
    return (
        f"CASE WHEN regexp_matches({text}, {quote(with_time)}) THEN "
        f"try_strptime(regexp_extract({text}, {quote(with_time)}, 1), {_list(TIMESTAMP_FORMATS)})"
        f" + to_minutes(CAST({LOCAL_OFFSET_MINUTES} - ({offset}) AS BIGINT)) "
        f"ELSE try_strptime({text}, {_list(TIMESTAMP_FORMATS)}) END"
    )


def date_value(column: str, raw_type: str) -> str:
    """A ``DATE`` from ISO, ``dd/MM/yyyy`` or ``yyyyMMdd``; typed dates pass."""
    if raw_type == "DATE":
        return column
    if raw_type.startswith("TIMESTAMP"):
        return f"CAST({column} AS DATE)"
    return f"CAST(try_strptime({text_value(column)}, {_list(DATE_FORMATS)}) AS DATE)"


def boolean_value(column: str, raw_type: str) -> str:
    """``1/0``, ``true/false``, ``có/không``…; typed booleans and integers 0/1 pass."""
    if raw_type == "BOOLEAN":
        return column
    if raw_type in (
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
    ):
        return f"CASE {column} WHEN 1 THEN TRUE WHEN 0 THEN FALSE END"
    text = f"lower({text_value(column)})"
    return f"CASE WHEN {text} IN {_tuple(TRUE_WORDS)} THEN TRUE WHEN {text} IN {_tuple(FALSE_WORDS)} THEN FALSE END"


def _tuple(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(quote(v) for v in values) + ")"


def integer_value(column: str, raw_type: str) -> str:
    """An integer; ``9.0`` is 9, ``9.5`` is not an integer."""
    if raw_type in (
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
    ):
        return f"CAST({column} AS INTEGER)"
    number = f"try_cast({text_value(column)} AS DOUBLE)"
    return f"CASE WHEN {number} = round({number}) THEN CAST({number} AS INTEGER) END"


def decimal_value(column: str, raw_type: str) -> str:
    """A number: ``15000``, ``15000.5``; Vietnamese grouping ``15.000`` and decimal comma
    ``15,5`` as written in offices."""
    if raw_type in ("DOUBLE", "FLOAT", "DECIMAL") or raw_type.startswith(
        ("DECIMAL", "INT", "BIGINT", "SMALLINT", "TINYINT")
    ):
        return f"CAST({column} AS DOUBLE)"
    text = text_value(column)
    grouped = r"^\d{1,3}(\.\d{3})+(,\d+)?$"
    return (
        f"CASE WHEN regexp_matches({text}, {quote(grouped)}) "
        f"THEN try_cast(replace(replace({text}, '.', ''), ',', '.') AS DOUBLE) "
        f"ELSE try_cast(replace({text}, ',', '.') AS DOUBLE) END"
    )


def mapped_value(column: str, mapping: Mapping[str, str]) -> str:
    """A value from a fixed vocabulary (folded to lower case first)."""
    text = f"lower({text_value(column)})"
    cases = " ".join(f"WHEN {quote(k)} THEN {quote(v)}" for k, v in mapping.items())
    return f"CASE {text} {cases} END"
