"""Reading CSV files with Arrow's C++ reader: any encoding an office saves, the delimiter found
from the header, every field as text, and each row's exact physical line.

Arrow numbers the records it reads, not the lines; a record spans more than one line when a
quoted field holds line breaks. The line of each row is therefore its record number plus the line
breaks inside the fields of the records before it, counted per batch with vectorised kernels (and
skipped outright for the common batch without any).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from chitieu.errors import InputError, Place, refuse
from chitieu.sources.readers.base import (
    DEFAULT_BATCH_ROWS,
    MAX_PROBLEMS,
    POSITION,
    Problems,
    Rebatcher,
    TabularSource,
    header_names,
    nfc_array,
    string_schema,
    value_bytes,
)
from chitieu.sources.readers.headers import TITLE_ROWS, HeaderMatcher, header_key, pick_header

DELIMITERS = (",", ";", "\t")
"""The delimiters recognised, in the order that settles a tie (see ``find_header``)."""

_BLOCK_BYTES = 2 << 20
_LINE_FEED = 10
_CARRIAGE_RETURN = 13
_ENCODING_NAMES = {"utf8": "UTF-8", "cp1258": "Windows-1258"}


def _arrow_encoding(encoding: str, head: bytes) -> str:
    """The encoding to give Arrow: ``utf8`` is read natively (a BOM skipped), anything else is
    transcoded by Arrow through the Python codec, in a stream."""
    name = codecs.lookup(encoding).name
    if name == "utf-8":
        return "utf8"
    # The generic codecs consume the BOM; the explicit-endian ones would keep it as text.
    if name.startswith("utf-16") and head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if name.startswith("utf-32") and head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    return name


_SEPARATOR_HINT = re.compile(r"sep=(.)(?:\r\n|\n|\r)", re.IGNORECASE)
_SAMPLE_RECORDS = 20


@dataclass(frozen=True, slots=True)
class Header:
    """The header of a CSV file as found in its first lines."""

    names: list[str]
    delimiter: str
    first_line: int
    last_line: int
    agreeing: int  # how many of the next records have as many fields as the header
    titles: int = 0  # non-blank records above it, left out as the document's titles
    score: int = 0  # how many columns of the import it names (0 when no import is known)


def _header(
    text: str, delimiter: str, lines_before: int, matcher: HeaderMatcher | None
) -> Header | None:
    """The header among the first records with a non-blank field (the first of them unless
    ``matcher`` finds a better one), and how many records after it agree in width."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    candidates: list[tuple[list[str], int, int]] = []  # record, first line, last line
    before = 0
    try:
        for record in reader:
            if any(field.strip() for field in record):
                candidates.append(
                    (record, lines_before + before + 1, lines_before + reader.line_num)
                )
                if matcher is None or len(candidates) == TITLE_ROWS:
                    break
            before = reader.line_num
        if not candidates:
            return None
        names = [[field.strip() for field in record] for record, _, _ in candidates]
        index = pick_header(names, matcher)
        record, first, last = candidates[index]
        following = [r for r, _, _ in candidates[index + 1 :]]
        following += itertools.islice(reader, max(0, _SAMPLE_RECORDS - len(following)))
    except csv.Error:
        return None
    agreeing = sum(len(row) == len(record) for row in following[:_SAMPLE_RECORDS])
    score = matcher.score(names[index]) if matcher is not None else 0
    return Header(record, delimiter, first, last, agreeing, index, score)


def find_header(text: str, *, complete: bool, matcher: HeaderMatcher | None = None) -> Header:
    """The header of a CSV text: the delimiter that splits it into the most fields, the width of
    the records below breaking a tie; an Excel ``sep=;`` first line decides the delimiter.
    With ``matcher`` (the import is known), the header may lie below titles: the delimiter and
    row that name the most columns of the import win.

    ``text`` is the start of the file; unless ``complete``, its last line may be cut and is not
    used, so a header must fit in it.
    """
    if not complete:
        cut = max(text.rfind("\n"), text.rfind("\r"))
        text = text[: cut + 1]
    delimiters: tuple[str, ...] = DELIMITERS
    lines_before = 0
    hint = _SEPARATOR_HINT.match(text)
    if hint is not None:
        delimiters, lines_before, text = (str(hint.group(1)),), 1, text[hint.end() :]
    found = [h for d in delimiters if (h := _header(text, d, lines_before, matcher)) is not None]
    if not found:
        raise ValueError("no header")
    # max() keeps the first of equals, so DELIMITERS' order settles what is still tied.
    return max(found, key=lambda h: (h.score, len(h.names), h.agreeing))


