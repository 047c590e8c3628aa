"""Reading the records of a large JSON file one at a time, in bounded memory.

Neither Arrow (newline-delimited JSON only) nor ``json.load`` (the whole file in memory) fits a
2 GB array of dossiers. The standard library's C decoder is used on one record at a time instead:
the text is decoded in blocks, ``raw_decode`` takes the next value from the block, and a value
cut by the end of the block is decoded again once the next block has been appended.

Accepted shapes: an array of records ``[{…}, {…}]``; an object wrapping that array under a key
such as ``data`` or ``items`` (what web APIs and export tools produce), its other members
ignored; and objects one after the other (newline-delimited JSON, or a single object).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO

from chitieu.text import fold

WRAPPER_KEYS = frozenset(
    {"data", "items", "records", "rows", "result", "results", "value", "hoso", "danhsachhoso"}
)
"""Keys (folded, spaces removed) under which a wrapping object may hold the array of records."""

MAX_VALUE_CHARS = 64 << 20
"""A single record larger than this is refused rather than held in memory."""

_BLOCK_BYTES = 1 << 20
# A decoding error this far before the end of the text read so far is a real one; closer to the
# end it may only be the block boundary cutting a record, and the next block decides.
_MARGIN_CHARS = 1 << 20
_WHITESPACE = re.compile(r"[ \t\n\r]*")

_REASONS = {
    "Expecting value": "thiếu giá trị hoặc giá trị không hợp lệ",
    "Expecting ',' delimiter": "thiếu dấu phẩy «,»",
    "Expecting ':' delimiter": "thiếu dấu hai chấm «:»",
    "Expecting property name enclosed in double quotes": "tên trường phải đặt trong ngoặc kép",
    "Unterminated string starting at": "chuỗi thiếu dấu ngoặc kép đóng",
    "Invalid control character at": "ký tự điều khiển không hợp lệ trong chuỗi",
    "Invalid \\escape": "ký tự thoát «\\» không hợp lệ",
    "Invalid \\uXXXX escape": "mã «\\uXXXX» không hợp lệ",
    "Extra data": "dữ liệu thừa",
}


MAX_DEPTH_REASON = "các giá trị lồng nhau quá sâu (hàng nghìn cấp «[» hay «{»), không đọc được"

# The token as a value: a member's (its key captured) or an array item's, not text in a string.
_CONSTANT = re.compile(r'(?:"((?:[^"\\]|\\.)*)"\s*:|[\[,])\s*(-?Infinity|NaN)\b')
_INT_DIGITS = 4000  # below Python's limit on converting digits to int (4300)


def _integer(text: str) -> int | Decimal:
    """A JSON integer: an int, or past the digits Python converts (which raises ValueError, not
    a decoding error) a Decimal, for the reader to refuse as no number."""
    return int(text) if len(text) < _INT_DIGITS else Decimal(text)


class _NonFiniteError(Exception):
    """``NaN`` or ``Infinity`` met by the decoder: not JSON, and no number a fee can be."""


def _non_finite(token: str) -> object:
    raise _NonFiniteError(token)


class JsonSyntaxError(Exception):
    """The text is not the JSON expected, at a line and column of the file."""

    def __init__(self, reason: str, line: int, column: int) -> None:
        super().__init__(f"{reason} (dòng {line}, cột {column})")
        self.reason = reason
        self.line = line
        self.column = column


def _is_wrapper_key(key: str) -> bool:
    return fold(key).replace(" ", "") in WRAPPER_KEYS


class JsonStream:
    """A JSON text read block by block from a binary file."""

    def __init__(self, handle: BinaryIO, encoding: str) -> None:
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._encoding = encoding
        # Numbers as written (a float would round a fee of 1e30, and 1e400 to inf); NaN and
        # Infinity, which JSON does not have but Python's encoder writes, are refused.
        self._decode = json.JSONDecoder(
            parse_float=Decimal, parse_int=_integer, parse_constant=_non_finite
        ).raw_decode
        self._text = ""
        self._pos = 0
        self._eof = False
        self._started = False
        self._lines_dropped = 0  # line breaks in the text already consumed and dropped
        self._column_dropped = 0  # characters after the last of them
        self.bytes_read = 0

    def records(self) -> Iterator[object]:
        """The records of the text, in order."""
        first = self._peek()
        if first == "[":
            yield from self._array()
            self._expect_end("sau mảng bản ghi")
        elif first == "{":
            yield from self._objects()
        else:
            raise self._error("tệp JSON phải là một mảng bản ghi «[{…}, {…}]»", self._pos)

    def _array(self) -> Iterator[object]:
        self._pos += 1
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            yield self._value()
            after = self._peek()
            self._pos += 1
            if after == "]":
                return
            if after != ",":
                raise self._expected("«,» hoặc «]»", after)

    def _objects(self) -> Iterator[object]:
        """A wrapping object, or the first of a run of records."""
        self._pos += 1
        members: dict[str, object] = {}
        wrapped = False
        if self._peek() == "}":
            self._pos += 1
        else:
            while True:
                if self._peek() != '"':
                    raise self._error(
                        _REASONS["Expecting property name enclosed in double quotes"], self._pos
                    )
                key = self._value()
                assert isinstance(key, str)
                after = self._peek()
                if after != ":":
                    raise self._expected("«:»", after)
                self._pos += 1
                if not wrapped and _is_wrapper_key(key) and self._peek() == "[":
                    yield from self._array()
                    wrapped = True
                elif wrapped:
                    self._value()
                else:
                    members[key] = self._value()
                after = self._peek()
                self._pos += 1
                if after == "}":
                    break
                if after != ",":
                    raise self._expected("«,» hoặc «}»", after)
        if wrapped:
            self._expect_end("sau đối tượng bao ngoài")
            return
        yield members
        while self._peek() is not None:
            yield self._value()

    def _value(self) -> object:
        self._peek()
        while True:
            try:
                value, end = self._decode(self._text, self._pos)
            except RecursionError:
                raise self._error(MAX_DEPTH_REASON, self._pos) from None
            except _NonFiniteError as error:
                raise self._non_finite(str(error)) from None
            except json.JSONDecodeError as error:
                if not self._eof and len(self._text) - error.pos < _MARGIN_CHARS:
                    self._grow()
                    continue
                if self._eof and error.pos >= len(self._text.rstrip()):
                    raise self._error("tệp kết thúc giữa chừng (bị cắt cụt?)", error.pos) from None
                raise self._error(_REASONS.get(error.msg, error.msg), error.pos) from None
            # A number ending at the end of the text may go on in the next block.
            if end == len(self._text) and not self._eof:
                self._grow()
                continue
            self._pos = end
            return value

    def _non_finite(self, token: str) -> JsonSyntaxError:
        """The refusal of a ``NaN``/``Infinity`` token in the value at ``_pos``, at the token and
        naming its field when it is a member's value."""
        found = _CONSTANT.search(self._text, self._pos)
        field = found.group(1) if found is not None else None
        at = found.start(2) if found is not None else self._pos
        where = f" (trường «{field}»)" if field else ""
        return self._error(
            f"«{token}» không phải số hữu hạn{where}; JSON không có giá trị NaN hay Infinity", at
        )

    def _peek(self) -> str | None:
        """The next character that is not whitespace, ``None`` at the end."""
        while True:
            match = _WHITESPACE.match(self._text, self._pos)
            assert match is not None
            self._pos = match.end()
            if self._pos < len(self._text):
                return self._text[self._pos]
            if not self._fill():
                return None

    def _grow(self) -> None:
        if len(self._text) - self._pos > MAX_VALUE_CHARS:
            raise self._error("một bản ghi lớn hơn 64 MB (hoặc JSON bị hỏng)", self._pos)
        self._fill()

    def _fill(self) -> bool:
        """Drop the text consumed, append the next block; false at the end of the file."""
        if self._eof:
            return False
        data = self._handle.read(_BLOCK_BYTES)
        self.bytes_read += len(data)
        self._eof = not data
        try:
            text = self._decoder.decode(data, final=self._eof)
        except UnicodeDecodeError:
            raise self._error(
                f"có byte không hợp lệ trong bảng mã {self._encoding}", len(self._text)
            ) from None
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        dropped = self._text[: self._pos]
        breaks = dropped.count("\n")
        self._lines_dropped += breaks
        if breaks:
            self._column_dropped = len(dropped) - dropped.rfind("\n") - 1
        else:
            self._column_dropped += len(dropped)
        self._text = self._text[self._pos :] + text
        self._pos = 0
        return True

    def _expect_end(self, where: str) -> None:
        if self._peek() is not None:
            raise self._error(f"dữ liệu thừa {where}", self._pos)

    def _expected(self, what: str, found: str | None) -> JsonSyntaxError:
        if found is None:
            return self._error(f"tệp kết thúc giữa chừng (thiếu {what})", len(self._text))
        return self._error(f"thiếu {what}", self._pos - 1)

    def _error(self, reason: str, pos: int) -> JsonSyntaxError:
        breaks = self._text.count("\n", 0, pos)
        line = self._lines_dropped + breaks + 1
        # Columns count from the last line break, which may lie in the text already dropped.
        start = self._text.rfind("\n", 0, pos) if breaks else -1 - self._column_dropped
        column = pos - start
        return JsonSyntaxError(f"JSON sai cú pháp: {reason}", line, column)
