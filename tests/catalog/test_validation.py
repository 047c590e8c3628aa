"""Each validation rule catches its fault, and every fault of a file is reported at once.

Cases are data: an edit to the built-in indicators file and the message it must produce.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.catalog import CatalogueError, builtin_path, load_catalogue, read_catalogue, validate
from chitieu.errors import Severity

CASES = [
    (
        "unknown column",
        "numerator = \"received(P) AND channel = 'online'\"",
        "numerator = \"received(P) AND chanel = 'online'\"",
        "chỉ số online_dossiers: tử số: cột «chanel» không có trong dữ liệu «dossiers»",
    ),
    (
        "unknown predicate",
        'denominator = "finished(P)"\nnumerator_label = "Số hồ sơ được cấp kết quả điện tử"',
        'denominator = "finishd(P)"\nnumerator_label = "Số hồ sơ được cấp kết quả điện tử"',
        "chỉ số e_results: mẫu số: «finishd()» không phải vị từ hay hàm đã biết",
    ),
    (
        "syntax error",
        'numerator = "received(P) AND reused_data"',
        'numerator = "received(P) AND AND reused_data"',
        "chỉ số data_reuse: tử số: biểu thức «received(P) AND AND reused_data» sai cú pháp",
    ),
    (
        "numerator outside denominator",
        'numerator = "received(P) AND fee_amount > 0 AND paid_online"',
        'numerator = "received(P) AND paid_online"',
        "chỉ số online_payment: tử số có thể đếm bản ghi mà mẫu số không đếm",
    ),
    (
        "predicate of another source",
        'numerator = "resolved_in(P) AND resolved_at <= due_at"',
        'numerator = "received(P) AND resolved_at <= due_at"',
        "chỉ số feedback_on_time: tử số: vị từ «received» dành cho dữ liệu «dossiers», không dùng được cho «feedback»",
    ),
    (
        "manual with a formula",
        'source = "manual"\nnumerator_label = "Số quy định kinh doanh đã cập nhật"',
        'source = "manual"\nnumerator = "x"\ndenominator = "y"\nnumerator_label = "Số quy định kinh doanh đã cập nhật"',
        "chỉ số regulation_update: chỉ số nguồn «manual» được nhập số liệu, không có công thức tử số/mẫu số",
    ),
    (
        "unknown group",
        'code = "e_results"\ntask = "II.5"\ngroup = "service_quality"',
        'code = "e_results"\ntask = "II.5"\ngroup = "chat_luong"',
        "chỉ số e_results: nhóm «chat_luong» chưa được khai báo",
    ),
    (
        "duplicate code",
        'code = "e_results"',
        'code = "digitized"',
        "chỉ số digitized: mã bị trùng (2 lần)",
    ),
    (
        "unknown source",
        'source = "dossiers"\nnumerator = "(ended(P)',
        'source = "hoso"\nnumerator = "(ended(P)',
        "chỉ số on_time: nguồn dữ liệu «hoso» không hợp lệ",
    ),
    (
        "period bound misspelt",
        'sql = "published_on >= P.start_date AND published_on < P.end_date"',
        'sql = "published_on >= P.start_date AND published_on < P.finish"',
        "vị từ published_in: «P.finish» không phải mốc của kỳ",
    ),
    (
        "wrong arity",
        'numerator = "finished(P) AND e_result"',
        'numerator = "finished() AND e_result"',
        "chỉ số e_results: tử số: vị từ «finished» cần tham số (P), không phải 0 tham số",
    ),
]


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = builtin_path("indicators.toml").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "indicators.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _messages(path: Path) -> list[str]:
    catalogue, issues = read_catalogue(path)
    return [i.describe() for i in [*issues, *validate(catalogue)] if i.severity is Severity.ERROR]


@pytest.mark.parametrize(("name", "old", "new", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_catches_its_fault(
    tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    messages = _messages(_edited(tmp_path, old, new))
    assert any(m.startswith(f"indicators.toml, {message}") for m in messages), messages


def test_all_faults_are_reported_at_once(tmp_path: Path) -> None:
    path = _edited(tmp_path, CASES[0][1], CASES[0][2])
    text = path.read_text(encoding="utf-8")
    for _, old, new, _ in CASES[2:4]:
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    assert len(caught.value.issues) == 3
    assert caught.value.message.splitlines()[0] == "Danh mục chỉ số có lỗi:"


def test_a_file_that_is_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "indicators.toml"
    path.write_text("[[indicator]\ncode = ", encoding="utf-8")
    messages = _messages(path)
    assert messages[0].startswith("indicators.toml: cú pháp TOML sai")


def test_a_province_may_change_a_filter(tmp_path: Path) -> None:
    path = _edited(
        tmp_path,
        'numerator = "finished(P) AND rating IS NOT NULL AND rating >= 4"',
        'numerator = "finished(P) AND rating IS NOT NULL AND rating >= 3"',
    )
    definition = load_catalogue(path).indicator("satisfaction").definition
    assert definition is not None
    assert definition.numerator.endswith("rating >= 3")
