"""The API's read side: bearer tokens (hashed, revocable, audited), the same unit scope as the
pages, the figures of the hand-computed home, the OpenAPI schema served without a CDN."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import WebHome


def _token(username: str) -> str:
    from chitieu.app.accounts.services import create_token

    return create_token(username, name="thử", actor="test")


def _get(web: WebHome, url: str, token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return web.client(None).get(url, headers=headers)


def test_a_token_is_stored_hashed_and_its_creation_audited(web: WebHome) -> None:
    from chitieu.app.accounts.models import ApiToken
    from chitieu.app.audit.models import AuditEntry

    token = _token("doimoi")
    stored = ApiToken.objects.get()
    assert token not in (stored.digest, stored.prefix)
    assert stored.prefix == token[:8]
    assert AuditEntry.objects.filter(action="accounts.token.create", object_key=token[:8]).exists()


def test_no_token_a_wrong_one_or_a_revoked_one_is_refused(web: WebHome) -> None:
    from chitieu.app.accounts.services import revoke_token

    assert _get(web, "/api/v1/units", None).status_code == 401
    assert _get(web, "/api/v1/units", "khong-dung").status_code == 401
    token = _token("vanphong")
    assert _get(web, "/api/v1/units", token).status_code == 200
    revoke_token(token[:8], actor="test")
    assert _get(web, "/api/v1/units", token).status_code == 401


@pytest.mark.parametrize(
    ("username", "units"),
    [
        ("vanphong", {"P", "D1", "D2", "D2A", "DOLD", "H1", "H1P", "X1", "X2"}),
        ("doimoi", {"D1"}),
        ("lanhdao", {"H1", "H1P", "X1", "X2"}),
    ],
)
def test_units_are_those_of_the_tokens_scope(web: WebHome, username: str, units: set[str]) -> None:
    body = _get(web, "/api/v1/units?limit=100", _token(username)).json()
    assert {u["code"] for u in body["items"]} == units
    assert body["count"] == len(units)


def test_status_of_the_hand_computed_home(web: WebHome) -> None:
    token = _token("vanphong")
    body = _get(web, "/api/v1/status?quarter=Quý III/2024&limit=100", token).json()
    rows = {(r["unit_code"], r["indicator"]): r for r in body["items"]}
    d2 = rows[("D2", "online_dossiers")]
    assert (d2["numerator"], d2["denominator"], d2["value"]) == (650, 1000, 65.0)
    assert (d2["status"], d2["needed"]) == ("not_met", 167)
    assert d2["needed_text"].startswith("cần thêm 167 ")
    assert rows[("D1", "online_dossiers")]["status"] == "met"


def test_a_unit_outside_the_scope_is_403_and_a_bad_quarter_422(web: WebHome) -> None:
    token = _token("doimoi")
    refused = _get(web, "/api/v1/status?quarter=2024-Q3&unit=D2", token)
    assert refused.status_code == 403
    assert "D2" in refused.json()["detail"]
    assert _get(web, "/api/v1/values?year=2024&unit=X1", token).status_code == 403
    bad = _get(web, "/api/v1/status?quarter=quy-muoi", token)
    assert bad.status_code == 422
    assert "quy-muoi" in bad.json()["detail"]


def test_values_and_targets(web: WebHome) -> None:
    token = _token("doimoi")
    body = _get(web, "/api/v1/values?year=2024&indicator=online_dossiers&limit=100", token).json()
    assert {v["unit_code"] for v in body["items"]} == {"D1"}
    ytd = [v for v in body["items"] if v["kind"] == "ytd"]
    assert [(v["period"], v["numerator"], v["denominator"]) for v in ytd] == [("2024-Q3", 630, 900)]
    targets = _get(web, "/api/v1/targets?year=2024", token).json()
    assert {t["task"] for t in targets} == {"II.3", "II.6", "III.1", "II.7"}
    assert _get(web, "/api/v1/targets?year=2030", token).status_code == 404


def test_the_schema_and_the_docs_use_no_cdn(web: WebHome) -> None:
    client = web.client("vanphong")
    schema = client.get("/api/openapi.json").json()
    assert {"/api/v1/units", "/api/v1/status", "/api/v1/values", "/api/v1/targets"} <= set(
        schema["paths"]
    )
    docs = client.get("/api/docs").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/" in docs
