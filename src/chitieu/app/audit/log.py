"""The audit log as the office reads it (``/nhat-ky/``): the entries a set of filters keeps,
newest first, each made readable (a local time, Vietnamese labels, a short summary of what
changed) and the same rows as a table to export.

Reads only; entries are written by ``services.record``/``record_many``."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from chitieu import wording
from chitieu.app.accounts.choices import Role
from chitieu.app.audit.choices import AuditAction
from chitieu.app.audit.models import AuditEntry
from chitieu.app.dashboard.tables import Cell, Column, Table
from chitieu.app.orgunits.choices import level_name
from chitieu.formatting import date as format_date
from chitieu.formatting import integer, number

EXPORT_LIMIT = 100_000
"""The most entries an export holds (the newest): a workbook beyond that is more than Excel
opens comfortably, and a narrower filter is the better answer."""

XLSX_CELL_LIMIT = 32_767
"""The longest text an Excel cell holds; a longer one makes Excel call the file damaged."""

SUMMARY_LIMIT = 160
"""The longest summary of a change the table shows (the whole is behind «Chi tiết»)."""

TABLE_NAME = "nhat-ky"

OBJECT_LABELS: dict[str, str] = {
    "orgunit": "Đơn vị",
    "account": "Tài khoản",
    "api_token": "Mã truy cập API",
    "target_set": "Bộ chỉ tiêu",
    "target_override": "Chỉ tiêu riêng",
    "manual_value": "Số liệu nhập tay",
}
"""What kind of object an entry changed, in Vietnamese (an unknown kind shows its code)."""

FIELD_LABELS: dict[str, str] = {
    "code": "mã",
    "name": "tên",
    "level": "cấp",
    "parent_code": "đơn vị cấp trên",
    "valid_from": "hiệu lực từ",
    "valid_to": "hiệu lực đến",
    "latitude": "vĩ độ",
    "longitude": "kinh độ",
    "username": "tài khoản",
    "role": "vai trò",
    "unit": "đơn vị",
    "full_name": "họ tên",
    "year": "năm",
    "unit_code": "mã đơn vị",
    "indicator": "chỉ số",
    "annual": "chỉ tiêu năm",
    "q1": "mốc quý I",
    "q2": "mốc quý II",
    "q3": "mốc quý III",
    "q4": "mốc quý IV",
    "note": "ghi chú",
    "numerator": "tử số",
    "denominator": "mẫu số",
    "evidence": "minh chứng",
    "entered_by": "người nhập",
    "province": "tỉnh",
    "basis": "cách tính",
    "targets": "chỉ tiêu",
    "title": "trích yếu",
    "sections": "phần",
}
"""The fields of the recorded snapshots, in Vietnamese (an unknown field shows its name)."""


def _role_label(value: str) -> str:
    try:
        return Role(value).label
    except ValueError:
        return value


VALUE_WORDS: dict[str, Callable[[str], str]] = {
    "role": _role_label,
    "level": level_name,
    "basis": lambda value: wording.PERIOD_KIND.get(value, value),
}
"""The fields whose recorded value is a code, and how to say it in Vietnamese."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What the office asks of the log; an empty value keeps every entry."""

    start: dt.date | None = None
    end: dt.date | None = None
    actor: str = ""
    action: str = ""
    key: str = ""
    text: str = ""

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return bool(self.start or self.end or self.actor or self.action or self.key or self.text)

    def describe(self) -> str:
        """The filters in a Vietnamese phrase («từ 01/10/2024 đến 15/10/2024, thao tác «Tạo
        tài khoản»…»), empty without any.

        >>> Filters(start=dt.date(2024, 10, 1), key="H1").describe()
        'từ 01/10/2024, mã chứa «H1»'
        """
        parts = []
        if self.start and self.end:
            parts.append(f"từ {format_date(self.start)} đến {format_date(self.end)}")
        elif self.start:
            parts.append(f"từ {format_date(self.start)}")
        elif self.end:
            parts.append(f"đến hết {format_date(self.end)}")
        if self.actor:
            parts.append(f"do «{self.actor}» thực hiện")
        if self.action:
            parts.append(f"thao tác «{action_label(self.action)}»")
        if self.key:
            parts.append(f"mã chứa «{self.key}»")
        if self.text:
            parts.append(f"ghi chú chứa «{self.text}»")
        return ", ".join(parts)


