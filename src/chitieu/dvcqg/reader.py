"""Reading one saved response of the portal's 766 reporting API into a :class:`PortalReport`.

The endpoint is recognised from the content (Shape A metric codes, Shape B counters), not from the
file name. The period comes from a capture manifest, else from the caller (``periods.py``).
A file that is not such a response, or is damaged, is refused whole with every problem found.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from chitieu.dvcqg.checks import Checker, shown
from chitieu.dvcqg.metrics import detect_group as detect_metrics_group
from chitieu.dvcqg.metrics import is_metrics_shape, read_metrics
from chitieu.dvcqg.model import Group, PortalReport, PortalUnit
from chitieu.dvcqg.periods import (
    MANIFEST_NAME,
    find_capture,
    formality_of_payload,
    parse_period,
    period_of_payload,
)
from chitieu.dvcqg.trees import detect_group as detect_tree_group
from chitieu.dvcqg.trees import is_tree_shape, read_tree
from chitieu.encoding import NotTextError, decode
from chitieu.errors import Place, Problem, Severity, refuse

_NOT_766 = "không phải phản hồi của API chỉ số 766 (cần «data» có overview/evaluation hoặc parent/children)"


def _json(data: bytes, place: Place) -> Any:
    if not data.strip():
        raise refuse(place, "tệp rỗng, không có phản hồi JSON")
    try:
        text = decode(data)
    except NotTextError as error:
        raise refuse(place, f"không phải tệp JSON: {error}") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        at = Place(place.file, line=error.lineno, column=error.colno)
        if error.pos >= len(text.rstrip()):
            raise refuse(at, "JSON bị cắt cụt: tệp dừng giữa chừng") from error
        raise refuse(at, f"JSON sai cú pháp: {error.msg}") from error


def _body(document: Any, place: Place) -> Mapping[str, Any]:
    """The ``data`` of the envelope ``{"code": "OK", "data": …}``; a bare ``data`` object (saved
    without its envelope) is accepted too."""
    if not isinstance(document, dict):
        raise refuse(place, f"{_NOT_766}; tệp chứa {shown(document)}")
    if "code" in document and document["code"] != "OK":
        message = document.get("message")
        detail = f": {message}" if isinstance(message, str) and message else ""
        raise refuse(place, f"cổng DVCQG trả về mã lỗi {shown(document['code'])}{detail}")
    body = document.get("data", document)
    if not isinstance(body, dict):
        raise refuse(place, f"phần tử data: cần một đối tượng JSON, không phải {shown(body)}")
    return body


def _group(body: Mapping[str, Any], check: Checker) -> Group:
    if is_metrics_shape(body):
        group, unknown = detect_metrics_group(body)
        if group is None:
            codes = ", ".join(sorted(unknown)) or "không có mã nào"
            raise refuse(check.place, f"không nhận ra nhóm chỉ số của các mã chỉ tiêu: {codes}")
        for code in sorted(unknown):
            check.warn(
                "data.evaluation", f"mã chỉ tiêu «{code}» chưa có công thức; không tính lại điểm"
            )
        return group
    if is_tree_shape(body):
        tree_group = detect_tree_group(body)
        if tree_group is None:
            raise refuse(
                check.place,
                "phần tử data.parent: không nhận ra nhóm chỉ số "
                "(không có totalOnTime, totalDossierOnlinePaymentSuccess hay onlineServiceTotal)",
            )
        return tree_group
    raise refuse(check.place, _NOT_766)


def _check_unique(units: list[PortalUnit], check: Checker) -> None:
    seen: dict[str, str] = {}
    for unit in units:
        if unit.unit_id in seen:
            check.fail(
                "data",
                f"đơn vị departmentId «{unit.unit_id}» xuất hiện hai lần "
                f"(«{seen[unit.unit_id]}» và «{unit.unit_name}»)",
            )
        seen[unit.unit_id] = unit.unit_name


def _period(
    path: Path, data: bytes, group: Group, given: str | None, check: Checker
) -> tuple[str | None, str | None, str | None]:
    """The period, where it came from, and the procedure filter of the request."""
    label = None
    if given is not None:
        label = parse_period(given)
        if label is None:
            raise refuse(
                check.place,
                f"kỳ báo cáo «{given}» không hợp lệ: cần dạng 2026-08, 2026-Q3 hoặc 2026",
            )
    capture = find_capture(path, hashlib.sha256(data).hexdigest())
    if capture is None:
        return label, "argument" if label else None, None
    recorded = period_of_payload(capture.payload)
    if capture.endpoint is not None and capture.endpoint != group.value:
        check.fail(
            "data",
            f"{capture.manifest} ghi tệp này là phản hồi của «{capture.endpoint}», "
            f"nhưng nội dung là của «{group.value}»",
        )
    if recorded is not None and label is not None and recorded != label:
        raise refuse(
            check.place,
            f"kỳ báo cáo được chỉ định là {label} nhưng {capture.manifest} ghi tệp này là kỳ {recorded}",
        )
    if recorded is None:
        return label, "argument" if label else None, formality_of_payload(capture.payload)
    return recorded, str(capture.manifest), formality_of_payload(capture.payload)


def read_response(path: Path, period: str | None = None) -> PortalReport:
    """Read a saved 766 response (any of the six endpoints) and say which group and period it is.

    ``period`` (``2026-08``, ``2026-Q3``, ``2026``) is used when no ``manifest.m0.json`` beside
    or above the file records it; if both do, they must agree. Without either the report's
    period is ``None`` and a warning says so. Raises ``InputError`` (Vietnamese, naming the file
    and the JSON path of each bad element) for a file that is not such a response.
    """
    check = Checker(str(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise refuse(check.place, f"không đọc được tệp: {error.strerror or error}") from error
    body = _body(_json(data, check.place), check.place)
    group = _group(body, check)
    if is_metrics_shape(body):
        province, units = read_metrics(body, group, check)
    else:
        province, units = read_tree(body, group, check)
    _check_unique(units, check)
    label, origin, formality = _period(path, data, group, period, check)
    check.raise_if_failed()
    if province is None:  # only when an error was recorded, which raised above
        raise refuse(check.place, _NOT_766)
    warnings = list(check.warnings)
    if label is None:
        warnings.append(
            Problem(
                check.place,
                f"không rõ kỳ báo cáo: không có {MANIFEST_NAME} ghi tệp này và không chỉ định kỳ",
                Severity.WARNING,
            )
        )
    return PortalReport(
        file=str(path),
        group=group,
        period=label,
        period_origin=origin,
        formality_id=formality,
        province=province,
        units=tuple(units),
        warnings=tuple(warnings),
    )
