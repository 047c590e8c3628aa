"""The manual entry page ``/so-lieu/nhap-tay/`` on the hand-computed home (tests/web/conftest.py),
its 2024 target set given two rows of manual indicators: I.1 (``regulation_update``) for every
level, held by D1, D2, H1, X1 and X2; II.12 (``online_documents``) for the departments, held by
D1 and D2. A value entered is read back from the facts store, with its audit entry; every
refusal is a sentence on the page with the store and the trail exactly as they were."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.evaluation.builders import ALL_LEVELS, DEPARTMENTS, TARGETS, target
from tests.web.conftest import WebHome

URL = "/so-lieu/nhap-tay/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture
def manual_home(web: WebHome) -> WebHome:
    """The test home whose target set also holds the two manual indicators' rows."""
    from chitieu.app.targets.services import import_target_set
    from chitieu.domain import TargetSet

    rows = (
        *TARGETS,
        target("I.1", "regulation_update", ALL_LEVELS, 100, (100, 100, 100, 100)),
        target("II.12", "online_documents", DEPARTMENTS, 90, (60, 70, 80, 90)),
    )
    import_target_set(TargetSet("Thử Nghiệm", 2024, rows), actor="test", source_file="m.json")
    return web


def _stored(home: Path) -> list[tuple[Any, ...]]:
    """Every manual value in the facts store, read with a connection of its own."""
    from chitieu.domain import Source
    from chitieu.facts.schema import table_for
    from chitieu.facts.store import open_store

    with open_store(home, read_only=True) as store:
        return sorted(
            store.rows(
                "SELECT unit_code, indicator, period, numerator, denominator, evidence, "
                f"entered_by FROM {table_for(Source.MANUAL).name}"
            )
        )


def _audit() -> list[tuple[str, str, Any, Any]]:
    from chitieu.app.audit.models import AuditEntry

    return [
        (e.actor, e.object_key, e.before, e.after)
        for e in AuditEntry.objects.filter(object_type="manual_value").order_by("id")
    ]


