"""The pages' figures against the hand-computed home (tests/evaluation/test_commands.py):

- D1 online dossiers 630/900 = 70 % against the departments' Q3 milestone 70 % → met;
- D2 650/1000 = 65 % → not met, and needs x more online dossiers with (650+x)/(1000+x) ≥ 70 %,
  x = 166.7 → 167;
- X1 100/200 = 50 % against the communes' 50 % → met; the province 2000/10000 = 20 %;
- D2 data reuse 60/100 = 60 % against 50 % → met; D1's from the portal 90/900 = 10 % → not met.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from tests.web.conftest import WebHome

Q3 = "?quy=2024-Q3"


def _get(web: WebHome, url: str, user: str = "vanphong", **headers: str) -> Any:
    response = web.client(user).get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def _text(response: Any) -> str:
    return str(response.content.decode())


def _csv(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_overview_shows_the_provinces_value_and_each_units_status(web: WebHome) -> None:
    page = _text(_get(web, "/" + Q3))
    assert "Quý III/2024" in page
    assert "20%" in page
    assert "2.000/10.000" in page
    heat = {r["Đơn vị"]: r for r in _csv(_get(web, f"/{Q3}&xuat=csv&bang=ban-do-nhiet"))}
    assert heat["Sở Tư pháp (D1)"]["II.3"] == "Đạt"
    assert heat["Sở Nội vụ (D2)"]["II.3"] == "Không đạt"
    assert heat["Sở Nội vụ (D2)"]["II.7"] == "Đạt"
    assert heat["Sở Tư pháp (D1)"]["II.7"] == "Không đạt"
    assert heat["UBND xã Một (X1)"]["II.3"] == "Đạt"
    assert heat["Sở Tư pháp (D1)"]["Số mốc không đạt"] == "1"


def test_the_furthest_behind_first_with_what_they_need(web: WebHome) -> None:
    rows = _csv(_get(web, f"/{Q3}&xuat=csv&bang=cham-nhat"))
    # D1's data reuse is 40 points short, D2's online dossiers 5 points.
    assert [r["Đơn vị"] for r in rows[:2]] == ["Sở Tư pháp (D1)", "Sở Nội vụ (D2)"]
    assert rows[1]["Giá trị"] == "65"
    assert rows[1]["Chênh lệch (điểm)"] == "-5"
    assert rows[1]["Còn cần"].startswith("cần thêm 167 ")


def test_a_units_page(web: WebHome) -> None:
    page = _text(_get(web, "/don-vi/D2/" + Q3))
    assert "Sở Nội vụ" in page
    assert "65%" in page
    assert "650/1.000" in page
    assert "cần thêm 167 " in page
    assert "Không đạt" in page
    rows = _csv(_get(web, f"/don-vi/D2/{Q3}&xuat=csv&bang=don-vi-D2"))
    assert {r["Chỉ tiêu"].split()[0] for r in rows} == {"II.3", "II.7"}
    # A district's page lists its communes with their standing.
    page = _text(_get(web, "/don-vi/H1/" + Q3))
    assert "Các đơn vị trực thuộc" in page
    assert "UBND xã Một (X1)" in page


def test_an_indicators_page_ranks_the_units_and_shows_its_sql(web: WebHome) -> None:
    page = _text(_get(web, "/chi-so/online_dossiers/" + Q3))
    assert "SELECT" in page  # the SQL for auditors
    ranking = _csv(
        _get(web, f"/chi-so/online_dossiers/{Q3}&xuat=csv&bang=xep-hang-online_dossiers")
    )
    departments = [r for r in ranking if r["Cấp"] == "Sở, ngành"]
    assert [(r["Hạng"], r["Đơn vị"]) for r in departments] == [
        ("1/2", "Sở Tư pháp (D1)"),
        ("2/2", "Sở Nội vụ (D2)"),
    ]


def test_the_workbook_keeps_numbers_as_numbers(web: WebHome) -> None:
    response = _get(web, f"/don-vi/D2/{Q3}&xuat=xlsx&bang=don-vi-D2")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    online = next(v for k, v in rows.items() if str(k).startswith("II.3"))
    value = online[header.index("Giá trị")]
    assert value == 0.65
    assert sheet.cell(row=2, column=header.index("Giá trị") + 1).number_format == "0.00%"


def test_filtering_with_htmx_returns_the_heat_map_alone(web: WebHome) -> None:
    response = _get(web, f"/{Q3}&tim=noi+vu&cap=", **{"HX-Request": "true", "HX-Target": "heatmap"})
    fragment = _text(response)
    assert fragment.lstrip().startswith('<div id="heatmap">')
    assert "Sở Nội vụ (D2)" in fragment
    assert "Sở Tư pháp (D1)" not in fragment
    level = _text(_get(web, f"/{Q3}&cap=commune", **{"HX-Request": "true", "HX-Target": "heatmap"}))
    assert "UBND xã Một (X1)" in level
    assert "Sở Nội vụ (D2)" not in level


def test_the_default_quarter_is_todays_and_provisional(web: WebHome) -> None:
    page = _text(_get(web, "/"))
    assert "Quý IV/2024" in page
    assert "tạm tính" in page


def test_an_unreadable_quarter_says_so_and_shows_the_default(web: WebHome) -> None:
    page = _text(_get(web, "/?quy=quy-muoi"))
    assert "Không đọc được quý «quy-muoi»" in page


def test_unknown_units_and_indicators_are_not_found(web: WebHome) -> None:
    client = web.client("vanphong")
    assert client.get("/don-vi/KHONG/" + Q3).status_code == 404
    assert client.get("/chi-so/khong_co/" + Q3).status_code == 404
    assert client.get(f"/{Q3}&xuat=csv&bang=khong-co").status_code == 404


def test_a_change_of_target_shows_at_once(web: WebHome) -> None:
    from chitieu.app.targets.services import set_override
    from chitieu.domain import Milestone, Override

    before = _csv(_get(web, f"/{Q3}&xuat=csv&bang=ban-do-nhiet"))
    assert next(r for r in before if r["Đơn vị"] == "Sở Nội vụ (D2)")["II.3"] == "Không đạt"
    set_override(
        2024,
        Override(
            "D2",
            "online_dossiers",
            annual=80.0,
            milestones=tuple(
                Milestone(q, v) for q, v in ((1, 50.0), (2, 60.0), (3, 65.0), (4, 80.0))
            ),
        ),
        actor="test",
    )
    after = _csv(_get(web, f"/{Q3}&xuat=csv&bang=ban-do-nhiet"))
    assert next(r for r in after if r["Đơn vị"] == "Sở Nội vụ (D2)")["II.3"] == "Đạt"


def test_a_home_without_targets_says_what_to_do(tmp_path: Any, settings_for_tests: None) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    from chitieu.app.bootstrap import use_home
    from chitieu.app.dashboard.snapshot import forget

    use_home(tmp_path)
    forget()
    client = Client()
    client.force_login(User.objects.create(username="x"))
    page = client.get("/").content.decode()
    assert "Chưa có bộ chỉ tiêu nào" in page
    assert "chitieu decision import" in page


def test_a_scoped_account_is_told_what_it_sees_and_led_to_its_unit(web: WebHome) -> None:
    from chitieu.app.accounts.choices import Role
    from chitieu.app.accounts.services import Account, save_account

    save_account(Account("phong", Role.FOCAL_POINT, "H1P"), password="mot-mat-khau-dai", actor="t")
    page = _text(_get(web, "/" + Q3, user="phong"))
    assert "Bạn đang xem các đơn vị thuộc <strong>Phòng Tư pháp huyện Một</strong>" in page
    assert 'href="/don-vi/H1P/?quy=2024-Q3"' in page
    # The division holds no target: each card says so rather than «0 đạt 0 không đạt».
    assert page.count("Không giao cho đơn vị nào bạn theo dõi.") == 3
    assert "0 đạt" not in page
