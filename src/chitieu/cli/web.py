"""``chitieu web``: serve the web application of a home."""

from __future__ import annotations

from typing import Annotated

import typer

from chitieu.cli.common import HomeOption, console, home_dir


def web(
    host: Annotated[
        str, typer.Option("--host", help="Địa chỉ nghe (0.0.0.0: mọi máy trong mạng).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Cổng.")] = 8000,
    production: Annotated[
        bool,
        typer.Option(
            "--production",
            help="Chạy thật: máy chủ WSGI waitress, tắt DEBUG, cookie an toàn (cần HTTPS; "
            "CHITIEU_HTTPS=0 nếu chưa có), tệp tĩnh được gom và nén.",
        ),
    ] = False,
    home: HomeOption = None,
) -> None:
    """Mở trang web của thư mục dữ liệu: tổng quan của tỉnh, từng đơn vị, từng chỉ số."""
    from chitieu.app.web import serve  # noqa: PLC0415 — Django only for this command

    home = home_dir(home)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    console.print(f"Trang web của {home}: http://{shown}:{port}/  (Ctrl+C để dừng)")
    serve(home, host=host, port=port, production=production)


def register(root: typer.Typer) -> None:
    """Add ``web`` to the command line."""
    root.command("web")(web)
