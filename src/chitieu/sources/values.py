"""How raw values of an import become typed values, as DuckDB SQL over a staging table.

Every conversion is an expression over one raw column (a string, or already typed when the file
was Parquet); ``NULL`` means "could not convert", and the validator reports it with the raw
value. For the refusals that need more than "not a number", a ``*_problem`` expression over the
raw text names the reason with a code of ``PROBLEMS``. Timestamps without an offset are local
time; with an offset (``Z``, ``+07:00``) they are converted to local time, UTC+7 (Việt Nam has
kept no daylight saving since 1975).

The rules for numbers:

- No number is ever infinite or NaN: ``inf``, ``Infinity``, ``nan`` (written, or a Parquet
  ``DOUBLE``, or a JSON ``NaN``) and text too large for a double (``1e400``) are refused.
- Counts (``whole_number_value``: the numerator and denominator of a manual value, which count
  documents or regulations; a status or a rating) are whole numbers written plainly (``15000``)
  or with Vietnamese thousands separators, dots in groups of three (``15.000``, ``1.500.000``).
  A comma is refused: ``15,000`` and ``1,500`` could be English thousands or a Vietnamese
  decimal comma, and a count has no fraction anyway. A dot not followed by groups of three is a
  decimal point, and the count must be whole: ``15000.0`` (as spreadsheets export it) is 15000,
  ``1.5`` is refused (neither a grouping nor a whole number), ``1.500`` is 1500. Exponents
  (``1.5E+04``, as a spreadsheet displays a long number, rounded) are refused.
- Amounts of money (``decimal_value``: a fee, which may have a fraction of a đồng when it is a
  share of a value) are written the Vietnamese way: dots in groups of three separate thousands
  (``15.000``, ``1.500.000``), a comma is the decimal mark (``15,5``, ``15.000,5``); a dot not
  followed by groups of three is a decimal point (``15000.5``, ``1.5``: no Vietnamese grouping
  reads so). A comma followed by exactly three digits (``15,000``, ``1,500``, ``1,500,000``) is
  refused: English thousands or a Vietnamese decimal, never guessed, never read as 15 or 1.5.
  ``1.500`` is 1500: dots in groups of three are thousands, as offices write them.
- No number may reach ``MAGNITUDE_LIMIT`` (2⁵³), beyond which a double no longer holds every
  whole number: no count or fee comes near, and ``1e30`` is a slip.
- Codes (status, rating) are whole numbers in their range; beyond it (``99999999999``, ``1e30``)
  they are refused like any other wrong code, never an overflow.

The rules for text: invisible characters (``INVISIBLE``: byte-order marks, zero-width spaces and
joiners, word joiners, direction marks pasted from web pages) are removed, whitespace (no-break
spaces too) trimmed at both ends, before a code is compared; a NUL character is refused by the
validator (PostgreSQL cannot store it).

The rules for dates: a year is written with four digits (``15/03/24`` is refused), and lies from
``periods.min_year()`` to ``periods.MAX_YEAR`` (checked by the validator on the typed value);
fractions of a second are read to the microsecond, longer ones truncated (.NET writes seven
digits); an offset's hours are at most 14 and its minutes at most 59.
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


INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u200e\u200f"
"""Characters that show nothing and mean nothing in Vietnamese administrative text, but make two
codes differ (``HS-1`` and ``HS-1`` with a zero-width space pasted from a web page): removed."""

INTEGER_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
)
"""DuckDB types of a raw column already typed as a whole number (Parquet)."""
NUMERIC_TYPES = (*INTEGER_TYPES, "FLOAT", "DOUBLE", "DECIMAL")
"""DuckDB types of a raw column already typed as a number (Parquet)."""

MAGNITUDE_LIMIT = 2**53
"""Numbers must be smaller than this in magnitude: a double holds every whole number below it,
and no count or fee comes near (nine million billion)."""
MAX_OFFSET_HOURS = 14
"""The largest offset from UTC any time zone has (Kiribati, +14:00)."""

_PLAIN = r"[+-]?(\d+\.?\d*|\.\d+)"
_GROUPED = r"[+-]?\d{1,3}(\.\d{3})+"
_NOT_FINITE = r"[+-]?(inf|infinity|nan)"
_EXPONENT = r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+"
_GROUPED_DECIMAL = _GROUPED + r"(,\d+)?"
_THOUSANDS_COMMA = r"[+-]?\d{1,3},\d{3}"
_THOUSANDS_COMMAS = r"[+-]?\d{1,3}(,\d{3})+"
_DECIMAL_COMMA = r"[+-]?\d+,\d+"
_TWO_DIGIT_YEAR = r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2}|\d{2}[/.-]\d{1,2}[/.-]\d{1,2})([^0-9]|$)"

PROBLEMS: Mapping[str, str] = {
    "not_finite": "«{raw}» không phải một số hữu hạn (vô cực hay NaN không phải số liệu)",
    "comma": (
        "«{raw}»: số đếm không viết dấu phẩy (không rõ là dấu phân cách hàng nghìn hay dấu thập "
        "phân, mà số đếm không có phần lẻ); hãy viết 15000 hoặc 15.000"
    ),
    "ambiguous_comma": (
        "«{raw}»: dấu phẩy theo sau là đúng ba chữ số, không rõ là dấu phân cách hàng nghìn hay "
        "dấu thập phân; hãy viết 15000 hoặc 15.000 cho mười lăm nghìn, 15,5 cho mười lăm phẩy "
        "năm"
    ),
    "fraction": (
        "«{raw}» không phải số nguyên: số đếm không có phần lẻ; dấu chấm chỉ phân cách hàng "
        "nghìn theo nhóm ba chữ số (15.000 là 15000)"
    ),
    "exponent": (
        "«{raw}»: số đếm viết dạng lũy thừa (E) có thể đã bị làm tròn; hãy viết đủ các chữ số "
        "(15000 hoặc 15.000)"
    ),
    "too_large": (
        "«{raw}» quá lớn: từ 9.007.199.254.740.992 trở lên số không còn chính xác đến hàng đơn "
        "vị, và không số đếm hay số tiền nào lớn như vậy"
    ),
    "two_digit_year": (
        "«{raw}»: năm viết hai chữ số không rõ là năm nào; hãy viết đủ bốn chữ số (ví dụ "
        "15/03/2024)"
    ),
    "offset": (
        "«{raw}»: độ lệch múi giờ không hợp lệ (giờ từ 00 đến 14, phút từ 00 đến 59, ví dụ +07:00)"
    ),
    "nul": (
        "«{raw}» chứa ký tự NUL (mã 0, hiện ở đây là ␀), thường do tệp bị hỏng hoặc xuất sai; "
        "hãy xóa ký tự này"
    ),
}
"""Why a raw value was refused, for the codes the ``*_problem`` expressions (and the validator's
NUL check) give; ``{raw}`` is the value as written."""


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def text_value(column: str) -> str:
    """Text without ``INVISIBLE`` characters, trimmed (no-break spaces too), NULL when empty."""
    return f"nullif(trim(translate(CAST({column} AS VARCHAR), {quote(INVISIBLE)}, '')), '')"


def _list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(quote(v) for v in values) + "]"


def _matches(text: str, pattern: str) -> str:
    return f"regexp_full_match({text}, {quote(pattern)})"


_ZONE = r"(Z|[+-]\d{2}:?\d{2})$"
_LONG_FRACTION = r"(:\d{2}\.\d{6})\d+"
_WITH_TIME = r"^(.*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*" + _ZONE


def _offset_parts(text: str) -> tuple[str, str]:
    """SQL of the hours and minutes of a timestamp's offset (``+07:00`` → 7, 0; ``Z`` → 0, 0)."""
    zone = f"replace(regexp_extract({text}, {quote(_WITH_TIME)}, 2), ':', '')"
    # try_cast: a text without an offset gives NULL, not an error, wherever this is evaluated.
    hours = f"(CASE WHEN {zone} = 'Z' THEN 0 ELSE try_cast(substr({zone}, 2, 2) AS INTEGER) END)"
    minutes = f"(CASE WHEN {zone} = 'Z' THEN 0 ELSE try_cast(substr({zone}, 4, 2) AS INTEGER) END)"
    return hours, minutes


