"""Each page's number of database queries, pinned: pages read a kept snapshot of the stored
values, so a page costs the session, the account and the checks of what changed — never one
query per unit (the five: session, user, the latest audit entry, the account's role, the years
with a target set). A change here is deliberate: update the pin and say why in the commit."""

from __future__ import annotations

import pytest

from tests.web.conftest import WebHome

PINS = {
    "/?quy=2024-Q3": 5,
    "/don-vi/H1/?quy=2024-Q3": 5,
    "/chi-so/online_dossiers/?quy=2024-Q3": 5,
    "/ban-do/?quy=2024-Q3": 5,
}


@pytest.mark.parametrize(("url", "queries"), list(PINS.items()))
def test_queries_per_page_are_pinned(web: WebHome, url: str, queries: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = web.client("lanhdao")
    assert client.get(url).status_code == 200  # the snapshot is built
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured.captured_queries) == queries, [q["sql"] for q in captured]


OFFICE_PINS = {
    "/nhat-ky/": 7,
    "/nhat-ky/?tu=01/01/2024&thao_tac=accounts.add&ma=o&tim=MẬT": 7,
}
"""The audit log, the office's alone: the session, the user, the account's role, who has acted,
their names, the count and the page of entries — never one query per entry."""


@pytest.mark.parametrize(("url", "queries"), list(OFFICE_PINS.items()))
def test_queries_of_the_audit_log_are_pinned(web: WebHome, url: str, queries: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = web.client("vanphong")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured.captured_queries) == queries, [q["sql"] for q in captured]
