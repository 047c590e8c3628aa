"""The pages in a real browser (Debian's chromium driven by Playwright; never its own download):
signing in as each role, the heat map filtered by level and searched (HTMX swaps), a unit drilled
into and its figures against the hand-computed home (tests/web/test_pages.py), the charts drawn
by vega-embed, an export downloaded, and all of it at a phone's 360 px: the heat map scrolls
sideways under a fixed unit column and nothing makes the page wider than the screen.

The test home is served by waitress in a thread of this process (on a free 127.0.0.1 port), so
that it reads the same home and the same fixed day as the other web tests. Skipped without
/usr/bin/chromium, except under ``CI=true``, where it fails (``make test`` installs it).
"""

from __future__ import annotations

import csv
import io
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import ACCOUNTS, PASSWORD, SCOPES, WebHome

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
Q3 = "?quy=2024-Q3"
WIDTHS = [1366, 360]
"""A desktop and a phone."""
TIMEOUT_MS = 10_000

# What each account must see in the heat map, and a unit it must not (tests/web/conftest.py).
OWN_AND_FOREIGN = {
    "vanphong": ("Sở Nội vụ (D2)", None),
    "doimoi": ("Sở Tư pháp (D1)", "Sở Nội vụ (D2)"),
    "lanhdao": ("UBND xã Một (X1)", "Sở Tư pháp (D1)"),
    "nguoixem": ("UBND xã Một (X1)", None),
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless chromium for the module. Playwright's synchronous API keeps an event loop
    running in this thread, which Django takes for async code: its database calls here (the
    fixtures', never the server's threads') are allowed with DJANGO_ALLOW_ASYNC_UNSAFE."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium at /usr/bin/chromium (make test installs it)")
        pytest.skip("chromium is not installed at /usr/bin/chromium (make test installs it)")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def quick_passwords(evaluation_home: Path) -> Iterator[None]:
    """Passwords hashed with a fast hasher, set before the ``web`` fixture makes the accounts:
    the form still checks every sign-in, without a second of PBKDF2 each."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def site(quick_passwords: None, web: WebHome, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The test home served by waitress in a thread: its base address (stopped afterwards)."""
    import waitress
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    monkeypatch.setattr(settings, "ALLOWED_HOSTS", [*settings.ALLOWED_HOSTS, "127.0.0.1"])
    server: Any = waitress.create_server(
        get_wsgi_application(), host="127.0.0.1", port=0, threads=4, ident="chitieu-test"
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # As webtest stops its server: every channel closed, the loop left, the workers joined.
        server.close()
        while server._map:
            for channel in list(server._map.values()):
                channel.handle_close()
        server.task_dispatcher.shutdown()
        thread.join(5)


@dataclass
class Tab:
    """A page of a fresh browser context, with the console's and the page's errors gathered."""

    page: Any
    base: str
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        """Go to ``path`` of the site and wait until its scripts have run."""
        self.page.goto(self.base + path, wait_until="load")

    def sign_in(self, username: str) -> None:
        """Sign in through the form, as a person does."""
        from playwright.sync_api import expect

        self.open("/tai-khoan/dang-nhap/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("form button[type=submit]")
        self.page.wait_for_url(re.compile(r"^[^?]*://[^/]+/(\?.*)?$"))
        expect(self.page.locator("h1")).to_contain_text("Tình hình thực hiện chỉ tiêu")

    def at(self, width: int) -> None:
        """The window ``width`` pixels wide (a phone's 360, a desktop's 1366)."""
        self.page.set_viewport_size({"width": width, "height": 740})

    def scroll_width(self) -> int:
        """How wide the document is: more than the screen means the page scrolls sideways."""
        return int(self.page.evaluate("document.documentElement.scrollWidth"))


@pytest.fixture
def tab(browser: Any, site: str) -> Iterator[Tab]:
    """A fresh context (no cookies), at a desktop's width until ``Tab.at`` changes it."""
    context = browser.new_context(
        viewport={"width": WIDTHS[0], "height": 740}, accept_downloads=True, locale="vi-VN"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    opened = Tab(page, site)
    page.on("console", lambda message: _console(opened, message))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()


def _console(tab: Tab, message: Any) -> None:
    # The browser asks for /favicon.ico on its own, outside the pages' links: whether it is
    # found is no error of the pages.
    if message.type == "error" and not str(message.location.get("url", "")).endswith(
        "/favicon.ico"
    ):
        tab.errors.append(f"{message.text} ({message.location.get('url', '')})")


def _heat_units(tab: Tab) -> list[str]:
    return [
        str(t) for t in tab.page.locator("#heatmap table.heat tbody th.sticky").all_inner_texts()
    ]


def test_each_role_signs_in_and_sees_its_own_units(browser: Any, site: str) -> None:
    from playwright.sync_api import expect

    for username in ACCOUNTS:
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 740})
        context.set_default_timeout(TIMEOUT_MS)
        try:
            tab = Tab(context.new_page(), site)
            tab.page.on("console", lambda message, tab=tab: _console(tab, message))
            tab.sign_in(username)
            for width in WIDTHS:
                tab.at(width)
                tab.open("/" + Q3)
                expect(tab.page.locator("h1")).to_contain_text("Quý III/2024")
                own, foreign = OWN_AND_FOREIGN[username]
                units = _heat_units(tab)
                assert own in units, (username, units)
                if foreign is not None:
                    assert foreign not in units, (username, units)
                    expect(tab.page.locator(".scope-note")).to_be_visible()
                scope = SCOPES[username]
                if scope is not None:
                    codes = {re.sub(r".*\((\w+)\)$", r"\1", u) for u in units}
                    assert codes <= scope, (username, codes)
                assert tab.scroll_width() <= width, (username, width, tab.scroll_width())
            assert tab.errors == [], username
        finally:
            context.close()


def _signed_in(tab: Tab, username: str = "vanphong") -> None:
    """Signed in without the form (the test above signs in through it): the session's cookie."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    tab.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": tab.base}]
    )


def test_the_heat_map_filtered_by_level_and_searched(tab: Tab) -> None:
    from playwright.sync_api import expect

    _signed_in(tab)
    for width in WIDTHS:
        tab.at(width)
        tab.open("/" + Q3)
        heat = tab.page.locator("#heatmap")
        expect(heat).to_contain_text("Sở Nội vụ (D2)")
        with tab.page.expect_response(lambda r: "cap=commune" in r.url):
            tab.page.select_option("select[name=cap]", "commune")
        expect(heat).not_to_contain_text("Sở Nội vụ (D2)")
        assert sorted(_heat_units(tab)) == ["UBND xã Hai (X2)", "UBND xã Một (X1)"]
        with tab.page.expect_response(lambda r: "cap=&" in r.url):
            tab.page.select_option("select[name=cap]", "")
        expect(heat).to_contain_text("Sở Tư pháp (D1)")
        # Typed as a person types: the search goes out 300 ms after the last key.
        with tab.page.expect_response(lambda r: "tim=noi" in r.url):
            tab.page.locator("#tim").press_sequentially("noi vu", delay=20)
        expect(heat).not_to_contain_text("Sở Tư pháp (D1)")
        assert _heat_units(tab) == ["Sở Nội vụ (D2)"]
        assert "tim=noi" in tab.page.url  # the address follows the filter (a link to share)
        # Swapped in place: not reloaded, the search box still holds what was typed.
        assert tab.page.locator("#tim").input_value() == "noi vu"
        assert tab.scroll_width() <= width, (width, tab.scroll_width())
    assert tab.errors == []


def test_a_unit_drilled_into_shows_the_stored_figures_and_its_charts(tab: Tab) -> None:
    from playwright.sync_api import expect

    _signed_in(tab)
    for width in WIDTHS:
        tab.at(width)
        tab.open("/" + Q3)
        tab.page.locator("#heatmap a", has_text="Sở Nội vụ (D2)").click()
        tab.page.wait_for_url(re.compile(r"/don-vi/D2/"))
        tab.page.wait_for_load_state("load")
        expect(tab.page.locator("h1")).to_contain_text("Sở Nội vụ")
        # The hand-computed figures (tests/web/test_pages.py): 650 of 1,000 online, 167 short.
        online = tab.page.locator("article.line", has_text="II.3")
        expect(online.locator(".big")).to_contain_text("65%")
        expect(online.locator(".big")).to_contain_text("650/1.000")
        expect(online).to_contain_text("cần thêm 167 ")
        expect(online.locator(".status-word")).to_contain_text("Không đạt")
        # vega-embed drew every chart as SVG (none fell back to «could not draw»).
        assert tab.page.locator(".chart").count() >= 1
        tab.page.wait_for_function(
            "() => [...document.querySelectorAll('.chart')].every(c => c.querySelector('svg'))"
        )
        box = tab.page.locator(".chart svg").first.bounding_box()
        assert box is not None
        assert 100 < box["width"] <= width
        assert box["height"] > 50
        assert tab.page.locator(".chart", has_text="Không vẽ được").count() == 0
        assert tab.scroll_width() <= width, (width, tab.scroll_width())
        # The indicator's page: its distribution chart too.
        tab.open(f"/chi-so/online_dossiers/{Q3}")
        tab.page.wait_for_selector(".chart svg")
        assert tab.scroll_width() <= width, (width, tab.scroll_width())
    assert tab.errors == []


def _download(tab: Tab, link: Any) -> list[dict[str, str]]:
    with tab.page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_exports_download_as_csv(tab: Tab) -> None:
    _signed_in(tab)
    for width in WIDTHS:
        tab.at(width)
        tab.open(f"/don-vi/D2/{Q3}")
        rows = _download(tab, tab.page.locator("#bang-don-vi-D2 a", has_text="CSV"))
        online = next(r for r in rows if r["Chỉ tiêu"].startswith("II.3"))
        assert online["Giá trị"] == "65"
        # The heat map's export follows the filter on screen.
        tab.open(f"/{Q3}&cap=commune")
        rows = _download(tab, tab.page.locator("#heatmap .exports a", has_text="CSV"))
        assert {r["Đơn vị"] for r in rows} == {"UBND xã Một (X1)", "UBND xã Hai (X2)"}
        assert next(r for r in rows if r["Đơn vị"] == "UBND xã Một (X1)")["II.3"] == "Đạt"
    assert tab.errors == []


def test_on_a_phone_the_heat_map_scrolls_under_a_fixed_unit_column(tab: Tab) -> None:
    width = 360
    _signed_in(tab)
    tab.at(width)
    for path in ("/" + Q3, f"/don-vi/D2/{Q3}", f"/don-vi/H1/{Q3}", f"/chi-so/online_dossiers/{Q3}"):
        tab.open(path)
        assert tab.scroll_width() <= width, (path, tab.scroll_width())
    tab.open("/" + Q3)
    scroller = tab.page.locator(".heat-scroll")
    sizes = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] > sizes[1], sizes  # wider than the screen: it scrolls
    first = tab.page.locator("table.heat tbody th.sticky").first
    last = tab.page.locator("table.heat tbody tr").first.locator("td").last
    before, last_before = first.bounding_box(), last.bounding_box()
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    tab.page.wait_for_function("() => document.querySelector('.heat-scroll').scrollLeft > 0")
    after, last_after = first.bounding_box(), last.bounding_box()
    assert before is not None
    assert after is not None
    assert last_before is not None
    assert last_after is not None
    assert 0 <= after["x"] < 40, after  # the unit column stays at the left edge…
    assert abs(after["x"] - before["x"]) < 1, (before, after)
    assert last_after["x"] < last_before["x"] - 20, (last_before, last_after)  # …the rest moves
    assert after["x"] + after["width"] <= width
    assert tab.scroll_width() <= width
    assert tab.errors == []


def test_a_document_is_made_and_downloaded_from_the_reports_page(tab: Tab) -> None:
    """The quarterly workbook asked through the form, as an official does: the file downloaded
    holds Sở Nội vụ's hand-computed online dossiers of the quarter (650 of 1,000)."""
    import openpyxl

    _signed_in(tab)
    for width in WIDTHS:
        tab.at(width)
        tab.open("/bao-cao/" + Q3)
        form = tab.page.locator("#bao-cao-quy form")
        form.locator("input[name=dang][value=xlsx]").check()
        with tab.page.expect_download(timeout=60_000) as info:
            form.locator("button[type=submit]").click()
        download = info.value
        assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
        book = openpyxl.load_workbook(
            io.BytesIO(Path(download.path()).read_bytes()), read_only=True
        )
        rows = [
            row
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            if any(isinstance(c, str) and c.startswith("Sở Nội vụ") for c in row)
        ]
        assert any(650 in row and 1000 in row for row in rows), rows
        assert tab.scroll_width() <= width, (width, tab.scroll_width())
    assert tab.errors == []
