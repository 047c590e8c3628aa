"""Recognising what kind of file an office sent, by its content rather than its name."""

from __future__ import annotations

from enum import StrEnum
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
from chitieu.errors import Place, refuse

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_FILE_BYTES = 50 * 1024 * 1024


class Kind(StrEnum):
    """The forms a decision is kept in."""

    TEXT = "text"
    DOCX = "docx"
    XLSX = "xlsx"


def detect(path: Path) -> Kind:
    """The kind of a decision file; refuse with a Vietnamese reason what cannot be read."""
    place = Place(path.name)
    size = input_size(path)
    if size > MAX_FILE_BYTES:
        raise refuse(place, f"tệp quá lớn cho một quyết định ({size // 1024 // 1024} MB)")
    head = read_head(path, 8)
    if head.startswith(OLE_MAGIC):
        raise ole_refusal(path)
    if head.startswith(ZIP_MAGIC):
        kind = office_zip_kind(path, ZipLimits(total_bytes=MAX_UNCOMPRESSED_BYTES))
        if kind is OfficeKind.DOCX:
            return Kind.DOCX
        if kind is OfficeKind.XLSX:
            return Kind.XLSX
        raise refuse(place, "tệp nén không phải văn bản Word (.docx) hay bảng tính Excel (.xlsx)")
    return Kind.TEXT
