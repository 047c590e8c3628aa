"""Reading JSON files of records: national sync dossiers mapped to the canonical columns, or
plain records whose keys are the columns."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

from chitieu.errors import Place, refuse
from chitieu.sources.readers.base import (
    DEFAULT_BATCH_ROWS,
    Problems,
    TabularSource,
    header_names,
    non_finite,
    string_batch,
    string_schema,
    text_of,
)
from chitieu.sources.readers.json_stream import JsonStream, JsonSyntaxError
from chitieu.sources.readers.national import DOSSIER_COLUMNS, DossierMapper, is_national
from chitieu.text import nfc

_PROGRESS_EVERY = 1024
_NO_RECORD = object()


def _beyond(value: object) -> str:
    shown = str(value)
    if isinstance(value, Decimal) and len(shown) > 30:
        shown = str(value.normalize(Context()))  # 5,000 digits told as 1E+5000
    return f"«{shown}» không phải số hữu hạn (vượt quá giới hạn của số), không phải số liệu"


class JsonSource(TabularSource):
    """A JSON file of records (see ``json_stream`` for the shapes accepted).

    When the first record has ``MaHoSo`` the file is read as national sync dossiers and its
    columns are the canonical dossier columns (``national.dossier_row``). Otherwise the keys of
    the first record are the header, and every record may only use those keys.
    """

    position_word = "bản ghi"

    def __init__(self, path: Path, *, total_bytes: int, encoding: str) -> None:
        """Read the first record to learn the shape and the columns."""
        self._encoding = encoding
        with path.open("rb") as handle:
            first = next(self._records(JsonStream(handle, encoding), path.name), _NO_RECORD)
        if first is _NO_RECORD:
            raise refuse(Place(path.name), "tệp JSON không có bản ghi nào")
        first_place = Place(path.name, line=1, line_word=self.position_word)
        if first is None:
            raise refuse(first_place, "bản ghi là «null», không phải một đối tượng JSON «{…}»")
        if not isinstance(first, dict):
            raise refuse(first_place, "bản ghi không phải một đối tượng JSON «{…}»")
        if not first:
            raise refuse(
                first_place,
                "bản ghi đầu tiên không có trường nào «{}» (bản ghi đầu tiên quyết định các cột)",
            )
        self.national = is_national(first)
        if self.national:
            columns = list(DOSSIER_COLUMNS)
        else:
            columns = header_names(
                list(first),
                lambda column: Place(
                    path.name, line=1, column=column, line_word=self.position_word
                ),
            )
        super().__init__(path, columns, total_bytes)
        self._index = {name: index for index, name in enumerate(columns)}
        self._mapper = DossierMapper()
        self.schema = string_schema(columns)

    @staticmethod
    def _records(stream: JsonStream, name: str) -> Iterator[object]:
        try:
            yield from stream.records()
        except JsonSyntaxError as error:
            raise refuse(Place(name, line=error.line, column=error.column), error.reason) from None

    def batches(self, rows: int = DEFAULT_BATCH_ROWS) -> Iterator[Any]:
        """The records in batches, every value as text; records that cannot be read are reported
        together after the last batch."""
        self._restart()
        problems = Problems(self.name, self.position_word)
        width = len(self.columns)
        values: list[list[str | None]] = [[] for _ in range(width)]
        positions: list[int] = []
        with self.path.open("rb") as handle:
            stream = JsonStream(handle, self._encoding)
            for number, record in enumerate(self._records(stream, self.name), start=1):
                if number % _PROGRESS_EVERY == 0:
                    self._advance(stream.bytes_read)
                row = self._row(record, number, problems)
                if row is None:
                    continue
                for index, value in enumerate(row):
                    values[index].append(value)
                positions.append(number)
                if len(positions) == rows:
                    yield string_batch(self.columns, values, positions)
                    values = [[] for _ in range(width)]
                    positions = []
        if positions:
            yield string_batch(self.columns, values, positions)
        self._advance(self.total_bytes)
        problems.raise_if_any()

    def _row(self, record: object, number: int, problems: Problems) -> list[str | None] | None:
        if record is None:
            problems.add(
                self.place(number), "bản ghi là «null», không phải một đối tượng JSON «{…}»"
            )
            return None
        if not isinstance(record, dict):
            problems.add(self.place(number), "bản ghi không phải một đối tượng JSON «{…}»")
            return None
        if self.national:
            mapped, found = self._mapper.row(record)
            for field, reason in found:
                problems.add(self.place(number, column_name=field), reason)
            return [mapped[column] for column in self.columns]
        row: list[str | None] = [None] * len(self.columns)
        for key, value in record.items():
            name = nfc(key).strip()
            index = self._index.get(name)
            if index is None:
                problems.add(
                    self.place(number, column_name=name),
                    "trường không có trong bản ghi đầu tiên (bản ghi đầu tiên quyết định các cột)",
                )
            elif isinstance(value, dict | list):
                problems.add(
                    self.place(number, index + 1, name),
                    "phải là một giá trị đơn, không phải đối tượng hay mảng",
                )
            elif non_finite(value):
                # Refused here, where the number is still the number written: as text it
                # would be 400 digits, and any float reading it makes it inf.
                problems.add(self.place(number, index + 1, name), _beyond(value))
            else:
                row[index] = text_of(value)
        return row
