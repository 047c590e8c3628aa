"""The administration pages show units, target sets, overrides and the audit trail, and write
nothing: every write goes through a service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chitieu.domain import Override
from tests.evaluation.builders import target_set


@pytest.fixture
def client(with_units: Path) -> Any:
    """A signed-in superuser's browser, on a home with units, a target set and an override."""
    from django.contrib.auth.models import User
    from django.test import Client

    from chitieu.app.targets.services import import_target_set, set_override

    import_target_set(target_set(), actor="cli:an", source_file="qd-2024.txt")
    set_override(2024, Override("D2", "online_dossiers", annual=85.0), actor="cli:an")
    browser = Client(SERVER_NAME="localhost")
    browser.force_login(User.objects.create_superuser("admin", "", "x"))
    return browser


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("orgunits/orgunit/", ["Sở Nội vụ", "UBND xã Một", "UBND cấp xã"]),
        ("targets/targetsetversion/", ["qd-2024.txt", "Thử Nghiệm"]),
        ("targets/targetoverride/", ["online_dossiers", "D2 Sở Nội vụ"]),
        ("audit/auditentry/", ["Nhập bộ chỉ tiêu", "Đặt chỉ tiêu riêng", "Thêm đơn vị"]),
    ],
)
def test_each_list_shows_the_stored_rows(client: Any, page: str, shown: list[str]) -> None:
    response = client.get(f"/admin/{page}")
    assert response.status_code == 200
    text = response.content.decode()
    for expected in shown:
        assert expected in text


@pytest.mark.parametrize(
    "page",
    ["orgunits/orgunit", "targets/targetsetversion", "targets/targetoverride", "audit/auditentry"],
)
def test_nothing_can_be_added_changed_or_deleted(client: Any, page: str) -> None:
    from django.apps import apps

    app_label, model_name = page.split("/")
    row = apps.get_model(app_label, model_name).objects.first()
    assert client.get(f"/admin/{page}/add/").status_code == 403
    assert client.post(f"/admin/{page}/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/{page}/{row.pk}/change/", {}).status_code == 403
    assert apps.get_model(app_label, model_name).objects.filter(pk=row.pk).exists()
