"""The decision import page ``/chi-tieu/nhap-quyet-dinh/`` on the hand-computed home
(tests/web/conftest.py, the province «Thử Nghiệm», a small 2024 set already stored): upload →
preview → confirm stores through the command line's service, audited; a refusal stores nothing;
another province needs the explicit confirmation; only the office imports.

The decision uploaded is the bundled Bình Phước decision with its province's name replaced by
the test province's: the same annex, for this tree."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.conftest import WebHome

ADDRESS = "/chi-tieu/nhap-quyet-dinh/"
Q2_OF_II_4 = "90%\t50%\t65%\t80%\t90%"
"""The departments' row of task II.4 in the bundled text (annual, Q1..Q4)."""


@pytest.fixture
def decision_text(bundled_decision: Path) -> str:
    """The bundled decision, of the test province."""
    text = bundled_decision.read_text(encoding="utf-8")
    return text.replace("Bình Phước", "Thử Nghiệm").replace("BÌNH PHƯỚC", "THỬ NGHIỆM")


def _upload(web: WebHome, data: bytes | str, name: str, user: str = "vanphong") -> Any:
    body = data.encode("utf-8") if isinstance(data, str) else data
    client = web.client(user)
    response = client.post(ADDRESS, {"tep": SimpleUploadedFile(name, body)})
    return client, response


def _sha256(response: Any) -> str:
    found = re.search(r'name="sha256" value="([0-9a-f]{64})"', response.content.decode())
    assert found is not None, response.content.decode()[:2000]
    return found.group(1)


def _text(response: Any) -> str:
    """The page's words, tags removed, spaces squeezed."""
    body = re.sub(r"<style>.*?</style>", " ", response.content.decode(), flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _state() -> tuple[list[tuple[int, int, str, bool]], int]:
    """The stored target set versions (id, year, checksum, current) and the audit entries."""
    from chitieu.app.audit.models import AuditEntry
    from chitieu.app.targets.models import TargetSetVersion

    versions = [
        (v.pk, v.year, v.checksum, v.superseded_at is None)
        for v in TargetSetVersion.objects.order_by("pk")
    ]
    return versions, AuditEntry.objects.count()


def _uploads(web: WebHome) -> list[Path]:
    folder = web.path / "tmp" / "uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_upload_preview_confirm_stores_the_set_with_its_audit_entry(
    web: WebHome, decision_text: str
) -> None:
    from chitieu.app.audit.models import AuditEntry
    from chitieu.app.targets.services import current_target_set
    from chitieu.catalog import load_catalogue
    from chitieu.decisions import read_decision

    client, response = _upload(web, decision_text, "quyet-dinh.txt")
    assert response.status_code == 200
    page = _text(response)
    assert "Xem trước bộ chỉ tiêu năm 2024" in page
    assert "tỉnh Thử Nghiệm" in page
    assert "Chưa lưu gì" in page
    # Rows checked against the file by hand: II.3 for departments 80% with 50/60/70/80%, the
    # communes' 60% with 30/40/50/60%; II.4's departments 90% with 50/65/80/90%.
    assert "80% 50% 60% 70% 80%" in page
    assert "60% 30% 40% 50% 60%" in page
    assert "90% 50% 65% 80% 90%" in page
    assert "Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ" in page
    # The stored test set differs: the page lists what the import changes.
    assert "So với bộ chỉ tiêu đang áp dụng" in page
    assert "Thêm" in page
    # The upload is kept privately, named by its content.
    sha256 = _sha256(response)
    assert sha256 == hashlib.sha256(decision_text.encode("utf-8")).hexdigest()
    [kept] = _uploads(web)
    assert kept.name == f"{sha256}.txt"
    assert kept.stat().st_mode & 0o077 == 0
    before, entries = _state()

    response = client.post(ADDRESS, {"sha256": sha256})
    assert response.status_code == 200
    page = _text(response)
    assert "Đã lưu bộ chỉ tiêu năm 2024" in page
    assert "?quy=2024-" in response.content.decode()
    after, entries_after = _state()
    assert len(after) == len(before) + 1
    assert entries_after == entries + 1
    stored = current_target_set(2024)
    path = kept.parent / "doc.txt"
    path.write_text(decision_text, encoding="utf-8")
    # The text names no province the reader knows: it is read as of the tree's, as
    # ``chitieu decision import --province`` would.
    expected = read_decision(path, load_catalogue(), province="Thử Nghiệm").target_set
    assert stored == expected
    assert stored is not None
    assert len(stored.targets) == 21
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry is not None
    assert entry.actor == "vanphong"
    assert entry.object_key == "2024"
    assert "quyet-dinh.txt" in entry.note
    # The stored copy is gone once stored; confirming it again finds nothing.
    assert not (kept.parent / f"{sha256}.txt").exists()
    again = client.post(ADDRESS, {"sha256": sha256})
    assert again.status_code == 404
    assert _state() == (after, entries_after)


