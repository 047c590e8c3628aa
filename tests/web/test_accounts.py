"""Accounts: written through the service with their audit entry, signed in and out, throttled
after repeated failures, passwords changed by their owner."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import PASSWORD, WebHome


def _login(client: Any, username: str, password: str) -> Any:
    return client.post("/tai-khoan/dang-nhap/", {"username": username, "password": password})


def test_signing_in_and_out(web: WebHome) -> None:
    client = web.client(None)
    response = _login(client, "doimoi", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/?quy=2024-Q3").status_code == 200
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.get("/?quy=2024-Q3").status_code == 302


def test_a_wrong_password_says_so_and_five_lock_the_account_out(web: WebHome) -> None:
    client = web.client(None)
    response = _login(client, "doimoi", "sai")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    for _ in range(4):
        _login(client, "doimoi", "sai")
    locked = _login(client, "doimoi", PASSWORD)  # even the right password, now
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()


def test_accounts_are_written_with_their_audit_entry(web: WebHome) -> None:
    from django.contrib.auth.models import User

    from chitieu.app.accounts.choices import Role
    from chitieu.app.accounts.services import Account, account_of, save_account
    from chitieu.app.audit.models import AuditEntry

    created = save_account(
        Account("moi", Role.FOCAL_POINT, "X1", "Nguyễn Văn A"),
        password="mot-mat-khau-dai",
        actor="vp",
    )
    assert created
    entry = AuditEntry.objects.filter(object_key="moi").get()
    assert entry.action == "accounts.add"
    assert entry.actor == "vp"
    assert entry.after == {
        "username": "moi",
        "role": "focal_point",
        "unit": "X1",
        "full_name": "Nguyễn Văn A",
    }
    assert "mot-mat-khau-dai" not in str(entry.after) + entry.note
    assert account_of(User.objects.get(username="moi")).unit_code == "X1"


@pytest.mark.parametrize(
    ("account", "password", "reason"),
    [
        (("x", "focal_point", None), "mot-mat-khau-dai", "cần một đơn vị"),
        (("x", "leader", "KHONG"), "mot-mat-khau-dai", "Không có đơn vị mã «KHONG»"),
        (("x", "viewer", None), None, "cần một mật khẩu"),
    ],
)
def test_accounts_refused_in_vietnamese_and_nothing_written(
    web: WebHome, account: tuple[str, str, str | None], password: str | None, reason: str
) -> None:
    from django.contrib.auth.models import User

    from chitieu.app.accounts.choices import Role
    from chitieu.app.accounts.services import Account, save_account
    from chitieu.app.audit.models import AuditEntry
    from chitieu.errors import ChitieuError

    before = AuditEntry.objects.count()
    name, role, unit = account
    with pytest.raises(ChitieuError, match=reason):
        save_account(Account(name, Role(role), unit), password=password, actor="vp")
    assert not User.objects.filter(username=name).exists()
    assert AuditEntry.objects.count() == before


def test_changing_ones_password(web: WebHome) -> None:
    from chitieu.app.audit.models import AuditEntry

    client = web.client("doimoi")
    wrong = client.post(
        "/tai-khoan/mat-khau/",
        {"old": "sai", "new": "mat-khau-moi-dai", "again": "mat-khau-moi-dai"},
    )
    assert "Mật khẩu hiện tại không đúng" in wrong.content.decode()
    response = client.post(
        "/tai-khoan/mat-khau/",
        {"old": PASSWORD, "new": "mat-khau-moi-dai", "again": "mat-khau-moi-dai"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="accounts.password", object_key="doimoi").count() == 1
    assert _login(web.client(None), "doimoi", "mat-khau-moi-dai").status_code == 302


def test_the_demo_accounts(web: WebHome) -> None:
    from chitieu.app.accounts.choices import DEMO_PASSWORD
    from chitieu.app.web import demo_accounts

    accounts = {a.username: a for a in demo_accounts(web.path)}
    assert set(accounts) == {"vanphong", "donvi", "lanhdao"}
    assert accounts["donvi"].unit_code == "X1"  # the first commune
    assert _login(web.client(None), "donvi", DEMO_PASSWORD).status_code == 302