def action_label(action: str) -> str:
    """An action's Vietnamese label (an action no longer known shows its code).

    >>> action_label("accounts.add"), action_label("old.thing")
    ('Tạo tài khoản', 'old.thing')
    """
    try:
        return AuditAction(action).label
    except ValueError:
        return action


def object_label(object_type: str) -> str:
    """The kind of object in Vietnamese.

    >>> object_label("orgunit"), object_label("something")
    ('Đơn vị', 'something')
    """
    return OBJECT_LABELS.get(object_type, object_type)


def local_midnight(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the application's time zone (Asia/Ho_Chi_Minh): a day
    an official types is a local day, not a UTC one."""
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_default_timezone())


def _case_variants(text: str) -> set[str]:
    # SQLite compares without case only for ASCII letters: «đặt» would not find «Đặt». The
    # forms a note writes a word in (as typed, lower, capitalised, upper) cover what is typed.
    return {text, text.lower(), text.upper(), text[:1].upper() + text[1:].lower()}


def _contains(field: str, text: str) -> Q:
    found = Q()
    for variant in _case_variants(text):
        found |= Q(**{f"{field}__icontains": variant})
    return found


def entries(filters: Filters) -> QuerySet[AuditEntry]:
    """The entries ``filters`` keep, newest first (the end day is included whole)."""
    found = AuditEntry.objects.order_by("-at", "-id")
    if filters.start:
        found = found.filter(at__gte=local_midnight(filters.start))
    if filters.end:
        found = found.filter(at__lt=local_midnight(filters.end + dt.timedelta(days=1)))
    if filters.actor:
        found = found.filter(actor=filters.actor)
    if filters.action:
        found = found.filter(action=filters.action)
    if filters.key:
        found = found.filter(_contains("object_key", filters.key))
    if filters.text:
        found = found.filter(_contains("note", filters.text))
    return found


def actors() -> list[str]:
    """Everyone who has changed something, in alphabetical order."""
    found = AuditEntry.objects.order_by("actor").values_list("actor", flat=True).distinct()
    return list(found)


def _short(value: Any, field: str = "") -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return str(value)  # a year or a code: 2024, never «2.024»
    if isinstance(value, float):
        return number(value)
    if isinstance(value, str) and field in VALUE_WORDS:
        value = VALUE_WORDS[field](value)
    if isinstance(value, list):
        return f"{integer(len(value))} mục"
    if isinstance(value, dict):
        return f"{integer(len(value))} trường"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def _fields(values: dict[str, Any]) -> str:
    return "; ".join(
        f"{_label(k)}: {_short(v, k)}" for k, v in values.items() if v is not None and v != ""
    )


def _truncated(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary(before: Any, after: Any, *, limit: int = SUMMARY_LIMIT) -> str:
    """What changed, in one short line: the fields that differ («tên: A → B»), or what an
    object was made with or held when removed; truncated to ``limit`` characters.

    >>> summary({"name": "Sở A", "level": "x"}, {"name": "Sở B", "level": "x"})
    'tên: Sở A → Sở B'
    >>> summary(None, {"username": "an", "role": "viewer", "unit": None, "annual": 80.0})
    'Tạo mới — tài khoản: an; vai trò: Người xem; chỉ tiêu năm: 80'
    >>> summary(None, {"year": 2024, "basis": "ytd", "numerator": 1234.5})
    'Tạo mới — năm: 2024; cách tính: lũy kế; tử số: 1.234,5'
    >>> summary({"username": "an"}, None)
    'Đã bỏ — tài khoản: an'
    >>> summary({"targets": [1, 2]}, {"targets": [1, 3]})
    'chỉ tiêu: đổi nội dung (2 mục)'
    >>> summary(None, None), summary({"a": 1}, {"a": 1})
    ('', 'Không đổi nội dung')
    """
    if before is None and after is None:
        return ""
    if isinstance(before, dict) and isinstance(after, dict):
        text = _differences(before, after) or "Không đổi nội dung"
    elif before is None and isinstance(after, dict):
        text = "Tạo mới — " + _fields(after)
    elif after is None and isinstance(before, dict):
        text = "Đã bỏ — " + _fields(before)
    else:
        text = f"{_short(before)} → {_short(after)}"
    return _truncated(text, limit)


def _differences(before: dict[str, Any], after: dict[str, Any]) -> str:
    changed = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        old_text, new_text = _short(old, key), _short(new, key)
        if old_text == new_text:
            # Two lists or objects of the same size: their sizes would say nothing changed.
            changed.append(f"{_label(key)}: đổi nội dung ({new_text})")
        else:
            changed.append(f"{_label(key)}: {old_text} → {new_text}")
    return "; ".join(changed)


def as_json(value: Any, *, indent: int | None = None) -> str:
    """A recorded state as JSON text, Vietnamese kept readable («» for none).

    >>> as_json({"tên": "Sở Y tế"}), as_json(None)
    ('{"tên": "Sở Y tế"}', '')
    """
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, indent=indent)


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One entry as the page shows it and an export writes it."""

    at: str
    actor: str
    action: str
    object_type: str
    object_key: str
    note: str
    summary: str
    before: Any
    after: Any

    @property
    def key_parts(self) -> list[str]:
        """The key cut after each ``|`` and ``/`` (``70.STP|online_dossiers|2024-Q3``): where
        a narrow cell may break the line, rather than inside «2024-Q3»."""
        return re.split(r"(?<=[|/])", self.object_key)

    @property
    def before_json(self) -> str:
        """The state before, as indented JSON (the page's «Chi tiết»)."""
        return as_json(self.before, indent=2)

    @property
    def after_json(self) -> str:
        """The state after, as indented JSON (the page's «Chi tiết»)."""
        return as_json(self.after, indent=2)


def row_of(entry: AuditEntry) -> EntryRow:
    """An entry made readable: its time in local time (dd/mm/yyyy HH:MM), Vietnamese labels."""
    return EntryRow(
        at=f"{timezone.localtime(entry.at):%d/%m/%Y %H:%M}",
        actor=entry.actor,
        action=action_label(entry.action),
        object_type=object_label(entry.object_type),
        object_key=entry.object_key,
        note=entry.note,
        summary=summary(entry.before, entry.after),
        before=entry.before,
        after=entry.after,
    )


COLUMNS = (
    Column("Thời điểm"),
    Column("Người thực hiện"),
    Column("Thao tác"),
    Column("Đối tượng"),
    Column("Mã"),
    Column("Ghi chú"),
    Column("Thay đổi"),
    Column("Trước (JSON)"),
    Column("Sau (JSON)"),
)
"""The export's columns: the page's, then the whole states before and after as JSON text."""


def _json_cell(value: Any, limit: int | None) -> Cell:
    text = as_json(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 40] + " … (đã cắt bớt; bản CSV có đủ)"
    return Cell(text)


def table(rows: Iterable[EntryRow], *, cell_limit: int | None = None) -> Table:
    """The rows as the log's export table; ``cell_limit`` cuts a JSON text longer than a
    workbook's cell holds (``XLSX_CELL_LIMIT``), saying so in the cell."""
    return Table(
        name=TABLE_NAME,
        title="Nhật ký thay đổi",
        columns=COLUMNS,
        rows=[
            [
                Cell(row.at),
                Cell(row.actor),
                Cell(row.action),
                Cell(row.object_type),
                Cell(row.object_key),
                Cell(row.note),
                Cell(row.summary),
                _json_cell(row.before, cell_limit),
                _json_cell(row.after, cell_limit),
            ]
            for row in rows
        ],
    )
