"""Opening whatever file an office sends as a tabular source, recognised by its content."""

from __future__ import annotations

import re
from pathlib import Path

from chitieu.containers import (
    OLE_MAGIC,
    ZIP_MAGIC,
    OfficeKind,
    ZipLimits,
    input_size,
    office_zip_kind,
    ole_refusal,
    read_head,
)
from chitieu.domain import Source
from chitieu.encoding import NotTextError, decode_prefix
from chitieu.errors import Place, refuse
from chitieu.sources.readers.base import TabularSource
from chitieu.sources.readers.columnar import PARQUET_MAGIC, ParquetSource
from chitieu.sources.readers.delimited import CsvSource
from chitieu.sources.readers.headers import HeaderMatcher
from chitieu.sources.readers.records import JsonSource
from chitieu.sources.readers.workbook import XlsxSource

_JSON_SCALAR = re.compile(r'(null|true|false|-?\d|")')

HEAD_BYTES = 1 << 20
"""How much of a text file is read to judge its encoding and find its header."""

XLSX_LIMITS = ZipLimits(
    total_bytes=4 << 30,
    member_bytes=2 << 30,
    ratio=250,
)
"""A workbook is streamed, so size costs time rather than memory: a sheet may inflate to 2 GB
(about a million rows of twenty columns), but not at the ratio of a zip bomb."""

SUPPORTED = "hãy gửi tệp CSV, Excel (.xlsx), Parquet hoặc JSON"

_OTHER_FORMATS = (
    (b"%PDF-", "tệp PDF"),
    (b"\x1f\x8b", "tệp nén gzip"),
    (b"Rar!", "tệp nén RAR"),
    (b"7z\xbc\xaf\x27\x1c", "tệp nén 7z"),
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
)


def open_source(path: Path, source: Source | None = None) -> TabularSource:
    """The file as a tabular source, its format recognised by content, not by name.

    When ``source`` (the import the file is for) is given, the header of a CSV file or a
    workbook is looked for below titles (the row among the first ones that names the most of
    its columns) and, in a workbook of several visible sheets, the sheet is the one whose header
    names its columns.

    A zip holding a workbook is XLSX, ``PAR1`` starts Parquet, text starting with ``[`` or ``{``
    is JSON, other text is CSV. Refused with a Vietnamese reason (``InputError``): a missing or
    empty file, binary junk, a Word document or other zip, an encrypted or legacy Office file, a
    corrupt file, a zip that would inflate like a zip bomb, a header with an empty or repeated
    name.
    """
    place = Place(path.name)
    matcher = HeaderMatcher(source) if source is not None else None
    size = input_size(path)
    head = read_head(path, HEAD_BYTES)
    if head.startswith(OLE_MAGIC):
        raise ole_refusal(path)
    if head.startswith(ZIP_MAGIC):
        kind = office_zip_kind(path, XLSX_LIMITS)
        if kind is OfficeKind.XLSX:
            return XlsxSource(path, total_bytes=size, matcher=matcher)
        if kind is OfficeKind.DOCX:
            raise refuse(place, f"văn bản Word không phải bảng dữ liệu; {SUPPORTED}")
        raise refuse(place, f"tệp nén không phải bảng tính Excel (.xlsx); {SUPPORTED}")
    if head.startswith(PARQUET_MAGIC):
        return ParquetSource(path, total_bytes=size)
    for magic, what in _OTHER_FORMATS:
        if head.startswith(magic):
            raise refuse(place, f"đây là {what}, không phải bảng dữ liệu; {SUPPORTED}")
    complete = len(head) >= size
    try:
        encoding, text = decode_prefix(head, complete=complete)
    except NotTextError as error:
        raise refuse(place, f"{error}; {SUPPORTED}") from error
    start = text.lstrip()
    if not start:
        raise refuse(place, "tệp chỉ có khoảng trắng, không có dữ liệu")
    if start[0] in "[{":
        return JsonSource(path, total_bytes=size, encoding=encoding)
    if path.suffix.lower() == ".json" and _JSON_SCALAR.match(start):
        # «null», «1», «"x"»: a JSON document, but of no record, not a one-column CSV.
        raise refuse(Place(path.name, line=1), "tệp JSON phải là một mảng bản ghi «[{…}, {…}]»")
    return CsvSource(
        path,
        total_bytes=size,
        encoding=encoding,
        head=head,
        text=text,
        complete=complete,
        matcher=matcher,
    )
