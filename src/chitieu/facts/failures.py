"""What can go wrong with a store that is not the input's fault nor the software's, each told in
one Vietnamese sentence: a full disk, a home that cannot be written, a store another process is
using, a store that holds the same key twice, a unit claiming another unit's dossier.

``user_error`` is the one place that recognises these among the exceptions the operating system,
DuckDB, PostgreSQL or SQLite raise; the command line asks it before calling anything internal.
Every write is one transaction, so each message can say that nothing was changed.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass

from chitieu.errors import ChitieuError

UNCHANGED = "không có gì bị thay đổi"


class StoreError(ChitieuError):
    """A store that cannot be used as asked (the input may be right)."""


class DiskFullError(StoreError):
    """The disk (the home's, its scratch folder's or the server's) ran out of space."""


class StoreAccessError(StoreError):
    """The home or the store cannot be read or written by this user."""


class StoreBusyError(StoreError):
    """Another process holds the store for longer than this one may wait."""


class DuplicateKeysError(StoreError):
    """A store made before keys were enforced holds some key more than once."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """An incoming fact whose key is stored under another owner (a dossier of another unit)."""

    key: tuple[str, ...]
    incoming: str | None
    stored: str | None


class OwnerConflictError(StoreError):
    """Facts whose national code is already stored under another unit; the import that met them
    names its file and the units (``sources.ingest``)."""

    def __init__(self, conflicts: list[Conflict], total: int) -> None:
        self.conflicts = conflicts
        self.total = total
        first = conflicts[0]
        super().__init__(
            f"{total} mã đã có trong kho dưới đơn vị khác, ví dụ «{'/'.join(first.key)}» "
            f"của {first.stored}, nay ghi {first.incoming}"
        )


_DISK_FULL = re.compile(
    r"no space left on device|disk is full|database or disk is full|could not extend file|"
    r"not enough space|out of disk|max_temp_directory_size",
    re.IGNORECASE,
)
_READ_ONLY = re.compile(
    r"read-only file system|permission denied|readonly database|attempt to write a readonly",
    re.IGNORECASE,
)


def disk_full_message(where: str | None = None) -> str:
    """«không đủ chỗ trên đĩa …» (with the place, when known), what was kept and what to do."""
    at = f" ({where})" if where else ""
    return (
        f"không đủ chỗ trên đĩa{at}; {UNCHANGED}. Hãy giải phóng chỗ trống (hoặc đặt thư mục dữ "
        "liệu ở đĩa khác bằng --home) rồi chạy lại"
    )


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def is_disk_full(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is a full disk: ``OSError`` ``ENOSPC``/``EDQUOT``,
    DuckDB's ``IOException`` on a write that found no space, PostgreSQL's ``disk_full``
    (SQLSTATE 53100), SQLite's «database or disk is full»."""
    for link in _chain(error):
        if isinstance(link, OSError) and link.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if getattr(link, "sqlstate", None) == "53100":
            return True
        if not isinstance(link, ChitieuError) and _DISK_FULL.search(str(link)):
            return True
    return False


def user_error(error: BaseException) -> ChitieuError | None:
    """The user's sentence for a failure of the machine around the store (``None`` for anything
    else, which stays an internal error)."""
    if isinstance(error, ChitieuError):
        return error
    if is_disk_full(error):
        return DiskFullError(disk_full_message(getattr(error, "filename", None)))
    for link in _chain(error):
        read_only = isinstance(link, OSError) and link.errno in (
            errno.EACCES,
            errno.EPERM,
            errno.EROFS,
        )
        if read_only or (not isinstance(link, OSError) and _READ_ONLY.search(str(link))):
            where = getattr(link, "filename", None)
            at = f" {where}" if where else ""
            return StoreAccessError(
                f"không có quyền ghi (hoặc đọc){at}: thư mục dữ liệu chỉ đọc hoặc không được cấp quyền; "
                f"{UNCHANGED}. Các lệnh chỉ đọc (status, lagging, facts summary) vẫn dùng được; "
                "để nạp hay tính, hãy cấp quyền ghi hoặc chỉ --home tới thư mục ghi được"
            )
    return None
