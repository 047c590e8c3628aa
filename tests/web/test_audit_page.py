"""The audit log ``/nhat-ky/`` on the hand-computed home (tests/web/conftest.py), with a trail
written by the real service functions at known local times (``TRAIL``): each entry appears with
its Vietnamese labels and local time; each filter keeps exactly the entries a plain Python
reading of the model keeps; pages; CSV and XLSX exports of every filtered entry, formula-safe;
the office alone reads it; a bad filter is a sentence, never a 500."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from tests.web.conftest import WebHome

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
HEADERS = [
    "Thời điểm",
    "Người thực hiện",
    "Thao tác",
    "Đối tượng",
    "Mã",
    "Ghi chú",
    "Thay đổi",
    "Trước (JSON)",
    "Sau (JSON)",
]
FORMULA = '=HYPERLINK("http://x.example","bấm")'


def _at(day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2024, 10, day, hour, minute, tzinfo=LOCAL)


@pytest.fixture
def trail(web: WebHome) -> WebHome:
    """The home's own entries (units, targets and accounts by «test», made now) and, in October
    2024, a token made and revoked by the office, an account made at 00:30 local time (still
    the day before in UTC), an override with a note that a spreadsheet would run, and an
    account renamed by the leader."""
    from chitieu.app.accounts.choices import Role
    from chitieu.app.accounts.services import Account, create_token, revoke_token, save_account
    from chitieu.app.targets.services import set_override
    from chitieu.domain import Override

    # Its own patch, undone before the tests: the fixture's clock, not the web home's settings.
    with pytest.MonkeyPatch.context() as clock:

        def at(when: dt.datetime) -> None:
            clock.setattr("django.utils.timezone.now", lambda: when)

        at(_at(1, 9, 5))
        token = create_token("doimoi", name="máy chủ báo cáo", actor="vanphong")
        at(_at(3, 0, 30))
        new = Account("moi", Role.VIEWER, None, "Người Mới")
        save_account(new, password="mot-mat-khau-dai", actor="vanphong")
        at(_at(3, 14, 0))
        override = Override("X1", "online_dossiers", annual=65.0, note=FORMULA)
        set_override(2024, override, actor="lanhdao")
        at(_at(5, 10, 0))
        revoke_token(token[:8], actor="vanphong")
        at(_at(6, 8, 45))
        renamed = Account("moi", Role.VIEWER, None, "Người Mới Đổi Tên")
        save_account(renamed, password=None, actor="lanhdao")
    return web


def _get(web: WebHome, url: str, user: str = "vanphong", **headers: str) -> Any:
    return web.client(user).get(url, headers=headers)


def _csv(web: WebHome, query: str) -> list[dict[str, str]]:
    response = _get(web, f"/nhat-ky/?{query}&xuat=csv&bang=nhat-ky")
    assert response.status_code == 200, response.content.decode()[:500]
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads Vietnamese
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    assert reader.fieldnames == HEADERS
    return list(reader)


def _expected(keep: Callable[[Any], bool]) -> list[tuple[str, str, str, str]]:
    """(local time, actor, action's label from the model's choices, key) of the entries
    ``keep`` keeps, newest first — read from the model, apart from the page's code."""
    from chitieu.app.audit.models import AuditEntry

    entries = sorted(AuditEntry.objects.all(), key=lambda e: (e.at, e.id), reverse=True)
    return [
        (
            e.at.astimezone(LOCAL).strftime("%d/%m/%Y %H:%M"),
            e.actor,
            e.get_action_display(),
            e.object_key,
        )
        for e in entries
        if keep(e)
    ]


