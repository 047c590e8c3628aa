"""Every address × every role × a unit inside and outside the account's scope: generated from
the dashboard's URL patterns, so that a new page without a row here fails."""

from __future__ import annotations

import pytest

from tests.evaluation.builders import UNITS
from tests.web.conftest import ACCOUNTS, SCOPES, WebHome

QUARTER = "?quy=2024-Q3"
INDICATOR = "online_dossiers"
UNIT_CODES = [u.code for u in UNITS if u.valid_to is None]
PUBLIC = {"health"}
"""The addresses open without an account (``login_not_required``): the same page for all."""
MAY = {
    "reports:quarterly": {"vanphong", "nguoixem"},
    "reports:adhoc": {"vanphong", "doimoi", "lanhdao"},
    "reports:reminders": {"vanphong", "doimoi", "lanhdao"},
    "reports:draft": {"vanphong"},
    "audit:index": {"vanphong"},
    "data:manual": {"vanphong", "doimoi"},
    "targets:import": {"vanphong"},
}
"""The accounts that may use an address at all, whatever the unit (absent: every account): the
quarterly report is the whole province's; a unit's accounts make the ad hoc report and the
letters of their subtree; the draft decision and the audit log are the provincial office's;
manual figures are entered by the office and a unit's focal point."""
REFUSED = {
    "reports": "Không có quyền lập văn bản này",
    "audit": "Không có quyền xem nhật ký",
    "data": "Không có quyền nhập số liệu",
    "targets": "Không có quyền nhập quyết định",
}
"""What the page of an address an account may not use says, by the address's namespace."""
WINDOW = "tu=2024-07-01&den=2024-09-30"


def _urls() -> list[tuple[str, str, str | None]]:
    """(pattern name, address, the unit it shows or None) for every dashboard address."""
    from django.urls import reverse

    from chitieu.app.dashboard.urls import urlpatterns

    urls: list[tuple[str, str, str | None]] = []
    for pattern in urlpatterns:
        name = str(pattern.name)
        if name == "overview":
            urls.append((name, reverse("dashboard:overview") + QUARTER, None))
        elif name == "unit":
            urls += [
                (name, reverse("dashboard:unit", args=[code]) + QUARTER, code)
                for code in UNIT_CODES
            ]
        elif name == "indicator":
            urls.append((name, reverse("dashboard:indicator", args=[INDICATOR]) + QUARTER, None))
        elif name == "map":
            urls.append((name, reverse("dashboard:map") + QUARTER + f"&chi_so={INDICATOR}", None))
        elif name == "health":
            urls.append((name, reverse("dashboard:health"), None))
        else:
            pytest.fail(f"the permission matrix has no row for the address «{name}»")
    urls += _report_urls()
    urls += _audit_urls()
    urls += _data_urls()
    urls += _targets_urls()
    return urls


def _report_urls() -> list[tuple[str, str, str | None]]:
    """The rows of the documents' page (``reports:…``), each document asked as a workbook
    where it can be (the quickest to make)."""
    from django.urls import reverse

    from chitieu.app.reports.urls import urlpatterns

    urls: list[tuple[str, str, str | None]] = []
    for pattern in urlpatterns:
        name = f"reports:{pattern.name}"
        address = reverse(name)
        if name == "reports:index":
            urls.append((name, address + QUARTER, None))
        elif name == "reports:quarterly":
            urls.append((name, address + QUARTER + "&dang=xlsx", None))
        elif name == "reports:adhoc":
            urls += [
                (name, f"{address}?don_vi={code}&{WINDOW}&dang=xlsx", code) for code in UNIT_CODES
            ]
        elif name == "reports:reminders":
            urls.append((name, address + QUARTER, None))
        elif name == "reports:draft":
            urls.append((name, address + "?nam=2025&dang=xlsx", None))
        else:
            pytest.fail(f"the permission matrix has no row for the address «{name}»")
    return urls


def _audit_urls() -> list[tuple[str, str, str | None]]:
    """The rows of the audit log (``audit:…``): the whole province's trail, no unit."""
    from django.urls import reverse

    from chitieu.app.audit.urls import urlpatterns

    urls: list[tuple[str, str, str | None]] = []
    for pattern in urlpatterns:
        name = f"audit:{pattern.name}"
        if name == "audit:index":
            urls.append((name, reverse(name), None))
        else:
            pytest.fail(f"the permission matrix has no row for the address «{name}»")
    return urls


