"""What every reader gives: the header as written and the rows as Arrow record batches, each row
with its exact position in the file, so that every later problem can name its line."""

from __future__ import annotations

import datetime as dt
import math
import sys
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from chitieu.errors import InputError, Place, Problem
from chitieu.text import nfc

POSITION = "_position"
"""The column added to every batch: the row's line, sheet row or record number (1-based)."""

MAX_PROBLEMS = 50
"""A file with many bad rows is refused with the first ones listed and the rest counted."""

DEFAULT_BATCH_ROWS = 100_000

LARGEST_NUMBER = Decimal(sys.float_info.max)
"""Past this a number written in a file (JSON's ``1e400``) is infinite to every reader of it."""

# Every code point below U+0300 is stable under NFC, and in UTF-8 those are exactly the bytes
# below 0xCC; a column without such a byte needs no normalisation at all.
_FIRST_UNSTABLE_BYTE = 0xCC


class TabularSource(ABC):
    """A file of rows under a header, read in batches of bounded size.

    ``columns`` is the header as written (NFC, stripped). Each batch has one column per header
    column, in that order, plus ``_position`` (int64). ``bytes_read`` grows towards
    ``total_bytes`` while batches are read, for a progress bar.
    """

    position_word: ClassVar[str]
    """The word for a position in messages: "dòng", "hàng" or "bản ghi"."""

    schema: Any
    """The ``pyarrow.Schema`` of every batch."""

    def __init__(self, path: Path, columns: list[str], total_bytes: int) -> None:
        self.path = path
        self.name = path.name
        self.columns = columns
        self.total_bytes = total_bytes
        self._bytes_read = 0

    @property
    def bytes_read(self) -> int:
        """How much of the file has been read, in bytes of the file (approximate, never more
        than ``total_bytes``)."""
        return min(self._bytes_read, self.total_bytes)

    def _advance(self, position: int) -> None:
        self._bytes_read = max(self._bytes_read, position)

    def _restart(self) -> None:
        """Progress back to zero, as a new reading of the file starts."""
        self._bytes_read = 0

    @abstractmethod
    def batches(self, rows: int = DEFAULT_BATCH_ROWS) -> Iterator[Any]:
        """The rows as ``pyarrow.RecordBatch`` es of at most ``rows`` rows, in file order.

        Raises ``InputError`` for rows that cannot be read (a wrong number of fields, bytes
        outside the file's encoding, a cell right of the header…), listing up to
        ``MAX_PROBLEMS`` of them with their positions: at the latest after the last batch, at
        once when reading cannot go on. A consumer must treat the batches already yielded as
        void then. Each call reads the file again from the start.
        """

    header_position: int | None = None
    """Where the header was found (its line or sheet row), ``None`` where a file has no header
    row (JSON keys, a Parquet schema)."""

    titles_above: int = 0
    """Non-empty rows above the header that were left out as titles of the document."""

    code_columns: frozenset[int] = frozenset()
    """0-based indexes of the columns that hold codes, set by the stager before reading: a
    spreadsheet number in one of them must still be the code as typed (see ``XlsxSource``)."""

    def place(
        self, position: int | None = None, column: int | None = None, column_name: str | None = None
    ) -> Place:
        """A place in this file, in this file's words (``dòng``, ``hàng``, ``bản ghi``)."""
        return Place(
            self.name,
            line=position,
            column=column,
            column_name=column_name,
            line_word=self.position_word,
        )


class Problems:
    """Problems of a file collected while reading: the first ``MAX_PROBLEMS`` kept, the rest
    counted."""

    def __init__(self, file: str, position_word: str) -> None:
        self.file = file
        self.position_word = position_word
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, place: Place, reason: str) -> None:
        """Note one problem."""
        self.count += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(Problem(place, reason))

    def add_hidden(self) -> None:
        """Count a problem beyond those listed."""
        self.count += 1

    def raise_if_any(self) -> None:
        """Raise one ``InputError`` listing the problems kept and counting the others."""
        if not self.count:
            return
        problems = list(self.kept)
        hidden = self.count - len(problems)
        if hidden:
            more = f"{hidden:,}".replace(",", ".")
            problems.append(Problem(Place(self.file), f"và {more} {self.position_word} lỗi khác"))
        raise InputError(problems)


def header_names(raw: Sequence[object], place_of: Callable[[int], Place]) -> list[str]:
    """The header as written (NFC, stripped); refuse an empty, repeated or reserved name.

    ``place_of`` gives the place of the header cell at a 1-based column number.
    """
    names = [nfc(str(value)).strip() if value is not None else "" for value in raw]
    problems: list[Problem] = []
    first_at: dict[str, int] = {}
    for index, name in enumerate(names, start=1):
        if not name:
            problems.append(Problem(place_of(index), "cột không có tiêu đề"))
        elif name == POSITION:
            problems.append(Problem(place_of(index), f"tên cột «{POSITION}» là tên dành riêng"))
        elif name in first_at:
            problems.append(
                Problem(
                    place_of(index),
                    f"tiêu đề «{name}» lặp lại (đã có ở cột {first_at[name]})",
                )
            )
        else:
            first_at[name] = index
    if not names:
        problems.append(Problem(place_of(1), "không có dòng tiêu đề"))
    if problems:
        raise InputError(problems)
    return names


