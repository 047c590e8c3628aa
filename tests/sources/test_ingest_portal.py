"""``ingest dvcqg``: the portal's 766 responses stored per unit, sub-indicator and period, with
the same all-or-nothing discipline and history as every other import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chitieu.domain import OrgUnit
from chitieu.errors import InputError
from chitieu.facts import DuckDBStore
from chitieu.facts.store import FACTS_FILE
from chitieu.facts.summary import summarize
from chitieu.sources.portal import ingest_portal
from chitieu.units import write_units_csv
from tests.cli.conftest import Run
from tests.dvcqg.conftest import ENDPOINTS, FIXTURES

OURS = [
    OrgUnit("25", "Tỉnh Phú Thọ", "province"),
    OrgUnit("H44.07", "Sở Công Thương", "province_department", "25"),
    OrgUnit("08500", "Xã Xuân Lũng", "commune", "25"),
]
"""Our units: the province (matched by name), one department by the portal's code, one commune
by name; the portal's other 161 units are not ours."""


@pytest.fixture(scope="module")
def responses() -> list[Path]:
    """The four saved responses, with the manifest that gives their period."""
    return [FIXTURES / endpoint / "month-all.json" for endpoint in ENDPOINTS]


def _rows(store: DuckDBStore, sql: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in store.connection.execute(sql).fetchall()]


def test_responses_are_stored_per_unit_sub_indicator_and_period(
    responses: list[Path], store: DuckDBStore
) -> None:
    report = ingest_portal(store, responses, units=OURS, actor="test")
    assert [record.file for record in report.imports] == ["month-all.json"] * 4
    assert [record.rows_written for record in report.imports] == [
        164 * 5,  # transparency: 4 metrics and the group total
        164 * 2,  # progress: 1 metric and the total
        164 * 2,  # online services: 1 metric (a score, no numerator per unit) and the total
        164 * 4,  # online payment: 3 parts and the total
    ]
    assert _rows(store, "SELECT DISTINCT period FROM dvcqg_values") == [("2026-08",)]
    assert _rows(
        store,
        "SELECT numerator, denominator, ratio, score FROM dvcqg_values "
        "WHERE unit_code = 'H44.07' AND group_code = 'dvc-progress-tree' "
        "AND sub_indicator <> 'total'",
    ) == [(332.0, 482.0, 68.88, 13.78)]
    matched = _rows(store, "SELECT DISTINCT unit_code FROM dvcqg_values ORDER BY 1")
    assert matched == [("08500",), ("25",), ("H44.07",), (None,)]
    unmatched = [w.describe() for w in report.warnings if "không khớp" in w.reason]
    assert len(unmatched) == 164 - 3
    assert unmatched[0] == (
        "month-all.json: đơn vị «Văn phòng UBND Tỉnh - Tỉnh Phú Thọ» (H44.01) của Cổng DVCQG "
        "không khớp đơn vị nào: không có đơn vị nào cùng mã hoặc cùng tên; số liệu được lưu "
        "theo mã, tên của cổng"
    )


def test_the_same_responses_again_change_nothing(responses: list[Path], store: DuckDBStore) -> None:
    ingest_portal(store, responses, units=OURS, actor="test")
    before = summarize(store).to_dict()
    again = ingest_portal(store, responses, units=OURS, actor="test")
    assert again.imports == []
    assert len(again.skipped) == 4
    assert summarize(store).to_dict() == before
    forced = ingest_portal(store, responses, units=OURS, actor="test", force=True)
    assert len(forced.imports) == 4
    assert summarize(store).to_dict()["tables"] == before["tables"]


def test_a_response_without_a_known_period_is_refused_unless_given(
    responses: list[Path], tmp_path: Path, store: DuckDBStore
) -> None:
    alone = tmp_path / "progress.json"
    shutil.copy(responses[1], alone)
    with pytest.raises(InputError) as refused:
        ingest_portal(store, [responses[0], alone], units=OURS, actor="test")
    [problem] = refused.value.problems
    assert problem.describe().startswith("progress.json: không rõ kỳ báo cáo")
    assert summarize(store).tables["dvcqg_values"].rows == 0
    assert summarize(store).imports == []
    report = ingest_portal(store, [alone], units=OURS, actor="test", period="2026-Q3")
    assert report.imports[0].rows_written == 164 * 2
    assert _rows(store, "SELECT DISTINCT period FROM dvcqg_values") == [("2026-Q3",)]


def test_a_file_that_is_not_a_response_refuses_the_whole_command(
    responses: list[Path], tmp_path: Path, store: DuckDBStore
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"data": [1, 2', "utf-8")
    with pytest.raises(InputError) as refused:
        ingest_portal(store, [*responses, broken], units=OURS, actor="test")
    assert all(p.place.file.endswith("broken.json") for p in refused.value.problems)
    assert summarize(store).tables["dvcqg_values"].rows == 0


ANOTHER_PROVINCE = [
    OrgUnit("70", "Tỉnh Bình Phước", "province"),
    OrgUnit("70.SMT", "Sở Mẫu Thử", "province_department", "70"),
    OrgUnit("70.X1", "Xã Mẫu Thử", "commune", "70"),
]
"""A tree none of whose units the Phú Thọ responses name."""


def test_responses_matching_none_of_our_units_are_refused(
    responses: list[Path], store: DuckDBStore
) -> None:
    before = summarize(store).to_dict()
    with pytest.raises(InputError) as refused:
        ingest_portal(store, responses[:2], units=ANOTHER_PROVINCE, actor="test")
    problems = refused.value.problems
    assert [problem.place.file for problem in problems] == ["month-all.json"] * 2
    reason = problems[0].reason
    assert reason.startswith("không đơn vị nào của Cổng DVCQG trong tệp khớp cây đơn vị: ")
    # The first names the file gives, then how many more, then the likely cause.
    assert "«Văn phòng UBND Tỉnh - Tỉnh Phú Thọ»" in reason
    assert reason.count("«") == 5 + 1
    assert "và 159 đơn vị khác" in reason
    assert "cây đơn vị có thể là của tỉnh khác" in reason
    assert summarize(store).to_dict() == before


def test_the_command_line_refuses_them_with_exit_2(
    responses: list[Path], run: Run, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    listing = tmp_path / "units.csv"
    write_units_csv(ANOTHER_PROVINCE, listing)
    assert run("units", "load", listing, "--home", home).code == 0
    result = run("ingest", "dvcqg", *responses, "--home", home)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert "month-all.json: không đơn vị nào của Cổng DVCQG trong tệp khớp" in result.err
    assert not (home / FACTS_FILE).exists()