def _form(**changes: Any) -> dict[str, Any]:
    data = {
        "nam": "2024",
        "don_vi": "D1",
        "chi_so": "regulation_update",
        "ky": "2024-Q3",
        "tu_so": "12",
        "mau_so": "15",
        "minh_chung": "Báo cáo số 12/BC-STP ngày 05/10/2024",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _post(web: WebHome, user: str, **changes: Any) -> Any:
    return web.client(user).post(URL, _form(**changes))


def _upload(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_page_offers_the_units_in_scope_holding_a_manual_target(manual_home: WebHome) -> None:
    body = manual_home.client("doimoi").get(URL).content.decode()
    assert 'value="D1"' in body
    assert 'value="D2"' not in body  # outside the focal point's scope
    assert 'value="regulation_update"' in body
    assert 'value="online_documents"' in body
    assert 'value="online_dossiers"' not in body  # computed, not entered
    assert 'value="2024-Q3"' in body
    assert 'value="2024-07"' in body
    assert 'value="2023-Q4"' not in body
    everyone = manual_home.client("vanphong").get(URL).content.decode()
    # I.1 for every level: the heads of each tier; never a division under its committee.
    for code in ("D1", "D2", "H1", "X1", "X2"):
        assert f'value="{code}"' in everyone
    assert 'value="H1P"' not in everyone
    assert 'value="D2A"' not in everyone


def test_a_focal_point_enters_a_value_stored_and_audited(manual_home: WebHome) -> None:
    response = _post(manual_home, "doimoi")
    assert response.status_code == 200, response.content.decode()
    body = response.content.decode()
    assert "Đã lưu" in body
    assert _stored(manual_home.path) == [
        (
            "D1",
            "regulation_update",
            "2024-Q3",
            12,
            15,
            "Báo cáo số 12/BC-STP ngày 05/10/2024",
            "doimoi",
        )
    ]
    [(actor, key, before, after)] = _audit()
    assert (actor, key, before) == ("doimoi", "D1|regulation_update|2024-Q3", None)
    assert (after["numerator"], after["denominator"]) == (12, 15)
    # The unit's values of the year, read back on the page: 12/15 = 80 %.
    assert "80%" in body


def test_the_same_figures_again_change_nothing(manual_home: WebHome) -> None:
    assert _post(manual_home, "doimoi").status_code == 200
    stored, audited = _stored(manual_home.path), _audit()
    again = _post(manual_home, "doimoi")
    assert again.status_code == 200
    assert "Không thay đổi" in again.content.decode()
    assert _stored(manual_home.path) == stored
    assert _audit() == audited


def test_a_replacement_shows_before_and_after(manual_home: WebHome) -> None:
    assert _post(manual_home, "doimoi").status_code == 200
    response = _post(manual_home, "doimoi", tu_so="14")
    body = response.content.decode()
    assert response.status_code == 200
    for said in ("Đã thay số liệu", "Trước", "Sau"):
        assert said in body
    assert [row[3:5] for row in _stored(manual_home.path)] == [(14, 15)]
    entries = _audit()
    assert len(entries) == 2
    assert (entries[1][2]["numerator"], entries[1][3]["numerator"]) == (12, 14)
    # Set back to the first figures: stored again, though that content was imported before.
    assert _post(manual_home, "doimoi").status_code == 200
    assert [row[3:5] for row in _stored(manual_home.path)] == [(12, 15)]


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"tu_so": "16"}, "Tử số lớn hơn mẫu số"),
        ({"tu_so": "mười hai"}, "«mười hai» không phải số nguyên"),
        ({"tu_so": "-3"}, "Số âm"),
        ({"mau_so": ""}, "Hãy ghi mẫu số"),
        ({"tu_so": "1,5"}, "số đếm không viết dấu phẩy"),
        ({"chi_so": "online_dossiers"}, "không phải chỉ số nhập tay"),
        ({"ky": "2023-Q4"}, "không thuộc năm 2024"),
        ({"ky": "2024-Q4", "chi_so": "regulation_update"}, ""),
        ({"minh_chung": ""}, "Hãy ghi văn bản minh chứng"),
    ],
)
def test_bad_input_is_refused_with_its_sentence_and_nothing_stored(
    manual_home: WebHome, changes: dict[str, str], sentence: str
) -> None:
    # A month of a quarter already entered overlaps it: the import's own refusal.
    assert _post(manual_home, "doimoi", ky="2024-07").status_code == 200
    stored, audited = _stored(manual_home.path), _audit()
    if not sentence:
        # A quarter over its month: refused by the import (periods that overlap).
        changes = {"ky": "2024-Q3"}
    response = _post(manual_home, "doimoi", **changes)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error"' in body
    if sentence:
        assert sentence in body
    assert _stored(manual_home.path) == stored
    assert _audit() == audited


def test_a_unit_outside_the_scope_is_refused(manual_home: WebHome) -> None:
    response = _post(manual_home, "doimoi", don_vi="D2")
    assert response.status_code == 403
    assert "Không có quyền xem đơn vị này" in response.content.decode()
    assert manual_home.client("doimoi").get(URL + "?don_vi=X1").status_code == 403
    assert _stored(manual_home.path) == []
    assert _audit() == []


def test_an_indicator_the_unit_holds_no_target_of_is_refused(manual_home: WebHome) -> None:
    response = _post(manual_home, "vanphong", don_vi="X1", chi_so="online_documents")
    assert response.status_code == 400
    assert "không giữ chỉ tiêu" in response.content.decode()
    assert _stored(manual_home.path) == []


@pytest.mark.parametrize("role", ["lanhdao", "nguoixem"])
def test_leaders_and_viewers_may_not_enter(manual_home: WebHome, role: str) -> None:
    client = manual_home.client(role)
    for response in (client.get(URL), client.post(URL, _form(don_vi="X1"))):
        assert response.status_code == 403
        assert "Không có quyền nhập số liệu" in response.content.decode()
    assert _stored(manual_home.path) == []


