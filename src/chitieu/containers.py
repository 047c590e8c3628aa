"""Recognising an office's file by its content, not its name: old binary Office files, encrypted
Office files, and zips of Office documents, with a guard against zip bombs.

Shared by the decision readers and the fact readers; each decides what to do with a kind it does
not read, so that its message can say what it expected instead.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from chitieu.errors import InputError, Place, refuse

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An encrypted Office document is an OLE container with a stream named "EncryptedPackage".
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_SCAN_BLOCK = 1 << 20


def input_size(path: Path) -> int:
    """The size of an input file in bytes; refuse a missing file, a folder, an unreadable or an
    empty file."""
    place = Place(path.name)
    if not path.exists():
        raise refuse(place, "không tìm thấy tệp")
    if path.is_dir():
        raise refuse(place, "đây là một thư mục, không phải tệp")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise refuse(place, f"không đọc được tệp ({error.strerror})") from error
    if size == 0:
        raise refuse(place, "tệp rỗng")
    return size


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a file (fewer if it is shorter); refuse an unreadable file."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as error:
        raise refuse(Place(path.name), f"không đọc được tệp ({error.strerror})") from error


def ole_refusal(path: Path) -> InputError:
    """Why an OLE container (an encrypted Office file or a legacy .doc/.xls) is refused.

    The file is scanned in blocks, so that a large legacy workbook is never held in memory.
    """
    place = Place(path.name)
    overlap = len(_ENCRYPTED_STREAM) - 1
    tail = b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_SCAN_BLOCK), b""):
            if _ENCRYPTED_STREAM in tail + block:
                return refuse(place, "tệp được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi gửi lại")
            tail = block[-overlap:]
    return refuse(
        place,
        "tệp Word/Excel định dạng cũ (.doc/.xls) không được hỗ trợ; hãy lưu lại thành .docx hoặc .xlsx",
    )


class OfficeKind(StrEnum):
    """What a zip holds."""

    DOCX = "docx"
    XLSX = "xlsx"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """How far a zip may inflate before it is refused as a possible zip bomb.

    ``total_bytes`` bounds all members together, ``member_bytes`` any one of them, and ``ratio``
    the inflation of any member larger than ``ratio_floor`` (deflate reaches about 1000:1 on
    repeated bytes; real spreadsheets stay well under 100:1). The sizes checked are those the zip
    declares: Python's zipfile never inflates a member beyond its declared size (it stops and
    fails the CRC check), so a lying header cannot get past them.
    """

    total_bytes: int
    member_bytes: int | None = None
    ratio: float | None = None
    ratio_floor: int = 1 << 20


_BOMB = "tệp giải nén ra quá lớn (nghi ngờ tệp độc hại), không đọc"


def office_zip_kind(path: Path, limits: ZipLimits) -> OfficeKind:
    """What kind of Office document a zip holds, without inflating any of it; refuse a corrupt or
    truncated zip and one that would inflate beyond ``limits``."""
    place = Place(path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise refuse(
            place, "tệp bị hỏng hoặc không đầy đủ (không mở được như tệp Office)"
        ) from error
    if sum(info.file_size for info in infos) > limits.total_bytes:
        raise refuse(place, _BOMB)
    for info in infos:
        if limits.member_bytes is not None and info.file_size > limits.member_bytes:
            raise refuse(place, f"{_BOMB} (phần «{info.filename}»)")
        if (
            limits.ratio is not None
            and info.file_size > limits.ratio_floor
            and info.file_size > limits.ratio * max(info.compress_size, 1)
        ):
            raise refuse(
                place,
                f"tỉ lệ nén bất thường ở phần «{info.filename}» (nghi ngờ tệp độc hại), không đọc",
            )
    names = {info.filename for info in infos}
    if "word/document.xml" in names:
        return OfficeKind.DOCX
    if "xl/workbook.xml" in names:
        return OfficeKind.XLSX
    return OfficeKind.OTHER
