"""Turning any file an office sends (CSV, Excel, Parquet, JSON) into a stream of Arrow record
batches, each row with its exact position in the file."""

from chitieu.sources.readers.base import POSITION, TabularSource
from chitieu.sources.readers.columnar import ParquetSource
from chitieu.sources.readers.delimited import CsvSource
from chitieu.sources.readers.headers import HEADER_ALIASES, canonical_columns
from chitieu.sources.readers.national import (
    NATIONAL_DOSSIER_FIELDS,
    NATIONAL_DOSSIER_RULES,
    dossier_row,
)
from chitieu.sources.readers.opening import open_source
from chitieu.sources.readers.records import JsonSource
from chitieu.sources.readers.workbook import XlsxSource

__all__ = [
    "HEADER_ALIASES",
    "NATIONAL_DOSSIER_FIELDS",
    "NATIONAL_DOSSIER_RULES",
    "POSITION",
    "CsvSource",
    "JsonSource",
    "ParquetSource",
    "TabularSource",
    "XlsxSource",
    "canonical_columns",
    "dossier_row",
    "open_source",
]
