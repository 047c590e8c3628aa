"""A home the pages are tried on: the hand-computed test province of the evaluation tests
(units, 2024 targets, stored values of 2024-Q3) with one account of each role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.evaluation.test_commands import home as evaluation_home

__all__ = ["evaluation_home"]

PASSWORD = "mat-khau-thu-nghiem"

ACCOUNTS = {
    # username: (role, unit)
    "vanphong": ("office", None),
    "doimoi": ("focal_point", "D1"),
    "lanhdao": ("leader", "H1"),
    "nguoixem": ("viewer", None),
}
"""One account of each role: the office sees everything; the focal point of Sở Tư pháp sees
D1 alone; the leader of UBND huyện Một sees H1, H1P, X1 and X2."""

SCOPES = {
    "vanphong": None,
    "doimoi": {"D1"},
    "lanhdao": {"H1", "H1P", "X1", "X2"},
    "nguoixem": None,
}
"""The units each account must see (``None``: all), written out by hand from the tree."""


@dataclass(frozen=True)
class WebHome:
    """The home and a client signed in as any of its accounts."""

    path: Path

    def client(self, username: str | None) -> Any:
        """A test client, signed in as ``username`` (anonymous with ``None``)."""
        from django.contrib.auth.models import User
        from django.test import Client

        client = Client()
        if username is not None:
            client.force_login(User.objects.get(username=username))
        return client


@pytest.fixture
def web(evaluation_home: Path, settings_for_tests: None) -> Iterator[WebHome]:
    """The home with its accounts, its snapshots forgotten before and after."""
    from chitieu.app.accounts.choices import Role
    from chitieu.app.accounts.services import Account, save_account
    from chitieu.app.dashboard.snapshot import forget

    for username, (role, unit) in ACCOUNTS.items():
        save_account(Account(username, Role(role), unit), password=PASSWORD, actor="test")
    forget()
    yield WebHome(evaluation_home)
    forget()


TODAY = "2024-10-15"
"""Today in these tests: 2024-Q3 has ended (final), 2024-Q4 is under way (provisional)."""


@pytest.fixture
def settings_for_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test client's host allowed; today fixed (``TODAY``)."""
    from django.conf import settings

    from chitieu.clock import TODAY_ENV

    monkeypatch.setattr(settings, "ALLOWED_HOSTS", [*settings.ALLOWED_HOSTS, "testserver"])
    monkeypatch.setenv(TODAY_ENV, TODAY)