def timestamp_value(column: str, raw_type: str) -> str:
    """A local ``TIMESTAMP`` from ISO 8601 (with or without offset), ``yyyyMMddHHmmss``,
    ``dd/MM/yyyy[ HH:mm[:ss]]``; typed timestamps pass (with a zone: converted to local). An
    offset beyond ±14:59 (``+99:99``) is no offset: NULL."""
    if raw_type.startswith("TIMESTAMP WITH TIME ZONE"):
        return f"timezone('Asia/Ho_Chi_Minh', {column})"
    if raw_type.startswith("TIMESTAMP"):
        return f"CAST({column} AS TIMESTAMP)"
    if raw_type == "DATE":
        return f"CAST({column} AS TIMESTAMP)"
    text = text_value(column)
    hours, minutes = _offset_parts(text)
    sign = (
        f"(CASE WHEN substr(regexp_extract({text}, {quote(_WITH_TIME)}, 2), 1, 1) = '-' "
        "THEN -1 ELSE 1 END)"
    )
    offset = f"{sign} * ({hours} * 60 + {minutes})"
    local = _parsed_timestamp(f"regexp_extract({text}, {quote(_WITH_TIME)}, 1)")
    return (
        f"CASE WHEN regexp_matches({text}, {quote(_WITH_TIME)}) THEN "
        f"CASE WHEN {hours} <= {MAX_OFFSET_HOURS} AND {minutes} <= 59 THEN "
        f"{local} + to_minutes(CAST({LOCAL_OFFSET_MINUTES} - ({offset}) AS BIGINT)) END "
        f"ELSE {_parsed_timestamp(text)} END"
    )


