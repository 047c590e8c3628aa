"""The documents' page ``/bao-cao/`` on the hand-computed home (tests/web/conftest.py): each
document downloads with its type and a Vietnamese-safe name and reads back; who may make what;
a unit outside the scope is refused (403); a refusal of the services is a sentence on the page.

In 2024-Q3 the units that miss a milestone are D1 (data reuse) and D2 (online dossiers): the
overview's heat map says so (column «Số mốc không đạt»), apart from the documents' code."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any
from urllib.parse import unquote

import docx
import pytest
from openpyxl import load_workbook

from tests.web.conftest import WebHome

Q3 = "2024-Q3"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WINDOW = "tu=2024-07-01&den=2024-09-30"


def _get(web: WebHome, user: str, url: str) -> Any:
    return web.client(user).get(url)


def _file_name(response: Any) -> tuple[str, str]:
    """The ASCII fallback and the RFC 5987 name of an attachment."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment; ")
    fallback = re.search(r'filename="([^"]+)"', header)
    named = re.search(r"filename\*=UTF-8''(\S+)", header)
    assert fallback is not None, header
    assert named is not None, header
    assert fallback.group(1).isascii()
    return fallback.group(1), unquote(named.group(1))


def _sentences(response: Any) -> list[str]:
    return re.findall(r'class="(?:error|notice)"[^>]*>([^<]+)<', response.content.decode())


def _lagging(web: WebHome, user: str) -> set[str]:
    """The units in ``user``'s scope that miss a milestone of Q3, from the overview's heat map."""
    body = _get(web, user, f"/?quy={Q3}&xuat=csv&bang=ban-do-nhiet").content.decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(body))
    return {
        row["Đơn vị"].rsplit("(", 1)[1].rstrip(")")
        for row in rows
        if int(row["Số mốc không đạt"]) > 0
    }


def test_the_quarterly_report_in_word_names_its_quarter(web: WebHome) -> None:
    response = _get(web, "vanphong", f"/bao-cao/quy/?quy={Q3}&dang=docx")
    assert response.status_code == 200
    assert response["Content-Type"] == WORD
    assert _file_name(response) == (
        "bao-cao-quy-iii-nam-2024.docx",
        "Báo cáo quý III năm 2024.docx",
    )
    document = docx.Document(io.BytesIO(response.content))
    text = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện chỉ tiêu được giao quý III năm 2024" in text


