"""Word and Excel documents to PDF through LibreOffice (``soffice --headless --convert-to pdf``),
when it is installed; a sentence saying how to install it when it is not.

Each conversion uses its own LibreOffice profile in a temporary folder: two conversions at once
(two offices' web requests, two commands) would otherwise wait on each other's profile lock or
fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from chitieu.errors import ChitieuError

TIMEOUT_SECONDS = 300
"""A conversion that takes longer has hung (a dialog LibreOffice could not show, a broken
profile): it is stopped and reported."""

INSTALL_HINT = (
    "Cần LibreOffice để xuất PDF; hãy cài: «sudo apt-get install -y libreoffice-writer-nogui "
    "libreoffice-calc-nogui» (Debian, Ubuntu) hoặc tải từ libreoffice.org, rồi chạy lại; hoặc "
    "xuất .docx/.xlsx (-o TỆP.docx) rồi lưu PDF từ Word"
)


def soffice() -> str | None:
    """The LibreOffice program, or ``None`` when it is not installed (``$CHITIEU_SOFFICE``
    names it explicitly)."""
    named = os.environ.get("CHITIEU_SOFFICE")
    if named:
        return named if Path(named).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(data: bytes, suffix: str) -> bytes:
    """``data`` (a document whose file would end in ``suffix``: ``.docx``, ``.xlsx``) as PDF
    bytes; ``ChitieuError`` when LibreOffice is missing or fails."""
    program = soffice()
    if program is None:
        raise ChitieuError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="chitieu-pdf-") as scratch:
        folder = Path(scratch)
        source = folder / f"document{suffix}"
        source.write_bytes(data)
        profile = (folder / "profile").as_uri()
        try:
            done = subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise ChitieuError(
                f"LibreOffice không chuyển xong sang PDF sau {TIMEOUT_SECONDS} giây"
            ) from error
        except OSError as error:
            raise ChitieuError(f"Không chạy được LibreOffice ({program}): {error}") from error
        result = folder / "document.pdf"
        if done.returncode != 0 or not result.exists():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            raise ChitieuError(
                "LibreOffice không chuyển được văn bản sang PDF"
                + (f": {said.splitlines()[-1]}" if said else "")
            )
        return result.read_bytes()