def _seen(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    return [(r["Thời điểm"], r["Người thực hiện"], r["Thao tác"], r["Mã"]) for r in rows]


def _exported(rows: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    """The rows as an export writes them: a key a spreadsheet would read as a formula (an API
    token's prefix is random and may start with «-») quoted with «'»."""
    return [
        (at, actor, action, "'" + key if key[:1] in ("=", "+", "-", "@") else key)
        for at, actor, action, key in rows
    ]


def _local_day(entry: Any) -> dt.date:
    day: dt.date = entry.at.astimezone(LOCAL).date()
    return day


def _page_rows(body: str) -> list[str]:
    """The times of the rows of the page's table."""
    return re.findall(r'<th scope="row" class="at">([^<]+)</th>', body)


FILTERS: list[tuple[str, Callable[[Any], bool]]] = [
    ("tu=03/10/2024", lambda e: _local_day(e) >= dt.date(2024, 10, 3)),
    ("tu=2024-10-03", lambda e: _local_day(e) >= dt.date(2024, 10, 3)),
    # 00:30 on 3 October in Hồ Chí Minh City is still 2 October in UTC: the days are local.
    ("den=02/10/2024", lambda e: _local_day(e) <= dt.date(2024, 10, 2)),
    (
        "tu=03/10/2024&den=05/10/2024",
        lambda e: dt.date(2024, 10, 3) <= _local_day(e) <= dt.date(2024, 10, 5),
    ),
    ("nguoi=vanphong", lambda e: e.actor == "vanphong"),
    ("nguoi=lanhdao", lambda e: e.actor == "lanhdao"),
    ("thao_tac=accounts.add", lambda e: e.action == "accounts.add"),
    ("thao_tac=targets.override.set", lambda e: e.action == "targets.override.set"),
    ("ma=x1", lambda e: "x1" in e.object_key.lower()),
    ("ma=moi", lambda e: "moi" in e.object_key.lower()),
    # Vietnamese typed in capitals finds the note written in small letters, on SQLite too.
    ("tim=ĐẶT MẬT", lambda e: "đặt mật" in e.note.casefold()),
    ("tim=hyperlink", lambda e: "hyperlink" in e.note.casefold()),
    (
        "nguoi=vanphong&thao_tac=accounts.token.revoke&tu=05/10/2024",
        lambda e: (
            e.actor == "vanphong"
            and e.action == "accounts.token.revoke"
            and _local_day(e) >= dt.date(2024, 10, 5)
        ),
    ),
]


@pytest.mark.parametrize(("query", "keep"), FILTERS, ids=[q for q, _ in FILTERS])
def test_each_filter_keeps_exactly_the_entries_it_names(
    trail: WebHome, query: str, keep: Callable[[Any], bool]
) -> None:
    expected = _expected(keep)
    assert expected  # each filter keeps something, and (below) not everything
    assert len(expected) < len(_expected(lambda e: True))
    assert _seen(_csv(trail, query)) == _exported(expected)
    page = _get(trail, f"/nhat-ky/?{query}")
    assert page.status_code == 200
    body = page.content.decode()
    assert f"{len(expected)} mục " in body
    assert _page_rows(body) == [time for time, *_ in expected][:50]


def test_the_services_entries_appear_with_vietnamese_labels_and_local_times(
    trail: WebHome,
) -> None:
    body = _get(trail, "/nhat-ky/?tu=01/10/2024&den=31/10/2024").content.decode()
    assert _page_rows(body) == [
        "06/10/2024 08:45",
        "05/10/2024 10:00",
        "03/10/2024 14:00",
        "03/10/2024 00:30",
        "01/10/2024 09:05",
    ]
    for words in (
        "Tạo mã truy cập API",
        "Thu hồi mã truy cập API",
        "Tạo tài khoản",
        "Sửa tài khoản",
        "Đặt chỉ tiêu riêng",
        "Mã truy cập API",
        "Chỉ tiêu riêng",
        "<span>2024/</span><wbr><span>X1/</span><wbr><span>online_dossiers</span>",  # a long key may break after each /
        # What changed, in short: the renamed account, the new one with its role's label.
        "họ tên: Người Mới → Người Mới Đổi Tên",
        "Tạo mới — tài khoản: moi; vai trò: Người xem; họ tên: Người Mới",
        "chỉ tiêu năm: 65",
        "5 mục từ 01/10/2024 đến 31/10/2024",
    ):
        assert words in body, words
    # The whole state before and after, behind «Chi tiết».
    assert "<details>" in body
    assert "&quot;full_name&quot;: &quot;Người Mới Đổi Tên&quot;" in body


def test_a_day_typed_as_iso_is_shown_back_as_a_vietnamese_day(trail: WebHome) -> None:
    body = _get(trail, "/nhat-ky/?tu=2024-10-03").content.decode()
    assert 'value="03/10/2024"' in body
    assert "từ 03/10/2024" in body


def test_pages_of_fifty_newest_first_cover_every_entry_once(trail: WebHome) -> None:
    from chitieu.app.accounts.services import create_token
    from chitieu.app.audit.models import AuditEntry

    for number in range(85):
        create_token("nguoixem", name=f"máy {number}", actor="vanphong")
    total = AuditEntry.objects.count()
    assert total > 100  # three pages at least
    pages = -(-total // 50)
    seen: list[str] = []
    for number in range(1, pages + 1):
        body = _get(trail, f"/nhat-ky/?trang={number}").content.decode()
        assert f"{total} mục, mới nhất trước. Trang {number}/{pages}." in body
        rows = _page_rows(body)
        assert len(rows) == (50 if number < pages else total - 50 * (pages - 1))
        seen += rows
    assert seen == [time for time, *_ in _expected(lambda e: True)]
    # Page links keep the filters; a page beyond the last shows the last.
    body = _get(trail, "/nhat-ky/?nguoi=vanphong").content.decode()
    assert "?nguoi=vanphong&amp;trang=2" in body
    last = _get(trail, "/nhat-ky/?trang=999").content.decode()
    assert f"Trang {pages}/{pages}." in last


def test_the_csv_export_holds_every_filtered_entry_with_its_states_and_no_formula(
    trail: WebHome,
) -> None:
    from chitieu.app.audit.models import AuditEntry

    rows = _csv(trail, "nguoi=lanhdao")
    assert [r["Thao tác"] for r in rows] == ["Sửa tài khoản", "Đặt chỉ tiêu riêng"]
    override = rows[1]
    # The note a spreadsheet would run is quoted, so it stays text.
    assert override["Ghi chú"] == "'" + FORMULA
    entry = AuditEntry.objects.get(action="targets.override.set")
    assert json.loads(override["Sau (JSON)"]) == entry.after
    assert override["Trước (JSON)"] == ""
    assert override["Đối tượng"] == "Chỉ tiêu riêng"
    renamed = rows[0]
    assert json.loads(renamed["Trước (JSON)"])["full_name"] == "Người Mới"
    assert renamed["Thay đổi"] == "họ tên: Người Mới → Người Mới Đổi Tên"


def test_the_workbook_export_holds_the_same_entries_as_text(trail: WebHome) -> None:
    response = _get(trail, "/nhat-ky/?tu=01/10/2024&xuat=xlsx&bang=nhat-ky")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="chitieu-nhat-ky.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    expected = _expected(lambda e: _local_day(e) >= dt.date(2024, 10, 1))
    assert [(r[0], r[1], r[2], r[4]) for r in values[1:]] == _exported(expected)
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    note = cells["'" + FORMULA]
    assert note.data_type == "s"  # text, not a formula
    assert not any(c.data_type == "f" for c in cells.values())


def test_an_export_beyond_the_limit_keeps_the_newest_and_the_page_says_so(
    trail: WebHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chitieu.app.audit import log

    monkeypatch.setattr(log, "EXPORT_LIMIT", 3)
    rows = _csv(trail, "")
    assert _seen(rows) == _exported(_expected(lambda e: True)[:3])
    body = _get(trail, "/nhat-ky/").content.decode()
    assert "tệp chỉ gồm 3 mục mới nhất" in body


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("tu=32/13/2024", "Từ ngày: hãy viết ngày/tháng/năm (17/03/2024)"),
        ("den=hôm qua", "Đến ngày: hãy viết ngày/tháng/năm (17/03/2024)"),
        ("tu=05/10/2024&den=01/10/2024", "«Từ ngày» phải trước hoặc bằng «Đến ngày»"),
        ("thao_tac=xoa.het", "Thao tác «xoa.het» không có trong danh sách."),
        ("nguoi=ai.do", "Người thực hiện «ai.do» chưa từng thay đổi gì trong nhật ký."),
    ],
)
def test_a_bad_filter_is_a_sentence_beside_the_form(
    trail: WebHome, query: str, sentence: str
) -> None:
    response = _get(trail, f"/nhat-ky/?{query}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chưa lọc được nhật ký:" in body
    assert sentence in body
    assert 'aria-invalid="true"' in body or "«Từ ngày»" in sentence
    assert "<table" not in body
    # An export asked with the same bad filter is the same sentence, not a file.
    exported = _get(trail, f"/nhat-ky/?{query}&xuat=csv&bang=nhat-ky")
    assert exported.status_code == 400
    assert sentence in exported.content.decode()


def test_htmx_swaps_the_entries_and_gets_a_bad_filters_sentence_too(trail: WebHome) -> None:
    swap = {"HX-Request": "true", "HX-Target": "nhat-ky"}
    response = _get(trail, "/nhat-ky/?nguoi=lanhdao", **swap)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="nhat-ky"')
    assert "<html" not in body
    assert len(_page_rows(body)) == 2
    # htmx swaps only a 2xx answer: the sentence of a bad day must still reach the page.
    bad = _get(trail, "/nhat-ky/?tu=31/02/2024", **swap)
    assert bad.status_code == 200
    assert "Từ ngày: hãy viết ngày/tháng/năm" in bad.content.decode()


@pytest.mark.parametrize("username", ["doimoi", "lanhdao", "nguoixem"])
def test_only_the_office_reads_the_log(trail: WebHome, username: str) -> None:
    for url in ("/nhat-ky/", "/nhat-ky/?xuat=csv&bang=nhat-ky"):
        response = _get(trail, url, user=username)
        assert response.status_code == 403
        body = response.content.decode()
        assert "Nhật ký thay đổi chỉ dành cho Văn phòng UBND tỉnh." in body
        assert "Người Mới" not in body
    # Nor does the menu lead there.
    assert 'href="/nhat-ky/"' not in _get(trail, "/?quy=2024-Q3", user=username).content.decode()


def test_the_office_finds_the_log_in_the_menu_and_the_anonymous_sign_in_first(
    trail: WebHome,
) -> None:
    assert 'href="/nhat-ky/"' in _get(trail, "/?quy=2024-Q3").content.decode()
    response = trail.client(None).get("/nhat-ky/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_an_empty_filter_result_says_so(trail: WebHome) -> None:
    body = _get(trail, "/nhat-ky/?ma=khong-co-ma-nay").content.decode()
    assert "Không có mục nào khớp bộ lọc." in body
    assert "0 mục mã chứa «khong-co-ma-nay»" in body
