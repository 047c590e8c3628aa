"""Writing a file the user named (``-o``): whole or not at all, and only where a file belongs.

The command line, the documents and the web downloads all write through ``write_file``. It
writes a temporary file beside the target and renames it over the target, so that a reader never
sees half a report and a failure leaves the old file as it was. A symbolic link is written
through (the link stays, its target is replaced); anything that is not a regular file — a
directory, a named pipe, a device — is refused with a sentence, never replaced.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from chitieu.errors import ChitieuError


class OutputError(ChitieuError):
    """The output file cannot be written there; nothing was changed."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "một thư mục"
    if stat.S_ISFIFO(mode):
        return "một ống dẫn (fifo)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "một thiết bị"
    if stat.S_ISSOCK(mode):
        return "một socket"
    return "không phải một tệp thông thường"


def target_of(path: Path) -> Path:
    """Where writing ``path`` lands: the path itself, or the end of its chain of links; refused
    when that is not a regular file (or nothing yet)."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise OutputError(f"không ghi được «{path}»: {error.strerror}") from error
    if not stat.S_ISREG(mode):
        raise OutputError(
            f"không ghi được «{path}»: đó là {_kind(mode)}; hãy cho tên một tệp (ví dụ "
            f"«{path / 'bao-cao.xlsx' if stat.S_ISDIR(mode) else 'bao-cao.xlsx'}»)"
        )
    return target


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "không đủ chỗ trên đĩa"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "không có quyền ghi vào đó"
    return error.strerror or str(error)


def write_file(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` atomically and return the file written (the
    target of a link). Raise ``OutputError`` — with nothing changed — when ``path`` is a
    directory, a fifo or a device, or the disk refuses."""
    target = target_of(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise OutputError(f"không ghi được «{path}»: {_reason(error)}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            # A report replaced keeps who may read it.
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"không ghi được «{path}»: {_reason(error)}") from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
