"""The forms of ``/bao-cao/``: each document's choices (a quarter, a unit and a window of days,
a year, the kind of file), read from the address (``GET``), so that a choice can be bookmarked
and the page works without JavaScript."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms

from chitieu import wording
from chitieu.domain import Quarter
from chitieu.formatting import date as format_date

DAY_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
"""What a day may be written as: 17/03/2024, or 2024-03-17."""

KIND_LABELS = {
    ".docx": "Word (.docx)",
    ".xlsx": "Excel (.xlsx)",
    ".pdf": "PDF (.pdf)",
}


def kind_choices(kinds: Sequence[str]) -> list[tuple[str, str]]:
    """The radio buttons of the kinds of file (``docx`` → «Word (.docx)»)."""
    return [(kind.removeprefix("."), KIND_LABELS[kind]) for kind in kinds]


def quarter_choices(quarters: Sequence[Quarter], today: date) -> list[tuple[str, str]]:
    """The quarters, latest first, a quarter under way marked «tạm tính»."""
    return [
        (q.label, wording.quarter(q) + (" (tạm tính)" if q.end > today else ""))
        for q in sorted(quarters, reverse=True)
    ]


class DayInput(forms.DateInput):
    """A day typed as ``dd/mm/yyyy`` (a browser's date picker would show the order of its own
    language, 10/01/2024 for the first of October in English, which an official reads as 10
    January)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "placeholder": "ngày/tháng/năm",
                "inputmode": "numeric",
                "autocomplete": "off",
                "pattern": r"\s*(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2})\s*",
                "title": "ngày/tháng/năm, ví dụ 17/03/2024",
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )


def _day(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DAY_FORMATS,
        widget=DayInput(),
        error_messages={
            "required": f"Hãy chọn {label.lower()}.",
            "invalid": f"{label}: hãy viết ngày/tháng/năm (17/03/2024) hoặc năm-tháng-ngày.",
        },
    )


def _choice(label: str, choices: list[tuple[str, str]], *, radio: bool = False) -> Any:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={
            "required": f"Hãy chọn {label.lower()}.",
            "invalid_choice": f"{label}: «%(value)s» không có trong danh sách để chọn.",
        },
    )


class _Form(forms.Form):
    """A form whose elements' ids start with ``ids`` (two forms of the page share names)."""

    ids = ""


class QuarterlyForm(_Form):
    """The quarterly report: the quarter and the kind of file."""

    ids = "quy"
    """The prefix of the form's element ids (the fields' names have none)."""

    def __init__(
        self,
        data: Any,
        *,
        quarters: list[tuple[str, str]],
        kinds: list[tuple[str, str]],
        initial: dict[str, Any],
    ) -> None:
        super().__init__(data, initial=initial, auto_id=f"{self.ids}-%s")
        self.fields["quy"] = _choice("Quý", quarters)
        self.fields["dang"] = _choice("Loại tệp", kinds, radio=True)


class AdhocForm(_Form):
    """The ad hoc report: the unit (its subtree), the first and the last day, the kind."""

    ids = "dx"
    """The prefix of the form's element ids (the fields' names have none)."""

    def __init__(
        self,
        data: Any,
        *,
        units: list[tuple[str, str]],
        kinds: list[tuple[str, str]],
        initial: dict[str, Any],
    ) -> None:
        super().__init__(data, initial=initial, auto_id=f"{self.ids}-%s")
        self.fields["don_vi"] = _choice("Đơn vị", units)
        self.fields["tu"] = _day("Từ ngày")
        self.fields["den"] = _day("Đến ngày")
        self.fields["dang"] = _choice("Loại tệp", kinds, radio=True)

    def clean(self) -> dict[str, Any]:
        """The window must not end before it starts."""
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error(
                "den",
                f"Ngày kết thúc {format_date(end)} trước ngày bắt đầu {format_date(start)}: "
                "hãy chọn ngày kết thúc trùng hoặc sau ngày bắt đầu.",
            )
        return data


class RemindersForm(_Form):
    """The reminder letters: the quarter, optionally one unit (else every unit in scope) and
    the first letter's number."""

    ids = "cv"
    """The prefix of the form's element ids (the fields' names have none)."""

    def __init__(
        self,
        data: Any,
        *,
        quarters: list[tuple[str, str]],
        units: list[tuple[str, str]],
        initial: dict[str, Any],
    ) -> None:
        super().__init__(data, initial=initial, auto_id=f"{self.ids}-%s")
        self.fields["quy"] = _choice("Quý", quarters)
        self.fields["don_vi"] = _choice("Gửi", units)
        self.fields["don_vi"].required = False
        self.fields["so_dau"] = forms.IntegerField(
            label="Số văn bản của công văn đầu tiên (không bắt buộc)",
            required=False,
            min_value=1,
            help_text="Các công văn sau tăng dần; để trống cho văn thư ghi số khi đăng ký.",
            error_messages={
                "invalid": "Số văn bản phải là một số nguyên dương.",
                "min_value": "Số văn bản phải là một số nguyên dương.",
            },
        )


class DraftForm(_Form):
    """The draft decision: the year it is for, the kind of file."""

    ids = "dt"
    """The prefix of the form's element ids (the fields' names have none)."""

    def __init__(
        self,
        data: Any,
        *,
        years: list[tuple[str, str]],
        kinds: list[tuple[str, str]],
        initial: dict[str, Any],
    ) -> None:
        super().__init__(data, initial=initial, auto_id=f"{self.ids}-%s")
        self.fields["nam"] = _choice("Năm của dự thảo", years)
        self.fields["dang"] = _choice("Loại tệp", kinds, radio=True)