def _line_breaks(text: str) -> int:
    """Line breaks in a text, each of CR LF, LF and CR counting once, as editors number lines."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _row_breaks(columns: list[Any]) -> npt.NDArray[np.int64] | None:
    """The line breaks inside the fields of each row; ``None`` when there are none at all."""
    total: npt.NDArray[np.int64] | None = None
    for column in columns:
        # One byte scan rules out most columns: LF and CR are the only bytes counted below 14.
        if not (value_bytes(column) <= _CARRIAGE_RETURN).any():
            continue
        counts = (
            pc.count_substring(column, "\n").fill_null(0).to_numpy().astype(np.int64)
            + pc.count_substring(column, "\r").fill_null(0).to_numpy()
            - pc.count_substring(column, "\r\n").fill_null(0).to_numpy()
        )
        total = counts if total is None else total + counts
    return total


def _field_end(delimiter: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(delimiter)}\r\n]")


def _quote_state(text: str, field_end: re.Pattern[str], inside: bool) -> tuple[bool, int]:
    """Whether ``text`` ends inside a quoted field, given whether it starts inside one (else it
    starts at a field's start), and the offset of that field's opening quote (-1 when it opened
    before ``text``).

    As Arrow parses: a quote opens a field only at the field's start, ``""`` inside is a quote.
    """
    pos, size, opened = 0, len(text), -1
    while True:
        if inside:
            close = text.find('"', pos)
            if close < 0:
                return True, opened
            if text.startswith('"', close + 1):
                pos = close + 2
                continue
            inside, opened, pos = False, -1, close + 1
        elif pos < size and text[pos] == '"':
            inside, opened, pos = True, pos, pos + 1
            continue
        end = field_end.search(text, pos)
        if end is None or end.end() >= size:
            return False, -1
        pos = end.end()


def open_quote(text: str, delimiter: str) -> int | None:
    """The offset of a quote that opens a field of ``text`` (records from a record's start) and
    is never closed; ``None`` when every quoted field is closed.

    >>> open_quote('1,"a""b"\\n2,"x\\n3,4\\n', ",")
    11
    >>> open_quote('1,5 inch"\\n2,3\\n', ",") is None
    True
    """
    inside, opened = _quote_state(text, _field_end(delimiter), False)
    return opened if inside else None


UNCLOSED_QUOTE = (
    'dấu ngoặc kép «"» mở ở dòng này không được đóng, nên các dòng sau nó bị đọc thành một ô; '
    "hãy thêm dấu ngoặc kép đóng"
)
"""The reason of an unclosed quote, told at the line where it opened."""


Reason = str | Callable[[int], tuple[int, str]]
"""Why a record is refused: a sentence, or from the record's line the line to name and why."""


class _Lines:
    """The physical line of each row, from Arrow's record numbers.

    Arrow numbers records from 1 counting the lines it skipped before the data, and leaves out
    the records ``invalid_row_handler`` skipped; those are kept here (the first ``MAX_PROBLEMS``
    of them) until the rows around them are placed, which also gives their own lines.
    """

    def __init__(self, first_record: int, problems: Problems, place: Any) -> None:
        self.next_record = first_record
        self.extra = 0  # line breaks inside the records before next_record
        # Each skipped record: its number, its line breaks, and the reason, or how to tell it
        # from the record's line (a place inside the record, such as where a quote opened).
        self.skipped: list[tuple[int, int, Reason]] = []
        self.tracked = 0
        self.problems = problems
        self.place = place

    def skip(self, number: int, text: str, reason: Reason) -> None:
        """Note a record Arrow skipped (called from the reader, in record order)."""
        if self.tracked < MAX_PROBLEMS:
            self.skipped.append((number, _line_breaks(text), reason))
            self.tracked += 1
        else:
            # Rows after the first ones listed are only counted: the file is refused anyway,
            # so the lines of later rows no longer matter.
            self.problems.add_hidden()

    def place_rows(self, count: int, breaks: npt.NDArray[np.int64] | None) -> npt.NDArray[np.int64]:
        """The lines of the next ``count`` rows Arrow returned."""
        if breaks is None:
            breaks = np.zeros(count, dtype=np.int64)
        lines = np.empty(count, dtype=np.int64)
        done = 0
        while done < count:
            if self.skipped and self.skipped[0][0] == self.next_record:
                self._pass_skipped()
                continue
            run = count - done
            if self.skipped:
                run = min(run, self.skipped[0][0] - self.next_record)
            segment = breaks[done : done + run]
            before = np.cumsum(segment) - segment
            lines[done : done + run] = (
                self.next_record + self.extra + np.arange(run, dtype=np.int64) + before
            )
            self.extra += int(segment.sum())
            self.next_record += run
            done += run
        return lines

    def finish(self) -> None:
        """Place the skipped records after the last row."""
        while self.skipped:
            self.next_record = self.skipped[0][0]
            self._pass_skipped()

    def _pass_skipped(self) -> None:
        number, breaks, reason = self.skipped.pop(0)
        line = number + self.extra
        if isinstance(reason, str):
            self.problems.add(self.place(line), reason)
        else:
            at, told = reason(line)
            self.problems.add(self.place(at), told)
        self.extra += breaks
        self.next_record = number + 1


class CsvSource(TabularSource):
    """A CSV file: header on its first non-blank line, fields as text, empty fields null."""

    position_word = "dòng"

    def __init__(
        self,
        path: Path,
        *,
        total_bytes: int,
        encoding: str,
        head: bytes,
        text: str,
        complete: bool,
        matcher: HeaderMatcher | None = None,
    ) -> None:
        """Read the header from ``text``, the decoded start of the file (``head`` in bytes);
        with ``matcher``, below any titles."""
        try:
            header = find_header(text, complete=complete, matcher=matcher)
        except ValueError:
            reason = "tệp không có dòng tiêu đề" if complete else "dòng tiêu đề quá dài"
            raise refuse(Place(path.name, line=1), reason) from None
        columns = header_names(
            header.names, lambda column: Place(path.name, line=header.first_line, column=column)
        )
        super().__init__(path, columns, total_bytes)
        self.encoding = encoding
        self.delimiter = header.delimiter
        self.header_line = header.first_line
        self.header_position = header.first_line
        self.titles_above = header.titles
        self._skip_lines = header.last_line
        self._arrow_encoding = _arrow_encoding(encoding, head)
        self.schema = string_schema(columns)
        self._header_keys = [header_key(name) for name in columns]

    @property
    def encoding_name(self) -> str:
        """The encoding as a user knows it, e.g. ``Windows-1258``."""
        name = codecs.lookup(self.encoding).name.replace("-", "")
        return _ENCODING_NAMES.get(name, self.encoding)

    def batches(self, rows: int = DEFAULT_BATCH_ROWS) -> Iterator[Any]:
        """The rows in batches; rows with the wrong number of fields are reported together, with
        their lines, once the first of them is met (no row at or after it is yielded)."""
        self._restart()
        invalid = 0

        def count_invalid(_: Any) -> str:
            nonlocal invalid
            invalid += 1
            return "skip"

        problems = Problems(self.name, self.position_word)
        lines = _Lines(self._skip_lines + 1, problems, self.place)
        rebatcher = Rebatcher(rows)
        last_breaks: tuple[int, bool] | None = None  # the last row's line, whether it has breaks
        with pa.OSFile(str(self.path)) as raw:
            for block in self._blocks(raw, count_invalid, threads=True):
                self._advance(raw.tell())
                if invalid:
                    # The file is refused: no more rows, and none placed after a skipped one.
                    break
                if block.num_rows == 0:
                    continue
                columns = block.columns
                breaks = _row_breaks(columns)
                positions = lines.place_rows(block.num_rows, breaks)
                last_breaks = (int(positions[-1]), breaks is not None and bool(breaks[-1]))
                arrays = [
                    self._text(column, index, positions) for index, column in enumerate(columns)
                ]
                arrays.append(pa.array(positions, type=pa.int64()))
                batch = pa.RecordBatch.from_arrays(arrays, schema=self.schema)
                batch = self._without_repeated_header(batch, problems)
                yield from rebatcher.add(_without_empty_rows(batch))
        if invalid:
            self._refuse_invalid_rows()
        if last_breaks is not None and last_breaks[1]:
            # A quote never closed takes the rest of the file into the last row's field.
            self._refuse_unclosed_quote_from(last_breaks[0])
        problems.raise_if_any()
        yield from rebatcher.flush()
        self._advance(self.total_bytes)

    def _without_repeated_header(self, batch: Any, problems: Problems) -> Any:
        """The batch without the rows that repeat the header (files pasted one under another),
        each noted once as a problem of its line, not as a bad value in every column."""
        first = pc.utf8_trim_whitespace(batch.column(0))
        hits = pc.equal(first, pa.scalar(self.columns[0])).fill_null(False)
        if not pc.any(hits).as_py():
            return batch
        keep = np.ones(batch.num_rows, dtype=bool)
        positions = batch.column(POSITION).to_pylist()
        for row in np.flatnonzero(hits.to_numpy(zero_copy_only=False)):
            cells = [batch.column(i)[int(row)].as_py() for i in range(len(self.columns))]
            if [header_key(cell or "") for cell in cells] == self._header_keys:
                keep[row] = False
                problems.add(
                    self.place(positions[row]),
                    f"dòng này lặp lại dòng tiêu đề (dòng {self.header_line}); tệp ghép từ "
                    "nhiều tệp? hãy xoá dòng này",
                )
        return batch if keep.all() else batch.filter(pa.array(keep))

    def _records_from(self, line: int) -> str:
        """The text of the file from the start of physical line ``line`` to its end."""
        with self.path.open(encoding=self.encoding, errors="replace", newline="") as handle:
            for _ in range(line - 1):
                if not handle.readline():
                    return ""
            return handle.read()

    def _long_open_quote(self) -> int | None:
        """The line of a quote that stays open for more than Arrow's block, which is why Arrow
        could not read the file; ``None`` if none does. Read line by line, in Python, but only for
        a file refused anyway, and lines without a quote cost one scan in C."""
        field_end = _field_end(self.delimiter)
        inside, opened_line, open_chars = False, 0, 0
        with self.path.open(encoding=self.encoding, errors="replace", newline="") as handle:
            for number, line in enumerate(handle, start=1):
                if inside:
                    open_chars += len(line)
                    if open_chars > _BLOCK_BYTES:
                        return opened_line
                if '"' not in line:
                    continue
                inside, at = _quote_state(line, field_end, inside)
                if inside and at >= 0:
                    opened_line, open_chars = number, len(line) - at
        return opened_line if inside else None

    def _refuse_unclosed_quote_from(self, line: int) -> None:
        """Refuse the file if a quote opened at or after ``line`` (a record's first line) is
        never closed, naming the line where it opened."""
        text = self._records_from(line)
        opened = open_quote(text, self.delimiter)
        if opened is not None:
            raise refuse(Place(self.name, line=line + _line_breaks(text[:opened])), UNCLOSED_QUOTE)

    def _refuse_invalid_rows(self) -> None:
        """Read the file again, serially, to find the lines of the rows with the wrong number of
        fields: Arrow gives their record numbers only when it parses on one thread, and that
        costs time only for files that are refused anyway."""
        problems = Problems(self.name, self.position_word)
        lines = _Lines(self._skip_lines + 1, problems, self.place)
        expected = len(self.columns)

        unclosed: list[int] = []

        def note(row: Any) -> str:
            reason = f"có {row.actual_columns} trường, nhưng dòng tiêu đề có {expected} cột"
            if row.number is not None and '"' in row.text and not unclosed:
                opened = open_quote(row.text, self.delimiter)
                if opened is not None:
                    # Lines after the quote were taken into its field: the cause, told once.
                    unclosed.append(row.number)
                    inside = _line_breaks(row.text[:opened])
                    lines.skip(
                        row.number,
                        row.text,
                        lambda line: (line + inside, UNCLOSED_QUOTE),
                    )
                    return "skip"
            if row.number is None:
                problems.add(Place(self.name), f"{reason}: «{row.text[:80]}»")
            else:
                lines.skip(row.number, row.text, reason)
            return "skip"

        with pa.OSFile(str(self.path)) as raw:
            for block in self._blocks(raw, note, threads=False):
                lines.place_rows(block.num_rows, _row_breaks(block.columns))
        lines.finish()
        problems.raise_if_any()

    def _blocks(self, raw: Any, on_invalid: Any, *, threads: bool) -> Iterator[Any]:
        read_options = pa_csv.ReadOptions(
            use_threads=threads,
            block_size=_BLOCK_BYTES,
            skip_rows=self._skip_lines,
            column_names=self.columns,
            encoding=self._arrow_encoding,
        )
        parse_options = pa_csv.ParseOptions(
            delimiter=self.delimiter,
            newlines_in_values=True,
            # Blank lines must stay records, or Arrow's record numbers would no longer count
            # them; they come back as rows of nulls, dropped after they are placed.
            ignore_empty_lines=False,
            invalid_row_handler=on_invalid,
        )
        # Binary, not string: bytes outside UTF-8 are then found here, at their row and column.
        convert_options = pa_csv.ConvertOptions(
            column_types={name: pa.binary() for name in self.columns},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        )
        try:
            reader = pa_csv.open_csv(
                raw,
                read_options=read_options,
                parse_options=parse_options,
                convert_options=convert_options,
            )
            while True:
                try:
                    block = reader.read_next_batch()
                except StopIteration:
                    return
                yield block
        except (pa.ArrowInvalid, UnicodeDecodeError) as error:
            # A header without a line break after it: nothing to skip to, and no rows.
            if "could not skip initial" in str(error).lower():
                return
            raise self._unreadable(error) from error

    def _unreadable(self, error: Exception) -> InputError:
        if isinstance(error, UnicodeDecodeError) or "decode" in str(error).lower():
            return refuse(
                Place(self.name),
                f"có đoạn không đọc được theo bảng mã {self.encoding_name} đã nhận ra ở đầu tệp "
                "(tệp lẫn nhiều bảng mã?); hãy lưu lại tệp dưới dạng CSV UTF-8",
            )
        if "straddling" in str(error).lower():
            line = self._long_open_quote()
            if line is not None:
                return refuse(Place(self.name, line=line), UNCLOSED_QUOTE)
            return refuse(
                Place(self.name),
                "có một dòng dài quá 2 MB (có thể thiếu dấu ngoặc kép đóng)",
            )
        return refuse(Place(self.name), f"không đọc được tệp CSV ({error})")

    def _text(self, column: Any, index: int, positions: npt.NDArray[np.int64]) -> Any:
        try:
            text = column.cast(pa.string())
        except pa.ArrowInvalid:
            for row, value in enumerate(column.to_pylist()):
                try:
                    if value is not None:
                        value.decode("utf-8")
                except UnicodeDecodeError:
                    raise refuse(
                        self.place(int(positions[row]), index + 1, self.columns[index]),
                        "có byte không hợp lệ trong bảng mã UTF-8 (tệp lẫn nhiều bảng mã?); "
                        "hãy lưu lại tệp dưới dạng CSV UTF-8",
                    ) from None
            raise
        return nfc_array(text)


def _without_empty_rows(batch: Any) -> Any:
    """The batch without rows whose every field is empty (blank lines, lines of delimiters)."""
    columns = batch.columns[:-1]
    if not columns or any(column.null_count == 0 for column in columns):
        return batch
    empty = pc.is_null(columns[0])
    for column in columns[1:]:
        empty = pc.and_(empty, pc.is_null(column))
    if not pc.any(empty).as_py():
        return batch
    return batch.filter(pc.invert(empty))
