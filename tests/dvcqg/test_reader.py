"""Reading the portal's responses: the endpoint from the content, the units, the period."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from chitieu.dvcqg import Group, read_response
from chitieu.dvcqg.model import DVC_PROGRESS, ONLINE_PAYMENT_DOSSIERS, PROVIDE_ONLINE
from chitieu.errors import InputError, Severity
from tests.dvcqg import builders
from tests.dvcqg.conftest import ENDPOINTS


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_fixture_is_read_with_its_group_period_and_units(
    fixtures: Path, endpoint: str
) -> None:
    report = read_response(fixtures / endpoint / "month-all.json")
    assert report.group == Group(endpoint)
    assert report.period == "2026-08"
    assert report.period_origin == str(fixtures / "manifest.m0.json")
    assert report.formality_id is None
    assert report.warnings == ()
    assert report.province.unit_name == "UBND tỉnh Phú Thọ"
    assert report.province.unit_id == builders.PROVINCE_ID
    assert len(report.units) == 163
    levels = [unit.level for unit in report.units]
    assert (levels.count("PROVINCE"), levels.count("COMMUNE")) == (15, 148)


def test_shape_b_units_carry_their_department_codes_and_shape_a_units_do_not(
    fixtures: Path,
) -> None:
    tree = read_response(fixtures / "dvc-progress-tree" / "month-all.json")
    metrics = read_response(fixtures / "transparency" / "month-all.json")
    assert tree.province.unit_code == "H44"
    assert [u.unit_code for u in tree.units[:5]] == [
        "H44.01",
        "H44.03",
        "H44.07",
        "H44.08",
        "H44.100",
    ]
    assert all(unit.unit_code is None for unit in metrics.all_units)
    # Same units, same order, same ids in both endpoints.
    assert [u.unit_id for u in tree.units] == [u.unit_id for u in metrics.units]


def test_the_rows_of_each_shape(fixtures: Path) -> None:
    progress = read_response(fixtures / "dvc-progress-tree" / "month-all.json")
    bql = progress.units[1].rows
    assert [
        (r.sub_indicator, r.numerator, r.denominator, r.ratio, r.score, r.max_score) for r in bql
    ] == [(DVC_PROGRESS, 486, 588, 82.65, 16.53, 20)]
    online = read_response(fixtures / "provide-online-tree" / "month-all.json")
    parent = online.province.rows[0]
    assert (parent.sub_indicator, parent.numerator, parent.score) == (PROVIDE_ONLINE, None, 8.83)
    assert parent.counters["onlineServiceTotal"] == 1968
    payment = read_response(fixtures / "formality-online-payment-tree" / "month-all.json")
    h44_100 = next(u for u in payment.units if u.unit_code == "H44.100")
    assert [(r.sub_indicator, r.numerator, r.denominator, r.score) for r in h44_100.rows] == [
        (ONLINE_PAYMENT_DOSSIERS, 1516, 1707, None),
        ("formality_online_payment_procedures", 12, 35, None),
        ("formality_fee_procedures_with_dossiers", 7, 35, None),
    ]
    assert h44_100.total_score == 6.69
    transparency = read_response(fixtures / "transparency" / "month-all.json")
    office = transparency.units[0]
    assert office.unit_type == "PROVINCIAL_DEPARTMENT"
    sync = office.rows[3]
    assert (sync.sub_indicator, sync.numerator, sync.denominator, sync.ratio, sync.score) == (
        "DOSSIER_SYNC",
        0,
        0,
        None,
        None,
    )
    assert sync.data_quality == "NO_NATIONAL_REPORT_DATA"


def test_hand_made_shape_a_responses_of_the_two_other_groups(tmp_path: Path) -> None:
    satisfaction = read_response(builders.write(tmp_path, "s.json", builders.satisfaction()))
    assert satisfaction.group is Group.HANDLING_SATISFACTION
    assert satisfaction.province.rows[1].counters["totalDossiers"] == 184513
    digitized = read_response(builders.write(tmp_path, "d.json", builders.digitized()))
    assert digitized.group is Group.DOSSIER_DIGITIZED
    assert [u.unit_code for u in digitized.all_units] == ["H44", "H44.100", "H44.101", "H44.102"]
    copy = digitized.province.rows[-1]
    assert (copy.numerator, copy.denominator, copy.ratio, copy.score) == (None, None, 100, 2)


def test_a_metric_code_not_known_is_read_with_a_warning(tmp_path: Path) -> None:
    document = builders.satisfaction()
    document["data"]["evaluation"][0]["metrics"].append(
        builders.metric("NEW_CRITERION", 1, 2, 50, 1, 2)
    )
    report = read_response(builders.write(tmp_path, "s.json", document))
    assert report.units[0].rows[-1].sub_indicator == "NEW_CRITERION"
    assert [w.reason for w in report.warnings if "NEW_CRITERION" in w.reason] == [
        "phần tử data.evaluation: mã chỉ tiêu «NEW_CRITERION» chưa có công thức; không tính lại điểm"
    ]


# --- the period ----------------------------------------------------------------------------------


def _copy(fixtures: Path, folder: Path, endpoint: str = "dvc-progress-tree") -> Path:
    target = folder / "sub" / "response.json"
    target.parent.mkdir(parents=True)
    shutil.copyfile(fixtures / endpoint / "month-all.json", target)
    return target


def _manifest(folder: Path, file: Path, payload: dict[str, Any], endpoint: str) -> None:
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    capture = {
        "file": "x.json",
        "url": f"https://dichvucong.gov.vn/api/v1/reporting/evaluation/{endpoint}",
        "payload": payload,
        "sha256": digest,
    }
    builders.write(folder, "manifest.m0.json", {"captures": [capture]})


def test_without_a_manifest_the_period_is_the_callers_or_unknown(
    fixtures: Path, tmp_path: Path
) -> None:
    path = _copy(fixtures, tmp_path)
    unknown = read_response(path)
    assert (unknown.period, unknown.period_origin) == (None, None)
    assert [(w.severity, w.reason) for w in unknown.warnings] == [
        (
            Severity.WARNING,
            "không rõ kỳ báo cáo: không có manifest.m0.json ghi tệp này và không chỉ định kỳ",
        )
    ]
    given = read_response(path, period="2026q3")
    assert (given.period, given.period_origin, given.warnings) == ("2026-Q3", "argument", ())


def test_a_manifest_above_the_file_gives_its_period_and_procedure_filter(
    fixtures: Path, tmp_path: Path
) -> None:
    path = _copy(fixtures, tmp_path)
    payload = {"timeType": "quarter", "year": 2026, "quarter": 3, "formalityId": "f-1"}
    _manifest(tmp_path, path, payload, "dvc-progress-tree")
    report = read_response(path)
    assert (report.period, report.formality_id) == ("2026-Q3", "f-1")
    assert report.period_origin == str(tmp_path / "manifest.m0.json")
    assert read_response(path, period="2026-Q3").period == "2026-Q3"
    with pytest.raises(InputError) as caught:
        read_response(path, period="2026-08")
    assert caught.value.problems[0].reason == (
        f"kỳ báo cáo được chỉ định là 2026-08 nhưng {tmp_path / 'manifest.m0.json'} "
        "ghi tệp này là kỳ 2026-Q3"
    )


def test_a_manifest_naming_another_endpoint_is_refused(fixtures: Path, tmp_path: Path) -> None:
    path = _copy(fixtures, tmp_path)
    _manifest(tmp_path, path, {"timeType": "year", "year": 2026}, "transparency")
    with pytest.raises(InputError) as caught:
        read_response(path)
    assert "là phản hồi của «transparency», nhưng nội dung là của «dvc-progress-tree»" in str(
        caught.value
    )


def test_a_bad_period_argument_is_refused(fixtures: Path, tmp_path: Path) -> None:
    path = _copy(fixtures, tmp_path)
    with pytest.raises(InputError) as caught:
        read_response(path, period="tháng 8")
    assert caught.value.problems[0].describe() == (
        f"{path}: kỳ báo cáo «tháng 8» không hợp lệ: cần dạng 2026-08, 2026-Q3 hoặc 2026"
    )


# --- bad files -----------------------------------------------------------------------------------


def _refused(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_response(path)
    return [problem.describe() for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "tệp rỗng, không có phản hồi JSON"),
        (b"\x00\x01\x02binary\x00", "không phải tệp JSON: tệp nhị phân, không phải văn bản"),
        (
            b"[1, 2]",
            "không phải phản hồi của API chỉ số 766 (cần «data» có overview/evaluation hoặc parent/children); tệp chứa [1, 2]",
        ),
        (
            b'{"code": "OK", "data": {"items": []}}',
            "không phải phản hồi của API chỉ số 766 (cần «data» có overview/evaluation hoặc parent/children)",
        ),
        (b'{"code": "OK", "data": [1]}', "phần tử data: cần một đối tượng JSON, không phải [1]"),
        (
            '{"code": "UNAUTHORIZED", "message": "Phiên đăng nhập hết hạn"}'.encode(),
            'cổng DVCQG trả về mã lỗi "UNAUTHORIZED": Phiên đăng nhập hết hạn',
        ),
        (
            b'{"data": {"parent": {"departmentId": "x"}, "children": []}}',
            "phần tử data.parent: không nhận ra nhóm chỉ số (không có totalOnTime, totalDossierOnlinePaymentSuccess hay onlineServiceTotal)",
        ),
        (
            b'{"data": {"overview": {"metrics": [{"code": "X"}]}, "evaluation": []}}',
            "không nhận ra nhóm chỉ số của các mã chỉ tiêu: X",
        ),
    ],
)
def test_what_is_not_a_766_response_is_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert _refused(path) == [f"{path}: {reason}"]


def test_a_truncated_response_is_refused_with_its_line_and_column(
    fixtures: Path, tmp_path: Path
) -> None:
    data = (fixtures / "transparency" / "month-all.json").read_bytes()
    path = tmp_path / "cut.json"
    path.write_bytes(data[:5000])
    [message] = _refused(path)
    assert message.startswith(f"{path}, dòng 1, cột ")
    assert message.endswith(": JSON bị cắt cụt: tệp dừng giữa chừng")
    path.write_bytes(b'{"code": "OK",, }')
    assert _refused(path) == [
        f"{path}, dòng 1, cột 15: JSON sai cú pháp: Expecting property name enclosed in double quotes"
    ]


def test_every_bad_element_is_named_by_its_json_path(fixtures: Path, tmp_path: Path) -> None:
    document = json.loads((fixtures / "dvc-progress-tree" / "month-all.json").read_bytes())
    children = document["data"]["children"]
    children[4]["totalOnTime"] = "12"
    children[5]["totalReceived"] = -3
    del children[6]["departmentId"]
    children[7]["totalReceived"] = None
    assert _refused(builders.write(tmp_path, "bad.json", document)) == [
        f"{tmp_path / 'bad.json'}: phần tử {where}"
        for where in (
            'data.children[4].totalOnTime: cần một số, không phải "12"',
            "data.children[5].totalReceived: cần một số không âm, không phải -3",
            "data.children[6].departmentId: thiếu, cần một chuỗi",
            "data.children[7].totalReceived: cần một số, không phải null",
        )
    ]


def test_a_shape_a_metric_without_its_maximum_and_a_repeated_code_are_refused(
    tmp_path: Path,
) -> None:
    document = builders.satisfaction()
    metrics = document["data"]["evaluation"][1]["metrics"]
    del metrics[0]["maxScore"]
    metrics.append(dict(metrics[1]))
    assert _refused(builders.write(tmp_path, "s.json", document)) == [
        f"{tmp_path / 's.json'}: phần tử data.evaluation[1].metrics[0].maxScore: thiếu, cần một số",
        f"{tmp_path / 's.json'}: phần tử data.evaluation[1].metrics[3].code: "
        "mã «PETITION_PROCESSING_ON_TIME» lặp lại",
    ]


def test_one_page_of_several_is_refused(tmp_path: Path) -> None:
    document = builders.satisfaction()
    document["data"]["pagination"] = {
        "total": 163,
        "currentPage": 1,
        "pageSize": 5,
        "totalPages": 33,
    }
    assert _refused(builders.write(tmp_path, "s.json", document)) == [
        f"{tmp_path / 's.json'}: phần tử data.pagination: tệp chỉ có 5/163 đơn vị (trang 1/33); "
        "hãy tải lại với pageSize từ 163 trở lên"
    ]


def test_a_unit_listed_twice_is_refused(tmp_path: Path) -> None:
    document = builders.digitized()
    rows = document["data"]["evaluation"]
    rows.append(dict(rows[0]))
    document["data"]["pagination"]["total"] = len(rows)
    assert _refused(builders.write(tmp_path, "d.json", document)) == [
        f"{tmp_path / 'd.json'}: phần tử data: đơn vị departmentId «u-vt» xuất hiện hai lần "
        "(«UBND Phường Việt Trì» và «UBND Phường Việt Trì»)"
    ]


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    [message] = _refused(tmp_path / "none.json")
    assert message.startswith(f"{tmp_path / 'none.json'}: không đọc được tệp: ")