def test_the_quarterly_workbook_opens_and_a_viewer_gets_it_too(web: WebHome) -> None:
    response = _get(web, "nguoixem", f"/bao-cao/quy/?quy={Q3}&dang=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == EXCEL
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 2
    cells = [str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert any("Sở Tư pháp" in c for c in cells)


def test_without_libreoffice_the_page_says_so(
    web: WebHome, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("CHITIEU_SOFFICE", str(tmp_path / "no-soffice"))
    page = _get(web, "vanphong", f"/bao-cao/?quy={Q3}").content.decode()
    assert 'value="pdf" disabled' in page
    assert "Máy chủ chưa cài LibreOffice" in page
    response = _get(web, "vanphong", f"/bao-cao/quy/?quy={Q3}&dang=pdf")
    assert response.status_code == 400
    assert any("chưa cài LibreOffice" in s for s in _sentences(response))


def test_the_adhoc_report_of_a_unit_in_scope_downloads(web: WebHome) -> None:
    response = _get(web, "lanhdao", f"/bao-cao/dot-xuat/?don_vi=H1&{WINDOW}&dang=docx")
    assert response.status_code == 200
    assert response["Content-Type"] == WORD
    fallback, named = _file_name(response)
    assert named == "Báo cáo đột xuất UBND huyện Một từ 01-07-2024 đến 30-09-2024.docx"
    assert fallback == "bao-cao-dot-xuat-ubnd-huyen-mot-tu-01-07-2024-den-30-09-2024.docx"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "từ ngày 01/07/2024 đến ngày 30/09/2024" in text
    workbook = _get(web, "lanhdao", f"/bao-cao/dot-xuat/?don_vi=X1&{WINDOW}&dang=xlsx")
    assert workbook.status_code == 200
    assert workbook["Content-Type"] == EXCEL
    load_workbook(io.BytesIO(workbook.content))


def test_the_adhoc_report_of_a_unit_outside_the_scope_is_refused(web: WebHome) -> None:
    for user, outside in (("lanhdao", "D1"), ("doimoi", "H1"), ("doimoi", "P")):
        response = _get(web, user, f"/bao-cao/dot-xuat/?don_vi={outside}&{WINDOW}&dang=docx")
        assert response.status_code == 403, (user, outside)
        assert "Không có quyền xem đơn vị này" in response.content.decode()


def test_a_window_ending_before_it_starts_is_a_sentence(web: WebHome) -> None:
    url = "/bao-cao/dot-xuat/?don_vi=H1&tu=2024-09-30&den=2024-07-01&dang=docx"
    response = _get(web, "vanphong", url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert _sentences(response) == [
        "Ngày kết thúc 01/07/2024 trước ngày bắt đầu 30/09/2024: hãy chọn ngày kết thúc trùng "
        "hoặc sau ngày bắt đầu."
    ]
    # The form keeps what was chosen, so that only the day needs changing.
    assert 'value="2024-09-30"' in response.content.decode()


def test_a_refusal_of_the_services_is_its_sentence_not_a_traceback(web: WebHome) -> None:
    # 2023 has no target set: the ad hoc report of a window in 2023 is refused in one sentence.
    url = "/bao-cao/dot-xuat/?don_vi=H1&tu=2023-03-01&den=2023-03-31&dang=xlsx"
    response = _get(web, "vanphong", url)
    assert response.status_code == 400
    [sentence] = _sentences(response)
    assert sentence.startswith("Chưa có bộ chỉ tiêu năm 2023")
    assert "Traceback" not in response.content.decode()


def test_a_day_typed_by_hand_is_read(web: WebHome) -> None:
    url = "/bao-cao/dot-xuat/?don_vi=X1&tu=01/07/2024&den=30/09/2024&dang=xlsx"
    assert _get(web, "doimoi", url).status_code == 403  # X1 is not the focal point's
    assert _get(web, "lanhdao", url).status_code == 200


@pytest.mark.parametrize("user", ["vanphong", "doimoi", "lanhdao"])
def test_the_letters_hold_one_letter_per_lagging_unit_in_scope(web: WebHome, user: str) -> None:
    expected = _lagging(web, user)
    response = _get(web, user, f"/bao-cao/cong-van/?quy={Q3}")
    assert response.status_code == 200
    if not expected:
        # UBND huyện Một and its communes meet every milestone: no letter, said on the page.
        assert response["Content-Type"].startswith("text/html")
        assert _sentences(response) == [
            "Mọi đơn vị trong phạm vi của bạn đạt mọi mốc của Quý III/2024: không có công văn nào."
        ]
        return
    assert response["Content-Type"] == "application/zip"
    assert _file_name(response)[1] == "Công văn đôn đốc quý III năm 2024.zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    letters = [n for n in names if n.endswith(".docx")]
    assert {n.split("-")[1].upper() for n in letters} == expected
    assert len(letters) == len(expected)
    # Numbered from 1 among the account's own letters; the list of letters beside them.
    assert sorted(int(n.split("-")[0]) for n in letters) == list(range(1, len(letters) + 1))
    assert "danh-sach-cong-van-2024-q3.xlsx" in names


def test_the_letters_cover_the_scope_the_focal_point_included(web: WebHome) -> None:
    assert _lagging(web, "vanphong") == {"D1", "D2"}
    assert _lagging(web, "doimoi") == {"D1"}
    assert _lagging(web, "lanhdao") == set()


def test_a_letter_to_one_unit_and_numbered(web: WebHome) -> None:
    response = _get(web, "vanphong", f"/bao-cao/cong-van/?quy={Q3}&don_vi=D2&so_dau=41")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert [n for n in names if n.endswith(".docx")] == ["1-d2-so-noi-vu.docx"]
    letter = zipfile.ZipFile(io.BytesIO(response.content)).read("1-d2-so-noi-vu.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter)).paragraphs)
    tables = docx.Document(io.BytesIO(letter)).tables
    cells = "\n".join(c.text for t in tables for r in t.rows for c in r.cells)
    assert "41" in text + cells
    # The letters of a unit outside the scope: refused.
    assert _get(web, "doimoi", f"/bao-cao/cong-van/?quy={Q3}&don_vi=D2").status_code == 403


def test_a_viewer_gets_the_quarterly_report_and_nothing_else(web: WebHome) -> None:
    page = _get(web, "nguoixem", f"/bao-cao/?quy={Q3}").content.decode()
    assert "Tải về báo cáo quý" in page
    assert "Tải về công văn" not in page
    assert "Tải về báo cáo đột xuất" not in page
    assert "Tải về dự thảo" not in page
    for url in (
        f"/bao-cao/cong-van/?quy={Q3}",
        f"/bao-cao/dot-xuat/?don_vi=H1&{WINDOW}&dang=docx",
        "/bao-cao/du-thao/?nam=2025&dang=docx",
    ):
        response = _get(web, "nguoixem", url)
        assert response.status_code == 403, url
        assert "Không có quyền lập văn bản này" in response.content.decode()


def test_the_draft_is_the_offices_alone(web: WebHome) -> None:
    response = _get(web, "vanphong", "/bao-cao/du-thao/?nam=2025&dang=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == EXCEL
    assert _file_name(response)[1] == "Dự thảo quyết định giao chỉ tiêu năm 2025.xlsx"
    load_workbook(io.BytesIO(response.content))
    for user in ("doimoi", "lanhdao", "nguoixem"):
        assert _get(web, user, "/bao-cao/du-thao/?nam=2025&dang=docx").status_code == 403
    # A unit's accounts get the ad hoc report and the letters, not the province's report.
    page = _get(web, "lanhdao", f"/bao-cao/?quy={Q3}").content.decode()
    assert "Tải về báo cáo đột xuất" in page
    assert "Tải về công văn" in page
    assert "Tải về báo cáo quý" not in page
    assert "Tải về dự thảo" not in page
    assert _get(web, "lanhdao", f"/bao-cao/quy/?quy={Q3}&dang=docx").status_code == 403


def test_the_units_offered_are_those_in_scope(web: WebHome) -> None:
    page = _get(web, "lanhdao", f"/bao-cao/?quy={Q3}").content.decode()
    offered = set(re.findall(r'<option value="([A-Z0-9]+)"', page))
    assert offered == {"H1", "H1P", "X1", "X2"}
    office = _get(web, "vanphong", f"/bao-cao/?quy={Q3}").content.decode()
    assert set(re.findall(r'<option value="([A-Z0-9]+)"', office)) >= {"P", "D1", "D2A", "X2"}


def test_a_bad_choice_is_a_sentence(web: WebHome) -> None:
    response = _get(web, "vanphong", f"/bao-cao/quy/?quy={Q3}&dang=odt")
    assert response.status_code == 400
    assert any("Loại tệp: «odt» không có trong danh sách" in s for s in _sentences(response))
    response = _get(web, "vanphong", f"/bao-cao/dot-xuat/?don_vi=KHONG&{WINDOW}&dang=docx")
    assert response.status_code == 400
    assert any("Đơn vị: «KHONG» không có trong danh sách" in s for s in _sentences(response))
