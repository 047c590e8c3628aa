"""``POST /api/v1/dossiers``: the file import of ``chitieu ingest dossiers`` on a posted array —
stored whole or not at all, the same array twice changes nothing, every problem named by its
record number, writes kept inside the token's scope and to the roles that load data, audited,
rate-limited per token."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from tests.web.conftest import WebHome

URL = "/api/v1/dossiers"


def _token(username: str) -> str:
    from chitieu.app.accounts.services import create_token

    return create_token(username, name="thử", actor="test")


def _post(web: WebHome, body: Any, token: str | None, *, raw: bool = False) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = body if raw else json.dumps(body, ensure_ascii=False)
    return web.client(None).post(URL, data=data, content_type="application/json", headers=headers)


def _canonical(code: str, unit: str = "D1", **changes: str) -> dict[str, str]:
    record = {
        "dossier_code": code,
        "procedure_code": "1.001",
        "unit_code": unit,
        "channel": "online",
        "received_at": "2024-08-05T09:00:00",
        "due_at": "2024-08-12T17:00:00",
        "finished_at": "2024-08-09T10:00:00",
        "status": "10",
    }
    return {**record, **changes}


def _national(code: str, unit: str = "Sở Tư pháp", **changes: str) -> dict[str, Any]:
    """A ``HoSoDongBoDVC`` object as the sync service sends it (``dvcqg/DOSSIER_FORMAT.md``)."""
    record: dict[str, Any] = {
        "MaHoSo": code,
        "MaTTHC": "2.000815",
        "KenhThucHien": "2",
        "NgayTiepNhan": "20240805090000",
        "NgayHenTra": "20240812170000",
        "NgayKetThucXuLy": "20240809100000",
        "NgayTra": "20240809150000",
        "TrangThaiHoSo": "10",
        "DonViXuLy": unit,
        "TaiLieuNop": [{"TenTepDinhKem": "Đơn", "IsDeleted": "0", "DuocSoHoa": "1"}],
    }
    return {**record, **changes}


def _dossiers(home: Path) -> list[tuple[Any, ...]]:
    from chitieu.facts.store import open_store, store_exists

    if not store_exists(home):
        return []
    with open_store(home, read_only=True) as store:
        if not store.has_table("dossiers"):
            return []
        return store.rows(
            "SELECT dossier_code, unit_code, channel, status, components_digitized "
            "FROM dossiers ORDER BY dossier_code"
        )


def _history(home: Path) -> list[Any]:
    from chitieu.facts.store import open_store, store_exists

    if not store_exists(home):
        return []
    with open_store(home, read_only=True) as store:
        return store.history()


def _entries() -> list[Any]:
    from chitieu.app.audit.models import AuditEntry

    return list(AuditEntry.objects.filter(action="data.dossiers.api_import").order_by("id"))


def test_a_canonical_array_is_stored_and_audited_with_the_actor(web: WebHome) -> None:
    posted = [_canonical("HS-1"), _canonical("HS-2", channel="counter")]
    response = _post(web, posted, _token("vanphong"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["records"], body["rows_new"], body["rows_replaced"], body["skipped"]) == (
        2,
        2,
        0,
        False,
    )
    assert body["computed"] is False
    assert "chitieu compute" in body["next_step"]
    assert _dossiers(web.path) == [
        ("HS-1", "D1", "online", 10, False),
        ("HS-2", "D1", "counter", 10, False),
    ]
    [imported] = _history(web.path)
    assert (imported.actor, imported.file, imported.id) == (
        "api:vanphong",
        "api-v1-dossiers.json",
        body["import_id"],
    )
    [entry] = _entries()
    assert (entry.actor, entry.object_key) == ("api:vanphong", str(body["import_id"]))
    assert entry.after["rows_new"] == 2


def test_a_national_array_is_stored_its_unit_found_by_name(web: WebHome) -> None:
    response = _post(web, [_national("000.00.01.H01-240805-0001")], _token("doimoi"))
    assert response.status_code == 200, response.content
    assert response.json()["rows_new"] == 1
    assert _dossiers(web.path) == [("000.00.01.H01-240805-0001", "D1", "online", 10, True)]


def test_the_same_array_twice_changes_nothing_and_a_new_version_replaces(web: WebHome) -> None:
    token = _token("vanphong")
    posted = [_canonical("HS-1"), _canonical("HS-2")]
    assert _post(web, posted, token).status_code == 200
    stored, history, entries = _dossiers(web.path), _history(web.path), len(_entries())
    again = _post(web, posted, token)
    assert again.status_code == 200
    body = again.json()
    assert body["skipped"] is True
    assert (body["rows_new"], body["rows_replaced"], body["rows_unchanged"]) == (0, 0, 2)
    assert body["import_id"] == history[0].id
    assert _dossiers(web.path) == stored
    assert _history(web.path) == history
    assert len(_entries()) == entries
    # The same dossiers, one of them at a later status: replaced, the other unchanged.
    changed = _post(web, [_canonical("HS-1", status="4", finished_at=""), posted[1]], token)
    assert changed.json()["rows_replaced"] == 1
    assert changed.json()["rows_unchanged"] == 1
    assert _dossiers(web.path)[0] == ("HS-1", "D1", "online", 4, False)


@pytest.mark.parametrize(
    ("record", "column", "value", "reason"),
    [
        (
            _canonical("HS-9", received_at="2024-02-30T09:00:00"),
            "received_at",
            "2024-02-30T09:00:00",
            "ngày giờ",
        ),
        (_canonical("HS-9", status="12"), "status", "12", "trạng thái"),
        (
            _canonical("HS-9", finished_at="2031-01-01T10:00:00"),
            "finished_at",
            "2031-01-01T10:00:00",
            "tương lai",
        ),
        (_national("HS-9", TrangThaiHoSo="99"), "TrangThaiHoSo", "99", "trạng thái"),
    ],
    ids=["impossible-date", "unknown-status", "future-finish", "national-status"],
)
def test_a_bad_record_is_422_naming_its_number_and_column_and_nothing_changes(
    web: WebHome, record: dict[str, Any], column: str, value: str, reason: str
) -> None:
    token = _token("vanphong")
    shape = _national if "MaHoSo" in record else _canonical
    assert _post(web, [shape("HS-0")], token).status_code == 200
    stored, history = _dossiers(web.path), _history(web.path)
    response = _post(web, [shape("HS-0", status="4"), shape("HS-8"), record], token)
    assert response.status_code == 422, response.content
    body = response.json()
    assert "không lưu" in body["detail"]
    [error] = [e for e in body["errors"] if e["record"] == 3]
    assert (error["column"], error["value"]) == (column, value)
    assert reason in error["reason"]
    assert _dossiers(web.path) == stored
    assert _history(web.path) == history


def test_an_unknown_unit_is_422_and_an_empty_array_too(web: WebHome) -> None:
    token = _token("vanphong")
    unknown = _post(web, [_canonical("HS-1", unit="70.KHONG")], token)
    assert unknown.status_code == 422
    [error] = unknown.json()["errors"]
    assert (error["record"], error["column"], error["value"]) == (1, "unit_code", "70.KHONG")
    empty = _post(web, [], token)
    assert empty.status_code == 422
    assert empty.json()["errors"] == []
    assert _dossiers(web.path) == []


@pytest.mark.parametrize(
    "body",
    ['{"dossier_code": "HS-1"}', "[{", "khong phai json", '"mot chuoi"', "\xff\xfe"],
    ids=["object", "cut", "text", "string", "bytes"],
)
def test_a_body_that_is_no_json_array_is_400(web: WebHome, body: str) -> None:
    response = _post(web, body.encode("latin-1"), _token("vanphong"), raw=True)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Nội dung gửi lên")
    assert _dossiers(web.path) == []


def test_too_many_records_are_refused_with_a_sentence(
    web: WebHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chitieu.app.api import api

    monkeypatch.setattr(api, "MAX_RECORDS", 2)
    response = _post(web, [_canonical(f"HS-{n}") for n in range(3)], _token("vanphong"))
    assert response.status_code == 413
    assert "tối đa 2 hồ sơ" in response.json()["detail"]
    monkeypatch.setattr(api, "MAX_BODY_BYTES", 100)
    too_big = _post(web, [_canonical("HS-1")], _token("vanphong"))
    assert too_big.status_code == 413
    assert "quá lớn" in too_big.json()["detail"]
    assert _dossiers(web.path) == []


def test_a_unit_outside_the_scope_is_403_with_the_units_named_and_nothing_written(
    web: WebHome,
) -> None:
    token = _token("doimoi")  # D1's focal point
    posted = [
        _canonical("HS-1"),
        _canonical("HS-2", unit="D2"),
        _canonical("HS-3", unit="UBND xã Một"),
        _canonical("HS-4", unit="D2"),
    ]
    response = _post(web, posted, token)
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "«D2» (bản ghi 2, 4)" in detail
    assert "«X1» (bản ghi 3)" in detail
    national = _post(web, [_national("HS-5", unit="Sở Nội vụ")], token)
    assert national.status_code == 403
    assert "«D2»" in national.json()["detail"]
    assert _dossiers(web.path) == []
    assert _history(web.path) == []
    assert _entries() == []


@pytest.mark.parametrize("username", ["lanhdao", "nguoixem"])
def test_a_leader_or_a_viewer_may_not_write(web: WebHome, username: str) -> None:
    response = _post(web, [_canonical("HS-1", unit="X1")], _token(username))
    assert response.status_code == 403
    assert "chỉ được xem" in response.json()["detail"]
    assert _dossiers(web.path) == []


def test_no_token_or_a_wrong_one_is_401(web: WebHome) -> None:
    assert _post(web, [_canonical("HS-1")], None).status_code == 401
    assert _post(web, [_canonical("HS-1")], "khong-dung").status_code == 401
    assert _dossiers(web.path) == []


def test_writes_beyond_the_rate_limit_are_429_with_retry_after(web: WebHome) -> None:
    from django.core.cache import cache

    cache.clear()
    token, other = _token("vanphong"), _token("doimoi")
    with override_settings(API_WRITE_RATE_LIMIT=2):
        _rate_limited(web, token, other)
    cache.clear()


def _rate_limited(web: WebHome, token: str, other: str) -> None:
    assert _post(web, [_canonical("HS-1")], token).status_code == 200
    assert _post(web, [_canonical("HS-1")], token).status_code == 200
    refused = _post(web, [_canonical("HS-2")], token)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "thử lại sau" in refused.json()["detail"]
    assert [row[0] for row in _dossiers(web.path)] == ["HS-1"]
    # Counted per token: another token still writes.
    assert _post(web, [_canonical("HS-3")], other).status_code == 200


def test_the_schema_shows_the_endpoint_with_its_body_and_answers(web: WebHome) -> None:
    schema = web.client("vanphong").get("/api/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["type"] == "array"
    assert {"200", "400", "403", "413", "422", "429", "503"} <= set(operation["responses"])
    refs = json.dumps(operation["responses"])
    assert "DossierImportOut" in refs
    assert "RowErrorsOut" in refs


def test_a_busy_store_is_503_with_retry_after_and_nothing_written(web: WebHome) -> None:
    from chitieu.facts.store import open_store

    # A page or a read of the API holding the embedded store open in this process.
    with open_store(web.path, read_only=True):
        response = _post(web, [_canonical("HS-1")], _token("vanphong"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "gửi lại" in response.json()["detail"]
    assert _dossiers(web.path) == []
    assert _entries() == []


def test_a_refused_post_into_a_home_without_facts_leaves_none(web: WebHome) -> None:
    import shutil

    from chitieu.facts.store import FACTS_FILE, SCRATCH_DIR

    (web.path / FACTS_FILE).unlink()
    shutil.rmtree(web.path / SCRATCH_DIR, ignore_errors=True)
    response = _post(web, [_canonical("HS-1", status="12")], _token("vanphong"))
    assert response.status_code == 422
    assert not (web.path / FACTS_FILE).exists()
    assert not (web.path / SCRATCH_DIR).exists()
    assert _post(web, [_canonical("HS-1")], _token("vanphong")).status_code == 200
    assert _dossiers(web.path) == [("HS-1", "D1", "online", 10, False)]
