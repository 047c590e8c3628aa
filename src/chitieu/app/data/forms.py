"""The form of ``/so-lieu/nhap-tay/``: one manual value (a unit, a manual indicator, a period of
the year, numerator, denominator, an evidence reference and an optional file).

The form only narrows the choices to what the account may enter (units in its scope holding a
target of a manual indicator, the manual indicators, the year's periods) and checks the file;
the figures themselves are checked by the manual import, so that a page and a file get the same
sentences."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django import forms

from chitieu import wording
from chitieu.app.data import evidence
from chitieu.domain import Quarter

NUMBER_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "placeholder": "ví dụ 15 hoặc 1.500"}


def period_choices(year: int, today: date) -> list[tuple[str, str]]:
    """The quarters and the months of ``year`` that have begun by ``today`` (a count of a
    period not yet begun is nothing an office can report), latest first."""
    quarters = [Quarter(year, n) for n in range(4, 0, -1) if Quarter(year, n).start <= today]
    choices: list[tuple[str, str]] = [
        (q.label, wording.quarter(q) + (" (chưa hết quý)" if q.end > today else ""))
        for q in quarters
    ]
    months = [m for m in range(12, 0, -1) if date(year, m, 1) <= today]
    choices += [(f"{year}-{m:02d}", f"Tháng {m}/{year}") for m in months]
    return choices


class ManualEntryForm(forms.Form):
    """One manual value. ``units``, ``indicators`` and ``periods`` are the choices the account
    has; ``limit`` the largest evidence file in bytes."""

    don_vi = forms.ChoiceField(label="Đơn vị")
    chi_so = forms.ChoiceField(label="Chỉ số (nhập tay)")
    ky = forms.ChoiceField(label="Kỳ")
    tu_so = forms.CharField(
        label="Tử số", max_length=40, widget=forms.TextInput(attrs=NUMBER_ATTRS)
    )
    mau_so = forms.CharField(
        label="Mẫu số", max_length=40, widget=forms.TextInput(attrs=NUMBER_ATTRS)
    )
    minh_chung = forms.CharField(
        label="Văn bản minh chứng",
        max_length=500,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "ví dụ: Báo cáo số 12/BC-UBND ngày 05/10/2024"}
        ),
    )
    tep = forms.FileField(label="Tệp minh chứng (không bắt buộc)", required=False)

    def __init__(
        self,
        data: object = None,
        files: object = None,
        *,
        year: int,
        units: Sequence[tuple[str, str]],
        indicators: Sequence[tuple[str, str]],
        periods: Sequence[tuple[str, str]],
        limit: int,
        **kwargs: object,
    ) -> None:
        super().__init__(data, files, **kwargs)
        self.year = year
        self.limit = limit
        self.checked_file: evidence.EvidenceFile | None = None
        self._set_choices(
            "don_vi",
            units,
            f"Đơn vị «%(value)s» không giữ chỉ tiêu nào của chỉ số nhập tay năm {year}.",
        )
        self._set_choices(
            "chi_so",
            indicators,
            "«%(value)s» không phải chỉ số nhập tay: chỉ số này được tính từ dữ liệu hồ sơ, "
            "thủ tục, phản ánh kiến nghị, không nhập trên trang này.",
        )
        self._set_choices(
            "ky",
            periods,
            f"Kỳ «%(value)s» không thuộc năm {year} hoặc chưa bắt đầu; hãy chọn một quý hoặc "
            f"một tháng của năm {year}.",
        )
        self.fields[
            "tep"
        ].help_text = f"Nhận {evidence.allowed_text()}, tối đa {evidence.size_text(limit)}."
        self.fields["tu_so"].error_messages["required"] = "Hãy ghi tử số (số nguyên)."
        self.fields["mau_so"].error_messages["required"] = "Hãy ghi mẫu số (số nguyên)."
        self.fields["tu_so"].help_text = "Số nguyên, không lớn hơn mẫu số."
        self.fields["mau_so"].help_text = "Số nguyên; tử số không được lớn hơn mẫu số."
        self.fields[
            "minh_chung"
        ].help_text = "Số, ký hiệu và ngày của văn bản báo cáo; bắt buộc nếu không gửi tệp."

    def _set_choices(self, name: str, choices: Sequence[tuple[str, str]], invalid: str) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "— Chọn —"), *choices]
        field.error_messages["invalid_choice"] = invalid
        field.error_messages["required"] = f"Hãy chọn {str(field.label).lower()}."

    def clean_tep(self) -> object:
        """The uploaded file, checked by kind (extension and first bytes) and size."""
        upload = self.cleaned_data.get("tep")
        if not upload:
            return None
        if upload.size is not None and upload.size > self.limit:
            raise forms.ValidationError(
                f"Tệp «{upload.name}» lớn hơn giới hạn {evidence.size_text(self.limit)}; hãy "
                "nén hoặc chia nhỏ rồi gửi lại."
            )
        try:
            self.checked_file = evidence.check(str(upload.name), upload.chunks(), limit=self.limit)
        except evidence.EvidenceError as refused:
            raise forms.ValidationError(refused.message) from refused
        return upload

    def clean(self) -> dict[str, object] | None:
        """An evidence reference or a file: the import needs one of them."""
        cleaned = super().clean()
        text = str(self.cleaned_data.get("minh_chung") or "").strip()
        if not text and not self.files.get("tep") and "tep" not in self.errors:
            self.add_error(
                "minh_chung",
                "Hãy ghi văn bản minh chứng (số, ký hiệu, ngày báo cáo) hoặc gửi kèm tệp "
                "minh chứng.",
            )
        return cleaned
