"""``chitieu web`` as an office runs it: a real server process on the loopback, in development
and in production mode (collected, hashed static files; secure headers)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.web.conftest import WebHome

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(home: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "CHITIEU_HTTPS": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "chitieu", "web", "--home", str(home), "--port", str(port), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/tai-khoan/dang-nhap/", timeout=1)
            return process, base
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    output = process.communicate()[0].decode()
    pytest.fail(f"the server did not start: {output}")


@pytest.mark.parametrize("production", [False, True])
def test_the_server_serves_the_pages_and_its_own_assets(web: WebHome, production: bool) -> None:
    process, base = _serve(web.path, *(["--production"] if production else []))
    try:
        with urllib.request.urlopen(base + "/tai-khoan/dang-nhap/") as response:
            page = response.read().decode()
            headers = response.headers
        assert "Đăng nhập" in page
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assets = [part.split('"')[0] for part in page.split('="/static/')[1:]]
        assert any("htmx" in a for a in assets)
        for asset in assets:
            if production:
                # Collected and hashed, so that a browser never keeps an old copy.
                name = asset.rsplit("/", 1)[-1]
                assert name.count(".") >= 2, asset
            with urllib.request.urlopen(f"{base}/static/{asset}") as response:
                assert response.status == 200
        # Every address but the sign-in page asks to sign in.
        request = urllib.request.Request(base + "/", method="GET")
        opener = urllib.request.build_opener(_NoRedirect())
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(request)
        assert refused.value.code == 302
        assert "/tai-khoan/dang-nhap/" in refused.value.headers["Location"]
    finally:
        process.terminate()
        process.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
