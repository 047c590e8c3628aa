"""Vietnamese by default whatever the browser says; English when the user chooses it; the
compiled catalogue matches its source."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from tests.web.conftest import WebHome

LOCALE = Path(__file__).parents[2] / "src" / "chitieu" / "app" / "locale"


def test_vietnamese_by_default_even_for_an_english_browser(web: WebHome) -> None:
    client = web.client("vanphong")
    page = client.get("/?quy=2024-Q3", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert page["Content-Language"] == "vi"
    assert "Các chỉ tiêu của tỉnh" in page.content.decode()


def test_english_when_chosen(web: WebHome) -> None:
    client = web.client("vanphong")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/?quy=2024-Q3"})
    assert response.status_code == 302
    page = client.get("/?quy=2024-Q3")
    assert page["Content-Language"] == "en"
    text = page.content.decode()
    assert "The province&#x27;s targets" in text or "The province's targets" in text
    assert "Overview" in text


def _po_entries(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        found = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block, re.M)
        if found:
            msgid = "".join(re.findall(r'"(.*)"', found.group(1)))
            if msgid:
                entries[msgid] = "".join(re.findall(r'"(.*)"', found.group(2)))
    return entries


def test_the_english_catalogue_is_complete_and_compiled() -> None:
    source = _po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert source
    assert [m for m, s in source.items() if not s] == []
    with (LOCALE / "en" / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for msgid, msgstr in source.items():
        assert catalogue.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"'), msgid