def test_an_identical_reimport_changes_nothing(web: WebHome, decision_text: str) -> None:
    client, response = _upload(web, decision_text, "quyet-dinh.txt")
    client.post(ADDRESS, {"sha256": _sha256(response)})
    stored = _state()
    client, response = _upload(web, decision_text, "quyet-dinh-lan-2.txt")
    assert "lưu lại sẽ không thay đổi gì" in _text(response)
    response = client.post(ADDRESS, {"sha256": _sha256(response)})
    assert response.status_code == 200
    assert "không thay đổi gì" in _text(response)
    assert "không đổi" in _text(response)
    assert _state() == stored


def test_a_changed_milestone_is_shown_as_a_change(web: WebHome, decision_text: str) -> None:
    client, response = _upload(web, decision_text, "quyet-dinh.txt")
    client.post(ADDRESS, {"sha256": _sha256(response)})
    variant = decision_text.replace(Q2_OF_II_4, "90%\t50%\t66,5%\t80%\t90%")
    assert variant != decision_text
    _, response = _upload(web, variant, "quyet-dinh-sua.txt")
    page = _text(response)
    assert "Khác bộ chỉ tiêu đang áp dụng ở 1 dòng" in page
    assert "Quý II: 65% → 66,5%" in page


@pytest.mark.parametrize(
    ("name", "data", "sentence"),
    [
        ("quyet-dinh.docx", b"\x7fELF\x02\x01\x01" + b"\0" * 200, "không phải tệp DOCX thật"),
        ("quyet-dinh.xlsx", b"MZ\x90\0" + b"\0" * 200, "không phải tệp XLSX thật"),
        ("rong.txt", b"", "Tệp rỗng"),
        ("thu.txt", "Kính gửi các sở, ngành.\nKhông có phụ lục.\n", "không tìm thấy bảng phụ lục"),
        ("quyet-dinh.exe", b"MZ\x90\0", "không phải loại được nhận"),
        ("quyet-dinh.pdf", b"%PDF-1.4\n", "không phải loại được nhận"),
        ("quyet-dinh", b"hello", "không phải loại được nhận"),
    ],
)
def test_a_bad_file_is_a_sentence_and_stores_nothing(
    web: WebHome, name: str, data: bytes | str, sentence: str
) -> None:
    before = _state()
    _, response = _upload(web, data, name)
    assert response.status_code == 400
    assert sentence in _text(response)
    assert 'name="sha256"' not in response.content.decode()
    assert _state() == before
    assert _uploads(web) == []


def test_a_zip_that_is_no_office_document_is_the_readers_sentence(web: WebHome) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    before = _state()
    _, response = _upload(web, buffer.getvalue(), "quyet-dinh.docx")
    assert response.status_code == 400
    page = _text(response)
    assert "Không đọc được tệp «quyet-dinh.docx»; chưa lưu gì." in page
    # The place names the file as uploaded, not the server's copy.
    assert "quyet-dinh.docx: tệp nén không phải văn bản Word" in page
    assert _state() == before


