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
from collections.abc import Sequence
from pathlib import Path

from chitieu.errors import ChitieuError

TIMEOUT_SECONDS = 300
"""A conversion that takes longer has hung (a dialog LibreOffice could not show, a broken
profile): it is stopped and reported."""

PER_DOCUMENT_SECONDS = 60
"""Added to the timeout for each further document of one conversion."""

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
    return to_pdfs([data], suffix)[0]


def to_pdfs(documents: Sequence[bytes], suffix: str) -> list[bytes]:
    """Each of ``documents`` (files ending in ``suffix``) as PDF bytes, in order, converted by
    one LibreOffice process (starting it takes most of a conversion's time); ``ChitieuError``
    when LibreOffice is missing or fails on any of them."""
    if not documents:
        return []
    program = soffice()
    if program is None:
        raise ChitieuError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="chitieu-pdf-") as scratch:
        folder = Path(scratch)
        sources = []
        for index, data in enumerate(documents):
            source = folder / f"document-{index:05d}{suffix}"
            source.write_bytes(data)
            sources.append(source)
        profile = (folder / "profile").as_uri()
        outdir = folder / "pdf"
        timeout = TIMEOUT_SECONDS + PER_DOCUMENT_SECONDS * (len(documents) - 1)
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
                    str(outdir),
                    *(str(source) for source in sources),
                ],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise ChitieuError(
                f"LibreOffice không chuyển xong sang PDF sau {timeout} giây"
            ) from error
        except OSError as error:
            raise ChitieuError(f"Không chạy được LibreOffice ({program}): {error}") from error
        results = [outdir / f"{source.stem}.pdf" for source in sources]
        missing = [index for index, result in enumerate(results) if not result.exists()]
        if done.returncode != 0 or missing:
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            which = (
                f" (văn bản thứ {missing[0] + 1}/{len(documents)})"
                if missing and len(documents) > 1
                else ""
            )
            raise ChitieuError(
                f"LibreOffice không chuyển được văn bản sang PDF{which}"
                + (f": {said.splitlines()[-1]}" if said else "")
            )
        return [result.read_bytes() for result in results]