def test_the_anonymous_are_sent_to_sign_in(manual_home: WebHome) -> None:
    for response in (manual_home.client(None).get(URL), manual_home.client(None).post(URL, {})):
        assert response.status_code == 302
        assert "/tai-khoan/dang-nhap/" in response["Location"]


def test_the_post_needs_its_csrf_token(manual_home: WebHome) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="doimoi"))
    assert client.post(URL, _form()).status_code == 403
    assert _stored(manual_home.path) == []


def _evidence_files(home: Path) -> list[Path]:
    folder = home / "evidence"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.mark.parametrize(
    ("name", "data", "sentence"),
    [
        ("bao-cao.pdf", EXE, "không phải tệp PDF"),
        ("bao-cao.exe", EXE, "không thuộc loại được nhận"),
        ("bao-cao.docx", PDF, "không phải tệp DOCX"),
        ("bao-cao.pdf", PDF + b"x" * 2048, "lớn hơn giới hạn"),
    ],
    ids=["exe-renamed-pdf", "exe", "pdf-renamed-docx", "too-large"],
)
def test_a_wrong_or_too_large_evidence_file_is_refused(
    manual_home: WebHome, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, sentence: str
) -> None:
    from django.conf import settings

    monkeypatch.setattr(settings, "EVIDENCE_MAX_BYTES", 1024, raising=False)
    response = manual_home.client("doimoi").post(URL, {**_form(), "tep": _upload(name, data)})
    assert response.status_code == 400
    assert sentence in response.content.decode()
    assert _stored(manual_home.path) == []
    assert _evidence_files(manual_home.path) == []


def test_a_pdf_is_stored_under_the_home_and_downloaded_only_in_scope(
    manual_home: WebHome,
) -> None:
    import hashlib

    response = manual_home.client("doimoi").post(
        URL, {**_form(minh_chung=""), "tep": _upload("Báo cáo quý III.pdf", PDF)}
    )
    assert response.status_code == 200, response.content.decode()
    digest = hashlib.sha256(PDF).hexdigest()
    relative = f"evidence/2024/D1/{digest}.pdf"
    assert _evidence_files(manual_home.path) == [manual_home.path / relative]
    [row] = _stored(manual_home.path)
    assert relative in row[5]
    link = f"/so-lieu/minh-chung/2024/D1/{digest}.pdf/"
    assert link in response.content.decode()
    for user in ("doimoi", "vanphong"):
        download = manual_home.client(user).get(link)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Type"] == "application/pdf"
        assert download["Cache-Control"] == "private, no-store"
    outside = manual_home.client("lanhdao").get(link)
    assert outside.status_code == 403
    assert manual_home.client(None).get(link).status_code == 302
    # A name that is not a stored file's is no file at all, never a path out of the folder.
    climbing = manual_home.client("vanphong").get("/so-lieu/minh-chung/2024/D1/..%2Fsecret_key/")
    assert climbing.status_code == 404
    assert (
        manual_home.client("vanphong").get(f"/so-lieu/minh-chung/2024/D1/{'0' * 64}.pdf/")
    ).status_code == 404


def test_a_refused_entry_leaves_no_evidence_file(manual_home: WebHome) -> None:
    response = manual_home.client("doimoi").post(
        URL, {**_form(tu_so="99"), "tep": _upload("bc.pdf", PDF)}
    )
    assert response.status_code == 400
    assert "Tử số lớn hơn mẫu số" in response.content.decode()
    assert _evidence_files(manual_home.path) == []


def test_the_indicator_values_follow_an_entry(manual_home: WebHome) -> None:
    from chitieu.facts.store import open_store

    body = _post(manual_home, "doimoi").content.decode()
    assert "Đã tính lại giá trị chỉ số năm 2024" in body
    with open_store(manual_home.path, read_only=True) as store:
        rows = store.rows(
            "SELECT numerator, denominator FROM indicator_values WHERE unit_code = 'D1' "
            "AND indicator = 'regulation_update' AND period = '2024-Q3' AND kind = 'quarter' "
            "AND scope = 'tier'"
        )
    assert rows == [(12, 15)]
