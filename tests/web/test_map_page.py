"""The map page against the hand-computed home (tests/evaluation/test_commands.py, whose units
carry coordinates in tests/evaluation/builders.py): on online dossiers in 2024-Q3, D1 630/900 =
70 % against 70 % → met; D2 650/1000 = 65 % → not met; X1 100/200 = 50 % against 50 % → met; H1
and X2 have no value. H1, X1 and X2 have coordinates; the departments D1 and D2 have none."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import altair as alt
import pytest
from openpyxl import load_workbook

from tests.web.conftest import ACCOUNTS, SCOPES, WebHome

MAP = "/ban-do/?quy=2024-Q3"
TABLE = "ban-do-online_dossiers"
STATUS = {
    "D1": "Đạt",
    "D2": "Không đạt",
    "H1": "Chưa có số liệu",
    "X1": "Đạt",
    "X2": "Chưa có số liệu",
}
"""Each holder of the online-dossiers target and its status in 2024-Q3, by hand."""
LOCATED = {"H1", "X1", "X2"}
APP_CSS = Path(__file__).parents[2] / "src" / "chitieu" / "app" / "static" / "chitieu" / "app.css"


def _get(web: WebHome, url: str, user: str = "vanphong") -> Any:
    response = web.client(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def _page(web: WebHome, url: str = MAP, user: str = "vanphong") -> str:
    return str(_get(web, url, user).content.decode())


def _spec(page: str) -> dict[str, Any] | None:
    found = re.search(r'<script id="ban-do" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1)) if found else None


def _points(page: str) -> dict[str, dict[str, Any]]:
    spec = _spec(page)
    return {} if spec is None else {p["mã"]: p for p in spec["datasets"]["so-lieu"]}


def _csv(web: WebHome, url: str, user: str = "vanphong") -> list[dict[str, str]]:
    body = _get(web, url, user).content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def _code(unit: str) -> str:
    found = re.search(r"\(([^)]+)\)$", unit)
    assert found, unit
    return found.group(1)


def _in_scope(username: str) -> set[str]:
    scope = SCOPES[username]
    return {c for c in STATUS if scope is None or c in scope}


@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_each_account_sees_only_its_scopes_units_in_the_table_and_the_map(
    web: WebHome, username: str
) -> None:
    page = _page(web, user=username)
    rows = _csv(web, f"{MAP}&xuat=csv&bang={TABLE}", username)
    expected = _in_scope(username)
    assert {_code(r["Đơn vị"]) for r in rows} == expected
    assert set(_points(page)) == expected & LOCATED
    # No unit outside the scope is named anywhere on the page (its place names included).
    scope = SCOPES[username]
    if scope is not None:
        assert "UBND tỉnh Thử Nghiệm" not in page
        for code in set(STATUS) - scope:
            assert f"({code})" not in page, code


def test_each_units_status_and_colour_are_its_stored_evaluations(web: WebHome) -> None:
    from chitieu import wording
    from chitieu.app.dashboard.charts import STATUS_INK
    from chitieu.app.dashboard.snapshot import snapshot
    from chitieu.domain import Quarter

    page = _page(web)
    points = _points(page)
    assert {code: p["trạng thái"] for code, p in points.items()} == {c: STATUS[c] for c in LOCATED}
    stored = {
        r.unit.code: r
        for r in snapshot(web.path, Quarter(2024, 3)).evaluation.rows
        if r.indicator == "online_dossiers"
    }
    for code, point in points.items():
        assert point["trạng thái"] == wording.STATUS[stored[code].status.value]
    assert points["X1"]["giá trị"] == "50%"
    assert points["X1"]["mốc"] == "50%"
    assert points["H1"]["giá trị"] == "—"
    # The colour of each status is the heat map's ink of it (app.css), on every chart alike.
    spec = _spec(page)
    assert spec is not None
    [units] = [layer for layer in spec["layer"] if layer["data"]["name"] == "so-lieu"]
    scale = units["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    css = APP_CSS.read_text(encoding="utf-8")
    for status, ink in STATUS_INK.items():
        variable = {"met": "met", "not_met": "not-met", "not_applicable": "na"}.get(
            status.value, "no-data"
        )
        assert f"--{variable}-ink: {ink};" in css
        assert colours[wording.STATUS[status.value]] == ink
    # The table says the same as the map.
    rows = {_code(r["Đơn vị"]): r for r in _csv(web, f"{MAP}&xuat=csv&bang={TABLE}")}
    assert {code: r["Đánh giá"] for code, r in rows.items()} == STATUS


def test_the_map_is_valid_vega_lite_drawn_without_tiles_and_leads_to_each_unit(
    web: WebHome,
) -> None:
    spec = _spec(_page(web))
    assert spec is not None
    alt.LayerChart.from_dict(spec)  # validates against the schema
    assert spec["projection"]["type"] == "mercator"
    # No tile server, no outlines fetched: every dataset is in the page.
    assert "url" not in json.dumps(spec["layer"])
    assert _points(_page(web))["X1"]["href"] == "/don-vi/X1/?quy=2024-Q3"
    # The district's communes are named on the map, for orientation.
    assert {p["tên"] for p in spec["datasets"]["dia-danh"]} == {"huyện Một"}
    # The projection is fitted to a box a little larger than the units (X1 north-west, X2
    # south-east), so that no symbol is cut at the edge.
    (west, south), (east, north) = spec["projection"]["fit"]["geometry"]["coordinates"]
    assert west < 106.55
    assert east > 106.68
    assert south < 11.55
    assert north > 11.65


def test_units_without_coordinates_are_named_under_the_map_and_kept_in_the_table(
    web: WebHome,
) -> None:
    page = _page(web)
    assert (
        "<strong>2 đơn vị chưa có tọa độ</strong> nên không có trên bản đồ (vẫn có trong bảng): "
        "Sở Nội vụ (D2); Sở Tư pháp (D1)."
    ) in page
    assert "3 đơn vị trên bản đồ." in page
    rows = {_code(r["Đơn vị"]): r for r in _csv(web, f"{MAP}&xuat=csv&bang={TABLE}")}
    assert (rows["D1"]["Vĩ độ"], rows["D1"]["Kinh độ"]) == ("", "")
    assert (rows["X1"]["Vĩ độ"], rows["X1"]["Kinh độ"]) == ("11.65", "106.55")
    # An account none of whose units has coordinates is told why its map is empty.
    alone = _page(web, user="doimoi")
    assert _spec(alone) is None
    assert "Chưa đơn vị nào trong bảng có tọa độ" in alone


def test_the_table_exports_as_csv_and_a_workbook_with_numbers(web: WebHome) -> None:
    rows = {_code(r["Đơn vị"]): r for r in _csv(web, f"{MAP}&xuat=csv&bang={TABLE}")}
    assert list(rows["D2"]) == ["Đơn vị", "Cấp", "Giá trị", "Mốc", "Đánh giá", "Vĩ độ", "Kinh độ"]
    assert (rows["D2"]["Giá trị"], rows["D2"]["Mốc"], rows["D2"]["Cấp"]) == (
        "65",
        "70",
        "Sở, ngành",
    )
    assert (rows["X1"]["Giá trị"], rows["X1"]["Mốc"]) == ("50", "50")
    response = _get(web, f"{MAP}&xuat=xlsx&bang={TABLE}")
    assert response["Content-Disposition"] == f'attachment; filename="chitieu-{TABLE}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    book = {_code(str(r[0])): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert book["D2"][header.index("Giá trị")] == 0.65
    assert book["X1"][header.index("Vĩ độ")] == 11.65
    # The page shows the figures the Vietnamese way.
    page = _page(web)
    assert "65%" in page
    assert "11,65" in page


def test_the_indicator_and_the_level_are_chosen_in_the_address(web: WebHome) -> None:
    page = _page(web)
    assert '<option value="online_dossiers" selected>II.3 Hồ sơ trực tuyến</option>' in page
    reuse = _csv(web, f"{MAP}&chi_so=data_reuse&xuat=csv&bang=ban-do-data_reuse")
    assert {_code(r["Đơn vị"]): r["Đánh giá"] for r in reuse}["D2"] == "Đạt"
    communes = _page(web, f"{MAP}&cap=commune")
    assert set(_points(communes)) == {"X1", "X2"}
    rows = _csv(web, f"{MAP}&cap=commune&xuat=csv&bang={TABLE}")
    assert {_code(r["Đơn vị"]) for r in rows} == {"X1", "X2"}


def test_an_unknown_indicator_level_or_quarter_is_said_in_vietnamese(web: WebHome) -> None:
    page = _page(web, f"{MAP}&chi_so=khong_co")
    assert (
        "Bộ chỉ tiêu năm 2024 không có chỉ số «khong_co»; đang hiển thị «II.3 Hồ sơ trực tuyến»."
    ) in page
    assert set(_points(page)) == LOCATED
    level = _page(web, f"{MAP}&cap=tinh-le")
    assert "Không có đơn vị cấp «tinh-le» giữ chỉ tiêu" in level
    assert set(_points(level)) == LOCATED
    unread = _page(web, "/ban-do/?quy=quy-muoi")
    assert "Không đọc được quý «quy-muoi»" in unread
    # A quarter of a year without a target set: the page says what is missing, not a 500.
    response = web.client("vanphong").get("/ban-do/?quy=2019-Q1")
    assert response.status_code == 200
    assert "Chưa có gì để hiển thị" in response.content.decode()
    assert web.client("vanphong").get(f"{MAP}&xuat=csv&bang=khong-co").status_code == 404