def test_an_ambiguous_percent_is_refused_with_its_place(web: WebHome, decision_text: str) -> None:
    broken = decision_text.replace(Q2_OF_II_4, "90%\t50%\tsáu lăm\t80%\t90%")
    before = _state()
    _, response = _upload(web, broken, "quyet-dinh.txt")
    assert response.status_code == 400
    page = _text(response)
    assert "quyet-dinh.txt, dòng" in page
    assert _state() == before


def test_a_decision_of_another_province_needs_the_explicit_confirmation(
    web: WebHome, bundled_decision: Path
) -> None:
    from chitieu.app.targets.services import current_target_set

    client, response = _upload(web, bundled_decision.read_bytes(), "binh-phuoc.txt")
    assert response.status_code == 200
    page = _text(response)
    assert "Tỉnh khác:" in page
    assert "tỉnh Bình Phước" in page
    assert "tỉnh Thử Nghiệm" in page
    assert 'name="tinh_khac"' in response.content.decode()
    sha256 = _sha256(response)
    before = _state()
    response = client.post(ADDRESS, {"sha256": sha256})
    assert response.status_code == 400
    assert "chỉ được lưu khi đánh dấu ô xác nhận" in _text(response)
    assert _state() == before
    response = client.post(ADDRESS, {"sha256": sha256, "tinh_khac": "on"})
    assert response.status_code == 200
    assert "Đã lưu bộ chỉ tiêu năm 2024" in _text(response)
    stored = current_target_set(2024)
    assert stored is not None
    assert stored.province == "Bình Phước"


def test_a_same_province_decision_shows_no_confirmation(web: WebHome, decision_text: str) -> None:
    _, response = _upload(web, decision_text, "quyet-dinh.txt")
    assert 'name="tinh_khac"' not in response.content.decode()
    assert "Tỉnh khác:" not in _text(response)


@pytest.mark.parametrize("user", ["doimoi", "lanhdao", "nguoixem"])
def test_other_roles_are_refused(web: WebHome, decision_text: str, user: str) -> None:
    response = web.client(user).get(ADDRESS)
    assert response.status_code == 403
    assert "Không có quyền nhập quyết định" in _text(response)
    before = _state()
    _, response = _upload(web, decision_text, "quyet-dinh.txt", user=user)
    assert response.status_code == 403
    assert _state() == before
    assert _uploads(web) == []


def test_the_office_sees_the_form_and_the_menu_link(web: WebHome) -> None:
    response = web.client("vanphong").get(ADDRESS)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'accept=".txt,.md,.docx,.xlsx"' in body
    assert 'href="/chi-tieu/nhap-quyet-dinh/"' in web.client("vanphong").get("/").content.decode()
    assert 'href="/chi-tieu/nhap-quyet-dinh/"' not in web.client("doimoi").get("/").content.decode()


@pytest.mark.parametrize("sha256", ["0" * 64, "not-a-checksum", ""])
def test_a_forged_checksum_is_refused_and_stores_nothing(
    web: WebHome, decision_text: str, sha256: str
) -> None:
    client, response = _upload(web, decision_text, "quyet-dinh.txt")
    before = _state()
    response = client.post(ADDRESS, {"sha256": sha256})
    assert response.status_code in (400, 404)
    assert "Chưa lưu gì" in _text(response)
    assert _state() == before


def test_another_sessions_upload_cannot_be_confirmed(web: WebHome, decision_text: str) -> None:
    _, response = _upload(web, decision_text, "quyet-dinh.txt")
    sha256 = _sha256(response)
    before = _state()
    response = web.client("vanphong").post(ADDRESS, {"sha256": sha256})
    assert response.status_code == 404
    assert _state() == before


def test_a_file_over_the_limit_is_refused(
    web: WebHome, decision_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.conf import settings

    monkeypatch.setattr(settings, "DECISION_UPLOAD_MAX_BYTES", 1024, raising=False)
    before = _state()
    _, response = _upload(web, decision_text, "quyet-dinh.txt")
    assert response.status_code in (400, 413)
    assert "lớn hơn" in _text(response)
    assert _state() == before