def _parsed_timestamp(text: str) -> str:
    """SQL: ``text`` read by ``TIMESTAMP_FORMATS``; failing that, with a second's fraction cut
    to six digits: %f takes six at most and .NET writes seven (``08:30:00.1234567``). Cut as
    text, not read with %n: that gives a nanosecond timestamp, rounded, of years 1677–2262."""
    shortened = f"regexp_replace({text}, {quote(_LONG_FRACTION)}, '\\1')"
    return (
        f"coalesce(try_strptime({text}, {_list(TIMESTAMP_FORMATS)}), "
        f"try_strptime({shortened}, {_list(TIMESTAMP_FORMATS)}))"
    )


def timestamp_problem(text: str) -> str:
    """Why the timestamp ``text`` (a raw value, as text) was refused, when there is more to say
    than "not a date and time": an offset out of range (a ``PROBLEMS`` code), else NULL."""
    hours, minutes = _offset_parts(text)
    return (
        f"CASE WHEN regexp_matches({text}, {quote(_WITH_TIME)}) THEN CASE WHEN "
        f"{hours} > {MAX_OFFSET_HOURS} OR {minutes} > 59 THEN 'offset' END END"
    )


def year_problem(text: str, value: str, earliest: int, latest: int | None) -> str:
    """Why the date or timestamp ``value`` (typed) read from ``text`` cannot be taken for its
    year, NULL when it can: ``two_digit_year`` (``15/03/24`` is read as the year 24), else
    ``year:<year>`` (``periods.year_problem`` says why) before ``earliest`` or after ``latest``
    (``None``: no upper bound checked here, when a later check says more)."""
    year = f"year({value})"
    beyond = f"{year} < {earliest}" + (f" OR {year} > {latest}" if latest is not None else "")
    return (
        f"CASE WHEN {beyond} THEN CASE WHEN regexp_matches({text}, {quote(_TWO_DIGIT_YEAR)}) "
        f"THEN 'two_digit_year' ELSE 'year:' || {year} END END"
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
    if raw_type in INTEGER_TYPES:
        return f"CASE {column} WHEN 1 THEN TRUE WHEN 0 THEN FALSE END"
    text = f"lower({text_value(column)})"
    return f"CASE WHEN {text} IN {_tuple(TRUE_WORDS)} THEN TRUE WHEN {text} IN {_tuple(FALSE_WORDS)} THEN FALSE END"


def _tuple(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(quote(v) for v in values) + ")"


def _typed_number(raw_type: str) -> bool:
    return raw_type.startswith(NUMERIC_TYPES)


def _written_whole(text: str) -> str:
    """SQL: the number a count or an amount written as ``text`` means (``15.000`` → 15000,
    ``15000.0`` → 15000.0, ``1.5`` → 1.5), NULL for any other writing (commas, exponents, words)."""
    return (
        f"CASE WHEN {_matches(text, _GROUPED)} THEN try_cast(replace({text}, '.', '') AS DOUBLE) "
        f"WHEN {_matches(text, _PLAIN)} THEN try_cast({text} AS DOUBLE) END"
    )


def _whole(number: str) -> str:
    return (
        f"CASE WHEN isfinite({number}) AND {number} = trunc({number}) "
        f"AND abs({number}) < {MAGNITUDE_LIMIT} THEN {number} END"
    )


def whole_number_value(column: str, raw_type: str) -> str:
    """A count or an amount of đồng as a ``DOUBLE`` (the store's type) holding a whole number:
    ``15000``, ``15.000``, ``1.500.000``, ``15000.0``; NULL for ``15,000``, ``1.5``, ``1e3``,
    ``inf``, ``nan`` and magnitudes from ``MAGNITUDE_LIMIT`` (the module's docstring says why). Typed
    numbers pass under the same conditions."""
    if _typed_number(raw_type):
        return _whole(f"CAST({column} AS DOUBLE)")
    return _whole(_written_whole(text_value(column)))


def whole_number_problem(text: str, raw_type: str) -> str:
    """Why ``text`` (a raw value of a ``whole_number_value`` column, as text) was refused, as a
    ``PROBLEMS`` code, NULL when "not a number" says it all."""
    if _typed_number(raw_type):
        number = f"try_cast({text} AS DOUBLE)"
        checks = f"WHEN NOT isfinite({number}) THEN 'not_finite' "
    else:
        number = _written_whole(text)
        checks = (
            f"WHEN contains({text}, ',') THEN 'comma' "
            f"WHEN {_matches(f'lower({text})', _NOT_FINITE)} THEN 'not_finite' "
            f"WHEN {_matches(text, _EXPONENT)} THEN 'exponent' "
        )
    return (
        f"CASE {checks}"
        f"WHEN NOT isfinite({number}) OR abs({number}) >= {MAGNITUDE_LIMIT} THEN 'too_large' "
        f"WHEN {number} <> trunc({number}) THEN 'fraction' END"
    )


def integer_value(column: str, raw_type: str) -> str:
    """An ``INTEGER`` written as a whole number (``whole_number_value``: ``9`` and ``9.0`` are 9,
    ``9.5`` is not an integer); beyond the 32-bit range NULL, never an overflow."""
    return f"try_cast({whole_number_value(column, raw_type)} AS INTEGER)"


def _written_decimal(text: str) -> str:
    """SQL: the number ``text`` means, written the Vietnamese way or with a decimal point; NULL
    for a comma before exactly three digits (``15,000``) and any other writing."""
    return (
        f"CASE WHEN {_matches(text, _GROUPED_DECIMAL)} "
        f"THEN try_cast(replace(replace({text}, '.', ''), ',', '.') AS DOUBLE) "
        # «15,000»: English thousands or a Vietnamese decimal comma; never guessed.
        f"WHEN {_matches(text, _THOUSANDS_COMMA)} THEN NULL "
        f"WHEN {_matches(text, _DECIMAL_COMMA)} "
        f"THEN try_cast(replace({text}, ',', '.') AS DOUBLE) "
        f"WHEN {_matches(text, _PLAIN)} OR {_matches(text, _EXPONENT)} "
        f"THEN try_cast({text} AS DOUBLE) END"
    )


def decimal_value(column: str, raw_type: str) -> str:
    """A number that may have a fraction: ``15000``, ``15000.5``, ``1.5e3``; Vietnamese
    grouping ``15.000`` and decimal comma ``15,5`` (``15.000,5``) as written in offices. NULL for
    ``inf``, ``nan``, ``1e400``, magnitudes from ``MAGNITUDE_LIMIT``, and for ``15,000`` or
    ``1,500``, which an English writer means as thousands: never read as 15 or 1.5."""
    if _typed_number(raw_type):
        number = f"CAST({column} AS DOUBLE)"
    else:
        number = _written_decimal(text_value(column))
    return f"CASE WHEN isfinite({number}) AND abs({number}) < {MAGNITUDE_LIMIT} THEN {number} END"


def decimal_problem(text: str, raw_type: str) -> str:
    """Why ``text`` (a raw value of a ``decimal_value`` column, as text) was refused, as a
    ``PROBLEMS`` code, NULL when "not a number" says it all."""
    if _typed_number(raw_type):
        number = f"try_cast({text} AS DOUBLE)"
        checks = f"WHEN NOT isfinite({number}) THEN 'not_finite' "
    else:
        number = _written_decimal(text)
        checks = (
            f"WHEN {_matches(text, _THOUSANDS_COMMAS)} THEN 'ambiguous_comma' "
            f"WHEN {_matches(f'lower({text})', _NOT_FINITE)} THEN 'not_finite' "
        )
    return (
        f"CASE {checks}"
        f"WHEN NOT isfinite({number}) OR abs({number}) >= {MAGNITUDE_LIMIT} THEN 'too_large' END"
    )


def mapped_value(column: str, mapping: Mapping[str, str]) -> str:
    """A value from a fixed vocabulary (folded to lower case first)."""
    text = f"lower({text_value(column)})"
    cases = " ".join(f"WHEN {quote(k)} THEN {quote(v)}" for k, v in mapping.items())
    return f"CASE {text} {cases} END"
