"""The filters of ``/nhat-ky/``, read from the address (``GET``): a filtered log can be
bookmarked and sent, and the page works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms

from chitieu.app.audit.choices import CHOICES
from chitieu.app.audit.log import Filters
from chitieu.app.reports.forms import DAY_FORMATS, DayInput


def _day(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DAY_FORMATS,
        widget=DayInput(),
        error_messages={
            "invalid": f"{label}: hãy viết ngày/tháng/năm (17/03/2024) hoặc năm-tháng-ngày "
            "(2024-03-17).",
        },
    )


def _text(label: str, placeholder: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": placeholder, "autocomplete": "off"}
        ),
        error_messages={"max_length": f"{label}: tối đa %(limit_value)d ký tự."},
    )


class LogFilterForm(forms.Form):
    """Days from and to (each included whole), who, which action, a key and a note that
    contain a text. ``actors`` are the choices of «Người thực hiện»: (username, what to show)."""

    tu = _day("Từ ngày")
    den = _day("Đến ngày")
    nguoi = forms.ChoiceField(label="Người thực hiện", required=False)
    thao_tac = forms.ChoiceField(
        label="Thao tác",
        required=False,
        choices=[("", "Mọi thao tác"), *CHOICES],
        error_messages={"invalid_choice": "Thao tác «%(value)s» không có trong danh sách."},
    )
    ma = _text("Mã đối tượng chứa", "vd. H1")
    tim = _text("Ghi chú chứa", "chữ cần tìm")

    def __init__(
        self,
        data: Any,
        *,
        actors: list[tuple[str, str]],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial, auto_id="nk-%s")
        field = self.fields["nguoi"]
        assert isinstance(field, forms.ChoiceField)  # declared above
        field.choices = [("", "Mọi người"), *actors]
        field.error_messages["invalid_choice"] = (
            "Người thực hiện «%(value)s» chưa từng thay đổi gì trong nhật ký."
        )

    def clean(self) -> dict[str, Any]:
        """The days in order: a window that ends before it starts is refused."""
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("tu"), cleaned.get("den")
        if start and end and start > end:
            raise forms.ValidationError(
                "«Từ ngày» phải trước hoặc bằng «Đến ngày»: "
                f"{start:%d/%m/%Y} là sau {end:%d/%m/%Y}."
            )
        return cleaned

    def filters(self) -> Filters:
        """The filters of a valid form (``is_valid()`` first)."""
        data = self.cleaned_data
        return Filters(
            start=data["tu"],
            end=data["den"],
            actor=data["nguoi"],
            action=data["thao_tac"],
            key=data["ma"],
            text=data["tim"],
        )