def non_finite(value: object) -> bool:
    """Whether a number read from a file is no finite number a double can hold: NaN, an
    infinity, or a magnitude past the largest double (``1e400``, which would be stored as inf).

    >>> [non_finite(v) for v in (Decimal("1e400"), Decimal("1e30"), float("nan"), 3, "inf")]
    [True, False, True, False, False]
    """
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, Decimal):
        return not value.is_finite() or value.copy_abs() > LARGEST_NUMBER
    return False


def value_bytes(array: Any) -> npt.NDArray[np.uint8]:
    """The bytes of the values of a string or binary array (its slice only), without a copy."""
    if len(array) == 0:
        return np.zeros(0, dtype=np.uint8)
    large = pa.types.is_large_string(array.type) or pa.types.is_large_binary(array.type)
    offset_type = np.int64 if large else np.int32
    offsets = np.frombuffer(array.buffers()[1], dtype=offset_type)
    start = int(offsets[array.offset])
    end = int(offsets[array.offset + len(array)])
    data = array.buffers()[2]
    if data is None or end == start:
        return np.zeros(0, dtype=np.uint8)
    return np.frombuffer(data, dtype=np.uint8)[start:end]


def nfc_array(array: Any) -> Any:
    """A string array in NFC; the same array when it is already so.

    Most columns are ASCII or already NFC: a byte scan settles the first, and the second is
    checked on the distinct values only (Python's normaliser returns its argument unchanged when
    the quick check passes, which is much faster than Arrow's ``utf8_normalize``).
    """
    if array.null_count == len(array):
        return array
    if not (value_bytes(array) >= _FIRST_UNSTABLE_BYTE).any():
        return array
    encoded = pc.dictionary_encode(array)
    values: list[str] = encoded.dictionary.to_pylist()
    normal = [unicodedata.normalize("NFC", value) for value in values]
    if normal == values:
        return array
    return pc.take(pa.array(normal, type=array.type), encoded.indices)


def text_of(value: object) -> str | None:
    """A cell or JSON value as the text a CSV would hold: ``None`` for an empty value, integers
    without a spurious ``.0``, booleans as ``1``/``0``, dates and times in ISO 8601 (a datetime at
    midnight as a date). Text is not normalised here: ``string_batch`` does it for a whole column.

    >>> [text_of(v) for v in (3.0, 2.5, True, dt.datetime(2024, 3, 15, 9, 30), "")]
    ['3', '2.5', '1', '2024-03-15T09:30:00', None]
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            # «nan», «inf»: passed on as written, for the typed stage to refuse with its place.
            return repr(value)
        if value == 0:
            return "0"  # and not «-0»
        if value.is_integer():
            # Digits as a spreadsheet shows them, never an exponent (1.2e17 is a code, not 1e17).
            return format(Decimal(repr(value)), "f").split(".")[0]
        return repr(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        if value.is_zero():
            return "0"
        if value == value.to_integral_value():
            # Not quantize(): it raises past the context's 28 digits (a fee of 1e30).
            return format(value.normalize(), "f").split(".")[0]
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        # Excel keeps times as fractions of a day; round away the float noise below a second.
        rounded = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        if rounded.time() == dt.time(0):
            return rounded.date().isoformat()
        return rounded.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    return str(value)


def string_batch(
    columns: list[str], values: list[list[str | None]], positions: Sequence[int]
) -> Any:
    """A record batch of text columns (NFC) and their positions."""
    arrays = [nfc_array(pa.array(column, type=pa.string())) for column in values]
    arrays.append(pa.array(positions, type=pa.int64()))
    return pa.RecordBatch.from_arrays(arrays, names=[*columns, POSITION])


def string_schema(columns: list[str]) -> Any:
    """The schema of the batches of a text source."""
    return pa.schema([*(pa.field(name, pa.string()) for name in columns), (POSITION, pa.int64())])


class Rebatcher:
    """Batches of exactly ``rows`` rows (the last one shorter) from batches of any size."""

    def __init__(self, rows: int) -> None:
        if rows < 1:
            raise ValueError("rows must be positive")
        self.rows = rows
        self._pending: list[Any] = []
        self._count = 0

    def add(self, batch: Any) -> Iterator[Any]:
        """Take a batch; yield the full batches now available."""
        if batch.num_rows == 0:
            return
        self._pending.append(batch)
        self._count += batch.num_rows
        if self._count >= self.rows:
            yield from self._drain(final=False)

    def flush(self) -> Iterator[Any]:
        """Yield what is left."""
        yield from self._drain(final=True)

    def _drain(self, *, final: bool) -> Iterator[Any]:
        if not self._pending:
            return
        table = pa.Table.from_batches(self._pending).combine_chunks()
        self._pending = []
        self._count = 0
        start = 0
        while table.num_rows - start >= self.rows:
            yield table.slice(start, self.rows).to_batches()[0]
            start += self.rows
        rest = table.num_rows - start
        if rest and final:
            yield table.slice(start, rest).to_batches()[0]
        elif rest:
            for batch in table.slice(start, rest).to_batches():
                self._pending.append(batch)
                self._count += batch.num_rows
