"""Decisions of other provinces and years, laid out differently from Bình Phước's."""

from __future__ import annotations

from pathlib import Path

import docx

from chitieu.decisions import read_decision, to_dict

ROWS = [
    [
        "TT",
        "Nội dung",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Chỉ tiêu năm 2025",
        "Quý 1",
        "Quý 2",
        "Quý 3",
        "Quý 4",
        "Ghi chú",
    ],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)"],
    [
        "1",
        "Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Năm 2024 đạt 45,5%",
    ],
    [
        "",
        "- Các cơ quan chuyên môn thuộc UBND tỉnh",
        "",
        "Sở Khoa học và Công nghệ",
        "≥ 80%",
        "60 %",
        "65 %",
        "70 %",
        "80 %",
        "",
    ],
    ["", "- UBND các xã, phường", "", "", "70%", "50%", "55%", "60%", "70%", ""],
    [
        "2",
        "Tỷ lệ thanh toán trực tuyến",
        "Các sở, ban, ngành; UBND các xã, phường",
        "",
        "50%",
        "20%",
        "30%",
        "40%",
        "50%",
        "",
    ],
    [
        "3",
        "Mức độ hài lòng của người dân, doanh nghiệp",
        "Sở Tư pháp",
        "",
        "95%",
        "95%",
        "95%",
        "95%",
        "95%",
        "",
    ],
]


def test_a_two_level_province_with_levels_as_sub_rows(tmp_path: Path) -> None:
    """2025 structure (no districts), "TT/Nội dung/Quý 1" headers, a column-numbering row, levels
    written as bullet sub-rows of the task, "≥ 80%" and "60 %" values, no sections."""
    document = docx.Document()
    for line in (
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
        "QUYẾT ĐỊNH",
        "Về việc giao chỉ tiêu cải cách thủ tục hành chính, chuyển đổi số năm 2025",
        "Đồng Nai, ngày 10 tháng 01 năm 2025",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=len(ROWS), cols=10)
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "dong-nai-2025.docx"
    document.save(str(path))

    reading = read_decision(path)
    data = to_dict(reading.target_set)
    assert (data["province"], data["year"], data["basis"]) == ("Đồng Nai", 2025, "ytd")
    rows = [
        (
            t["task"],
            t["indicator"],
            t["levels"],
            t["units"],
            t["annual"],
            list(t["milestones"].values()),
            t["baselines"],
        )
        for t in data["targets"]
    ]
    assert rows == [
        (
            "1",
            "online_dossiers",
            ["province_department"],
            [],
            80.0,
            [60.0, 65.0, 70.0, 80.0],
            {"2024": 45.5},
        ),
        ("1", "online_dossiers", ["commune"], [], 70.0, [50.0, 55.0, 60.0, 70.0], {"2024": 45.5}),
        (
            "2",
            "online_payment",
            ["province_department", "commune"],
            [],
            50.0,
            [20.0, 30.0, 40.0, 50.0],
            {},
        ),
        ("3", "satisfaction", [], ["Sở Tư pháp"], 95.0, [95.0] * 4, {}),
    ]
    assert data["targets"][0]["lead"] == "Các cơ quan chuyên môn thuộc UBND tỉnh"
    assert data["targets"][0]["coordinating"] == "Sở Khoa học và Công nghệ"
    assert reading.warnings == ()
