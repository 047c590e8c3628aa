"""Reading Parquet files batch by batch, in bounded memory, with the file's own column types."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from chitieu.errors import InputError, Place, refuse
from chitieu.sources.readers.base import (
    DEFAULT_BATCH_ROWS,
    POSITION,
    TabularSource,
    header_names,
    nfc_array,
)

PARQUET_MAGIC = b"PAR1"

# Column chunks are read through a buffer of this size instead of whole (nor all of a row group
# at once, as pre-buffering would): a file written as one huge row group stays in bounded memory.
_READ_BUFFER_BYTES = 8 << 20


def _broken(name: str, error: Exception) -> InputError:
    return refuse(Place(name), f"tệp Parquet bị hỏng hoặc không đầy đủ, không đọc được ({error})")


def _open(path: Path) -> Any:
    return pq.ParquetFile(path, pre_buffer=False, buffer_size=_READ_BUFFER_BYTES)


class ParquetSource(TabularSource):
    """A Parquet file: columns of its own types, text columns in NFC, one position per record."""

    position_word = "bản ghi"

    def __init__(self, path: Path, *, total_bytes: int) -> None:
        """Read the footer: the schema and the number of records."""
        try:
            parquet = _open(path)
            schema = parquet.schema_arrow
            self.num_rows: int = parquet.metadata.num_rows
            parquet.close()
        except (pa.ArrowException, OSError) as error:
            raise _broken(path.name, error) from error
        columns = header_names(
            schema.names, lambda column: Place(path.name, column=column, column_name=None)
        )
        super().__init__(path, columns, total_bytes)
        self._text_columns = [
            index
            for index, field in enumerate(schema)
            if pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
        ]
        fields = [field.with_name(name) for field, name in zip(schema, columns, strict=True)]
        self.schema = pa.schema([*fields, pa.field(POSITION, pa.int64())])

    def batches(self, rows: int = DEFAULT_BATCH_ROWS) -> Iterator[Any]:
        """The records in batches of at most ``rows``; text in NFC, other values untouched."""
        self._restart()
        position = 1
        try:
            parquet = _open(self.path)
        except (pa.ArrowException, OSError) as error:
            raise _broken(self.name, error) from error
        try:
            for batch in self._read(parquet, rows):
                arrays = list(batch.columns)
                for index in self._text_columns:
                    arrays[index] = nfc_array(arrays[index])
                count = batch.num_rows
                arrays.append(pa.array(range(position, position + count), type=pa.int64()))
                position += count
                if self.num_rows:
                    self._advance(self.total_bytes * (position - 1) // self.num_rows)
                yield pa.RecordBatch.from_arrays(arrays, schema=self.schema)
        finally:
            parquet.close()
        self._advance(self.total_bytes)

    def _read(self, parquet: Any, rows: int) -> Iterator[Any]:
        batches = parquet.iter_batches(batch_size=rows)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except (pa.ArrowException, OSError) as error:
                raise _broken(self.name, error) from error
            yield batch
