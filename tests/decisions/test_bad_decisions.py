"""Bad decisions are refused whole, with the place and the reason in Vietnamese; warnings pass."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from chitieu.decisions import read_decision, to_dict
from chitieu.errors import InputError
from tests.decisions.builders import PrintedRow, build_docx, build_xlsx, printed_rows


def _edited(tmp_path: Path, bundled_decision: Path, old: str, new: str, count: int = 1) -> Path:
    text = bundled_decision.read_text(encoding="utf-8")
    assert text.count(old) >= count
    path = tmp_path / "qd.txt"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _refused(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_decision(path)
    return [p.describe() for p in caught.value.problems]


def test_a_milestone_that_is_not_a_percentage_names_its_cell(
    tmp_path: Path, bundled_decision: Path
) -> None:
    # II.2, provincial departments: Quý I is the 6th cell of line 82.
    row = "70%\t40%\t50%\t60%\t70%\t(Năm 2023: 24,4%"
    path = _edited(tmp_path, bundled_decision, row, row.replace("40%", "bốn mươi"))
    assert _refused(path) == [
        "qd.txt, dòng 82, cột 6 (Quý I): mốc quý I: «bốn mươi» không phải tỷ lệ phần trăm"
    ]


def test_a_milestone_above_the_annual_target_is_refused(
    tmp_path: Path, bundled_decision: Path
) -> None:
    # II.3, district divisions (line 89): annual 70%, Quý IV raised to 75%.
    old = "Văn phòng HĐND-UBND cấp huyện\t70%\t40%\t50%\t60%\t70%"
    path = _edited(tmp_path, bundled_decision, old, old[: -len("70%")] + "75%")
    assert _refused(path) == [
        "qd.txt, dòng 89, cột 9 (Quý IV): nhiệm vụ II.3: mốc quý IV (75%) cao hơn chỉ tiêu năm (70%)"
    ]


def test_every_error_is_reported_at_once(tmp_path: Path, bundled_decision: Path) -> None:
    text = bundled_decision.read_text(encoding="utf-8")
    text = text.replace("60%\t20%\t35%\t50%\t60%", "60%\t20%\tx\t50%\t60%")
    text = text.replace("95%\t95%\t95%\t95%\t95%", "95%\t95%\t95%\t95%\t120%")
    path = tmp_path / "qd.txt"
    path.write_text(text, encoding="utf-8")
    problems = _refused(path)
    assert len(problems) == 2
    assert "dòng 99, cột 7 (Quý II)" in problems[0]
    assert "dòng 103, cột 9 (Quý IV)" in problems[1]
    assert problems[1].endswith("mốc quý IV phải từ 0% đến 100%, không phải 120%")


def test_a_decreasing_milestone_is_a_warning(tmp_path: Path, bundled_decision: Path) -> None:
    old = "80%\t50%\t65%\t80%\t90%"
    path = _edited(tmp_path, bundled_decision, "90%\t50%\t65%\t80%\t90%", "90%\t50%\t65%\t60%\t90%")
    reading = read_decision(path)
    assert [w.describe() for w in reading.warnings] == [
        "qd.txt, dòng 91, cột 8 (Quý III): nhiệm vụ II.4: lộ trình giảm từ 65% xuống 60%"
    ]
    assert reading.target_set.targets[8].milestone(3) == 60.0
    assert old  # the district row is untouched


def test_an_unmapped_task_is_kept_and_reported(tmp_path: Path, bundled_decision: Path) -> None:
    title = "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa."
    path = _edited(tmp_path, bundled_decision, title, "Tỷ lệ giải ngân vốn đầu tư công.")
    reading = read_decision(path)
    target = next(t for t in reading.target_set.targets if t.task == "II.7")
    assert target.indicator is None
    assert target.annual == 60.0
    assert len(reading.warnings) == 1
    assert (
        reading.warnings[0]
        .describe()
        .startswith(
            "qd.txt, dòng 99, cột 2: nhiệm vụ II.7 «Tỷ lệ giải ngân vốn đầu tư công.» không khớp chỉ số nào"
        )
    )


def test_not_a_decision(tmp_path: Path) -> None:
    path = tmp_path / "thu-moi.txt"
    path.write_text("Kính gửi các đơn vị,\nMời dự họp giao ban quý III.\n", encoding="utf-8")
    assert _refused(path)[0].startswith("thu-moi.txt: không tìm thấy bảng phụ lục chỉ tiêu")


def test_unknown_province_asks_for_the_option(tmp_path: Path, bundled_decision: Path) -> None:
    text = bundled_decision.read_text(encoding="utf-8")
    text = text.replace("Bình Phước", "Xứ Đoài").replace("BÌNH PHƯỚC", "XỨ ĐOÀI")
    path = tmp_path / "qd.txt"
    path.write_text(text, encoding="utf-8")
    assert _refused(path) == [
        "qd.txt: không xác định được tỉnh ban hành; hãy ghi rõ bằng --province"
    ]
    assert read_decision(path, province="Xứ Đoài").target_set.province == "Xứ Đoài"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("rong.txt", b"", "tệp rỗng"),
        ("anh.txt", bytes(range(256)) * 40, "tệp nhị phân, không phải văn bản"),
        (
            "cu.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "định dạng cũ (.doc/.xls) không được hỗ trợ",
        ),
        ("hong.docx", b"PK\x03\x04" + b"\x00" * 100, "tệp bị hỏng hoặc không đầy đủ"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    problems = _refused(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{name}: ")
    assert reason in problems[0]


def test_missing_file(tmp_path: Path) -> None:
    assert _refused(tmp_path / "khong-co.docx") == ["khong-co.docx: không tìm thấy tệp"]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_truncated_office_files(tmp_path: Path, bundled_decision: Path, suffix: str) -> None:
    whole = tmp_path / f"whole{suffix}"
    rows = printed_rows(bundled_decision)
    build_docx(rows, whole) if suffix == ".docx" else build_xlsx(rows, whole)
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    problems = _refused(cut)
    assert problems[0].startswith(f"cut{suffix}: tệp bị hỏng hoặc không đầy đủ")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_password_protected_files(tmp_path: Path, bundled_decision: Path, suffix: str) -> None:
    plain = tmp_path / f"plain{suffix}"
    rows = printed_rows(bundled_decision)
    build_docx(rows, plain) if suffix == ".docx" else build_xlsx(rows, plain)
    locked = tmp_path / f"locked{suffix}"
    encrypted = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("matkhau", encrypted)
    locked.write_bytes(encrypted.getvalue())
    assert _refused(locked) == [
        f"locked{suffix}: tệp được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi gửi lại"
    ]


def test_xlsx_milestone_as_words_names_the_cell(tmp_path: Path, bundled_decision: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "pl.xlsx"
    build_xlsx(printed_rows(bundled_decision), path)
    workbook = load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    assert sheet["F8"].value == 0.7  # I.1, Quý I
    sheet["F8"] = "Hoàn thành"
    workbook.save(path)
    assert _refused(path) == [
        "pl.xlsx, trang tính «Phụ lục», ô F8 (Quý I): mốc quý I: «Hoàn thành» không phải tỷ lệ phần trăm"
    ]


REPEATED_TASK = (
    "số thứ tự nhiệm vụ II.3 lặp lại: đã có ở {first} («Tỷ lệ hồ sơ trực tuyến trên tổng số hồ "
    "sơ tiếp nhận, giải quyết thủ tục hành chính.»); mỗi nhiệm vụ cần một số thứ tự riêng"
)


@pytest.mark.parametrize("written", ["3", "3.", "03"])
def test_a_repeated_task_number_is_refused_naming_both_rows(
    tmp_path: Path, bundled_decision: Path, written: str
) -> None:
    # II.4 (line 91) numbered like II.3 (line 88): two tasks, one number.
    old = "4\tTỷ lệ số hóa hồ sơ"
    path = _edited(tmp_path, bundled_decision, old, f"{written}\tTỷ lệ số hóa hồ sơ")
    assert _refused(path) == [
        "qd.txt, dòng 91, cột 1: " + REPEATED_TASK.format(first="qd.txt, dòng 88, cột 1")
    ]


def test_a_repeated_task_number_in_word_is_refused_naming_both_rows(
    tmp_path: Path, bundled_decision: Path
) -> None:
    rows = printed_rows(bundled_decision)
    index = next(i for i, r in enumerate(rows) if r.cells[1].startswith("Tỷ lệ số hóa hồ sơ"))
    assert rows[index].cells[0] == "4"
    rows[index] = PrintedRow(("3", *rows[index].cells[1:]))
    path = tmp_path / "qd.docx"
    build_docx(rows, path)
    assert _refused(path) == [
        "qd.docx, bảng 1, hàng 13, cột 1: "
        + REPEATED_TASK.format(first="qd.docx, bảng 1, hàng 10, cột 1")
    ]


def test_the_same_number_in_another_section_is_another_task(bundled_decision: Path) -> None:
    # I.1 and II.1 share the number 1: sections keep them apart, nothing is refused.
    tasks = read_decision(bundled_decision).target_set.tasks
    assert {"I.1", "II.1"} <= set(tasks)
    assert len(tasks) == len(set(tasks)) == 13


def test_a_json_decision_keeps_the_same_rules_in_the_same_words(
    tmp_path: Path, bundled_decision: Path
) -> None:
    data = to_dict(read_decision(bundled_decision).target_set)
    targets = data["targets"]
    assert isinstance(targets, list)
    targets[0]["annual"] = 80.0
    targets[0]["milestones"]["Q1"] = 90.0
    targets[1]["annual"] = 120.0
    path = tmp_path / "qd.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert _refused(path) == [
        "qd.json (targets[0] (I.1)): mốc quý I (90%) cao hơn chỉ tiêu năm (80%)",
        "qd.json (targets[0] (I.1)): mốc quý III (90%) cao hơn chỉ tiêu năm (80%)",
        "qd.json (targets[0] (I.1)): mốc quý IV (100%) cao hơn chỉ tiêu năm (80%)",
        "qd.json (targets[1] (II.1)): chỉ tiêu năm phải từ 0% đến 100%, không phải 120%",
    ]
