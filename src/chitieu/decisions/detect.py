"""Recognising what kind of file an office sent, by its content rather than its name."""

from __future__ import annotations

import zipfile
from enum import StrEnum
from pathlib import Path

from chitieu.errors import Place, refuse

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
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
    if not path.exists():
        raise refuse(place, "không tìm thấy tệp")
    if path.is_dir():
        raise refuse(place, "đây là một thư mục, không phải tệp")
    size = path.stat().st_size
    if size == 0:
        raise refuse(place, "tệp rỗng")
    if size > MAX_FILE_BYTES:
        raise refuse(place, f"tệp quá lớn cho một quyết định ({size // 1024 // 1024} MB)")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise refuse(place, f"không đọc được tệp ({error.strerror})") from error
    if head.startswith(_OLE_MAGIC):
        return _refuse_ole(path)
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(path)
    return Kind.TEXT


def _refuse_ole(path: Path) -> Kind:
    place = Place(path.name)
    with path.open("rb") as handle:
        content = handle.read()
    # An encrypted Office document is an OLE container with an "EncryptedPackage" stream.
    if "EncryptedPackage".encode("utf-16-le") in content:
        raise refuse(place, "tệp được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi gửi lại")
    raise refuse(
        place,
        "tệp Word/Excel định dạng cũ (.doc/.xls) không được hỗ trợ; hãy lưu lại thành .docx hoặc .xlsx",
    )


def _zip_kind(path: Path) -> Kind:
    place = Place(path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise refuse(
            place, "tệp bị hỏng hoặc không đầy đủ (không mở được như tệp Office)"
        ) from error
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise refuse(place, "tệp giải nén ra quá lớn (nghi ngờ tệp độc hại), không đọc")
    names = {info.filename for info in infos}
    if "word/document.xml" in names:
        return Kind.DOCX
    if "xl/workbook.xml" in names:
        return Kind.XLSX
    raise refuse(place, "tệp nén không phải văn bản Word (.docx) hay bảng tính Excel (.xlsx)")