def _data_urls() -> list[tuple[str, str, str | None]]:
    """The rows of the data pages (``data:…``): the manual entry page, and with each unit
    chosen; a stored evidence file of each unit (written here: the home has none)."""
    import hashlib

    from django.conf import settings
    from django.urls import reverse

    from chitieu.app.data.urls import urlpatterns

    pdf = b"%PDF-1.4\n%%EOF\n"
    name = hashlib.sha256(pdf).hexdigest() + ".pdf"
    urls: list[tuple[str, str, str | None]] = []
    for pattern in urlpatterns:
        label = f"data:{pattern.name}"
        if label == "data:manual":
            address = reverse(label)
            urls.append((label, address, None))
            urls += [(label, f"{address}?don_vi={code}", code) for code in UNIT_CODES]
        elif label == "data:evidence":
            for code in UNIT_CODES:
                folder = settings.HOME / "evidence" / "2024" / code
                folder.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(pdf)
                urls.append((label, reverse(label, args=[2024, code, name]), code))
        else:
            pytest.fail(f"the permission matrix has no row for the address «{label}»")
    return urls


def _targets_urls() -> list[tuple[str, str, str | None]]:
    """The rows of the target decision's pages (``targets:…``): the whole province's set."""
    from django.urls import reverse

    from chitieu.app.targets.urls import urlpatterns

    urls: list[tuple[str, str, str | None]] = []
    for pattern in urlpatterns:
        name = f"targets:{pattern.name}"
        if name == "targets:import":
            urls.append((name, reverse(name), None))
        else:
            pytest.fail(f"the permission matrix has no row for the address «{name}»")
    return urls


def test_every_address_for_every_role_inside_and_outside_its_scope(web: WebHome) -> None:
    checked = public = 0
    for username in [None, *ACCOUNTS]:
        client = web.client(username)
        for name, url, unit in _urls():
            response = client.get(url)
            if name in PUBLIC:
                # Open to everyone, the anonymous included: counts only, no unit's figure.
                assert response.status_code == 200, (username, url)
                body = response.content.decode()
                assert body.startswith("ok\n"), (username, url)
                assert not any(u.name in body for u in UNITS), (username, url)
                public += 1
                continue
            if username is None:
                assert response.status_code == 302, url
                assert "/tai-khoan/dang-nhap/" in response["Location"]
                continue
            scope = SCOPES[username]
            may = username in MAY.get(name, ACCOUNTS)
            allowed = may and (unit is None or scope is None or unit in scope)
            assert response.status_code == (200 if allowed else 403), (username, url)
            if not may:
                assert REFUSED[name.split(":")[0]] in response.content.decode()
            elif not allowed:
                assert "Không có quyền xem đơn vị này" in response.content.decode()
            checked += 1
    # 4 accounts × (overview + indicator + map + 8 units) and × (the documents' page, the
    # quarterly report, the letters, the draft + the ad hoc report of each of the 8 units) and ×
    # the audit log and × (the manual entry page, with each of the 8 units, and an evidence
    # file of each) and × the decision import
    assert checked == (
        4 * (3 + len(UNIT_CODES))
        + 4 * (4 + len(UNIT_CODES))
        + 4
        + 4 * (1 + 2 * len(UNIT_CODES))
        + 4
    )
    assert public == (1 + len(ACCOUNTS)) * len(PUBLIC)


@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_figures_of_units_outside_the_scope_never_appear(web: WebHome, username: str) -> None:
    from chitieu.app.dashboard.snapshot import forget

    forget()
    client = web.client(username)
    scope = SCOPES[username]
    for url in ("/" + QUARTER, f"/chi-so/{INDICATOR}/" + QUARTER, "/ban-do/" + QUARTER):
        page = client.get(url).content.decode()
        for unit in UNITS:
            if scope is not None and unit.code not in scope:
                assert f"{unit.name} ({unit.code})" not in page, (username, url, unit.code)
    # The exports of the overview's tables hold no unit outside the scope either.
    for table in ("ban-do-nhiet", "cham-nhat"):
        body = client.get(f"/{QUARTER}&xuat=csv&bang={table}").content.decode("utf-8-sig")
        for unit in UNITS:
            if scope is not None and unit.code not in scope:
                assert f"{unit.name} ({unit.code})" not in body, (username, table, unit.code)


def test_an_export_of_a_unit_outside_the_scope_is_refused(web: WebHome) -> None:
    client = web.client("doimoi")
    response = client.get(f"/don-vi/D2/{QUARTER}&xuat=csv&bang=don-vi-D2")
    assert response.status_code == 403
