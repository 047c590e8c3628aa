"""Evidence files attached to a manual value: checked (an allowed kind, by its name's extension
and by its first bytes; at most ``settings.EVIDENCE_MAX_BYTES``), stored once by content under
``HOME/evidence/<year>/<unit>/<sha256>.<ext>``, and found again only through a unit code, so
that the download view can check the scope before it reads a byte.

The manual import keeps a text reference (its ``evidence`` column); a stored file's relative
path is written into that reference, which is how the table of values links to it."""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from chitieu.errors import ChitieuError
from chitieu.formatting import integer

EVIDENCE_DIR = "evidence"
"""The folder of a home that holds evidence files."""

KINDS: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
"""The allowed extensions and the first bytes a file of each kind starts with."""
ALIASES = {"jpeg": "jpg"}
ZIP_MEMBER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
"""A Word or Excel file is a zip archive: the member that makes it one of these (any zip, an
.apk or a .jar, starts with the same bytes)."""
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}
STORED_NAME = re.compile(r"^[0-9a-f]{64}\.(pdf|docx|xlsx|jpg|png)$")
"""The name of a stored file: its SHA-256 and its extension, nothing a path could climb with."""
REFERENCE = re.compile(
    rf"{EVIDENCE_DIR}/(\d{{4}})/([^/\s()]+)/([0-9a-f]{{64}}\.(?:pdf|docx|xlsx|jpg|png))"
)
"""A stored file's relative path inside an evidence reference."""
CHUNK = 1 << 16


class EvidenceError(ChitieuError):
    """An evidence file refused (its kind or its size); ``message`` says why, in Vietnamese."""


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A checked upload waiting to be stored: its bytes, extension and SHA-256."""

    data: bytes
    extension: str
    sha256: str

    def relative(self, year: int, unit_code: str) -> str:
        """Its path under the home, with forward slashes (written into the reference)."""
        return f"{EVIDENCE_DIR}/{year}/{unit_code}/{self.sha256}.{self.extension}"


def allowed_text() -> str:
    """«PDF, DOCX, XLSX, JPG, PNG»."""
    return ", ".join(kind.upper() for kind in KINDS)


def size_text(limit: int) -> str:
    """A size limit in whole megabytes, or in kilobytes below one: «10 MB»."""
    if limit >= 1 << 20:
        return f"{integer(limit // (1 << 20))} MB"
    return f"{integer(max(1, limit // 1024))} KB"


def _extension(name: str) -> str:
    suffix = Path(name).suffix.lower().removeprefix(".")
    return ALIASES.get(suffix, suffix)


def check(name: str, chunks: Iterable[bytes], *, limit: int) -> EvidenceFile:
    """The upload ``name`` (read from ``chunks``) if it is an allowed kind within ``limit``
    bytes; ``EvidenceError`` with the reason otherwise. The extension alone is not trusted: an
    executable renamed ``.pdf`` does not start as a PDF does."""
    extension = _extension(name)
    if extension not in KINDS:
        raise EvidenceError(
            f"Tệp «{name}» không thuộc loại được nhận làm minh chứng; chỉ nhận {allowed_text()}."
        )
    buffer = io.BytesIO()
    digest = hashlib.sha256()
    for chunk in chunks:
        buffer.write(chunk)
        digest.update(chunk)
        if buffer.tell() > limit:
            raise EvidenceError(
                f"Tệp «{name}» lớn hơn giới hạn {size_text(limit)}; hãy nén hoặc chia nhỏ "
                "rồi gửi lại."
            )
    data = buffer.getvalue()
    if not data:
        raise EvidenceError(f"Tệp «{name}» rỗng (0 byte); hãy chọn lại tệp minh chứng.")
    if not data.startswith(KINDS[extension]) or not _is_office(data, extension):
        raise EvidenceError(
            f"Nội dung tệp «{name}» không phải tệp {extension.upper()} (phần đầu tệp không "
            "khớp với đuôi tên tệp); hãy gửi đúng tệp gốc."
        )
    return EvidenceFile(data, extension, digest.hexdigest())


def _is_office(data: bytes, extension: str) -> bool:
    member = ZIP_MEMBER.get(extension)
    if member is None:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


def store(home: Path, evidence: EvidenceFile, *, year: int, unit_code: str) -> bool:
    """Write the file under the home (its name its content's hash: the same file twice is
    stored once); whether it was new (a refused import then removes it again)."""
    target = home / evidence.relative(year, unit_code)
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside, then renamed: a reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(evidence.data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def remove(home: Path, evidence: EvidenceFile, *, year: int, unit_code: str) -> None:
    """Remove a file ``store`` has just written (its import was refused)."""
    (home / evidence.relative(year, unit_code)).unlink(missing_ok=True)


def stored_path(home: Path, year: int, unit_code: str, name: str) -> Path | None:
    """The stored file named so, or ``None`` when the name is not a stored file's (nothing
    outside ``HOME/evidence`` can be named) or no such file exists."""
    if not STORED_NAME.match(name) or "/" in unit_code or unit_code in ("", ".", ".."):
        return None
    path = home / EVIDENCE_DIR / str(year) / unit_code / name
    return path if path.is_file() else None


def references(text: str) -> list[tuple[int, str, str]]:
    """The stored files an evidence reference names: (year, unit code, file name)."""
    return [(int(m.group(1)), m.group(2), m.group(3)) for m in REFERENCE.finditer(text or "")]
