"""The forms of the decision import page: the upload (a file of an allowed kind and size, an
optional year) and the confirmation (the upload's checksum and, when the decision is of another
province than the unit tree's, the explicit «tỉnh khác» confirmation)."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from chitieu.containers import OLE_MAGIC, ZIP_MAGIC

EXTENSIONS = ("txt", "md", "docx", "xlsx")
"""The kinds of file the page takes (the command line also reads the contract's JSON; an
official sends a document)."""

ZIPPED = {"docx", "xlsx"}
"""The kinds that are zips (Office Open XML): their first bytes must say so."""

DEFAULT_UPLOAD_LIMIT = 5 * 1024 * 1024
"""The largest file taken when the settings do not say (a decision is some tens of kB)."""

SHA256 = re.compile(r"[0-9a-f]{64}")


def upload_limit() -> int:
    """The largest decision file the page takes, in bytes (``DECISION_UPLOAD_MAX_BYTES``)."""
    return int(getattr(settings, "DECISION_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_LIMIT))


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB".replace(".", ",")


class UploadForm(forms.Form):
    """The decision file and, when the document does not say it, the year."""

    tep = forms.FileField(
        label="Tệp quyết định",
        help_text="Văn bản (.txt, .md), Word (.docx) hoặc Excel (.xlsx) có bảng phụ lục chỉ tiêu.",
        error_messages={
            "required": "Hãy chọn tệp quyết định.",
            "empty": "Tệp rỗng.",
            "invalid": "Không đọc được tệp gửi lên; hãy chọn lại tệp.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in EXTENSIONS)}),
    )
    nam = forms.IntegerField(
        label="Năm của chỉ tiêu (nếu văn bản không ghi rõ)",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Năm phải là một số, ví dụ 2024.",
            "min_value": "Năm phải từ 2000 đến 2100.",
            "max_value": "Năm phải từ 2000 đến 2100.",
        },
        widget=forms.NumberInput(attrs={"placeholder": "ví dụ 2024", "inputmode": "numeric"}),
    )

    def clean_tep(self) -> UploadedFile:
        """Refuse a file of another kind, too large, or whose first bytes are not its kind's
        (a renamed program, a binary called .txt): the reader is never given it."""
        upload: UploadedFile = self.cleaned_data["tep"]
        name = upload.name or ""
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        if extension not in EXTENSIONS:
            raise forms.ValidationError(
                f"Tệp «{name}» không phải loại được nhận; hãy gửi tệp .txt, .md, .docx hoặc .xlsx."
            )
        limit = upload_limit()
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                f"Tệp «{name}» lớn hơn {_megabytes(limit)}; một quyết định giao chỉ tiêu không "
                "lớn đến thế, hãy kiểm tra lại tệp."
            )
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if extension in ZIPPED and not head.startswith(ZIP_MAGIC):
            old = " (có thể là tệp .doc/.xls cũ: hãy lưu lại thành .docx/.xlsx)"
            raise forms.ValidationError(
                f"Tệp «{name}» không phải tệp {extension.upper()} thật"
                + (old if head.startswith(OLE_MAGIC) else "")
                + "."
            )
        if extension not in ZIPPED and head.startswith((ZIP_MAGIC, OLE_MAGIC)):
            # Text without a byte-order mark may hold zero bytes (UTF-16): the reader judges
            # the encoding; only an Office container under a text name is refused here.
            raise forms.ValidationError(
                f"Tệp «{name}» là tệp Word/Excel chứ không phải văn bản thuần (.{extension}); "
                "hãy gửi tệp với đúng đuôi .docx hoặc .xlsx."
            )
        return upload


class ConfirmForm(forms.Form):
    """The confirmation of a previewed upload: only its checksum comes from the browser, and
    the server reads its own stored copy again."""

    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    tinh_khac = forms.BooleanField(
        label="Tôi xác nhận lưu bộ chỉ tiêu của tỉnh khác vào hệ thống này",
        required=False,
    )

    def clean_sha256(self) -> str:
        """A checksum as this page writes it (64 lowercase hexadecimal digits)."""
        value: str = self.cleaned_data["sha256"].strip().lower()
        if not SHA256.fullmatch(value):
            raise forms.ValidationError("Mã tệp tải lên không hợp lệ; hãy tải tệp lên lại.")
        return value
