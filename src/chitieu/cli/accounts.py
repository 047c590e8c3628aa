"""``chitieu account add|list`` and ``chitieu token create|revoke|list``: the web application's
accounts and the API's bearer tokens, through the accounts service (audited)."""

from __future__ import annotations

from typing import Annotated

import typer

from chitieu.cli.common import HomeOption, console, home_dir
from chitieu.cli.home import actor, use_app_database

accounts_app = typer.Typer(help="Tài khoản của trang web.", no_args_is_help=True)
tokens_app = typer.Typer(help="Mã truy cập API (bearer token).", no_args_is_help=True)

ROLES = ("office", "focal_point", "leader", "viewer")


@accounts_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập.", show_default=False)],
    role: Annotated[
        str,
        typer.Option(
            "--role", help="Vai trò: office, focal_point, leader hoặc viewer.", show_default=False
        ),
    ],
    unit: Annotated[
        str | None, typer.Option("--unit", help="Mã đơn vị (đầu mối, lãnh đạo).")
    ] = None,
    name: Annotated[str, typer.Option("--name", help="Họ tên.")] = "",
    password: Annotated[
        str,
        typer.Option(
            "--password",
            prompt="Mật khẩu",
            hide_input=True,
            confirmation_prompt="Nhập lại mật khẩu",
            help="Mật khẩu (hỏi khi không ghi).",
        ),
    ] = "",
    home: HomeOption = None,
) -> None:
    """Tạo hoặc sửa một tài khoản của trang web (vai trò, đơn vị, mật khẩu)."""
    from chitieu.errors import ChitieuError  # noqa: PLC0415

    if role not in ROLES:
        raise ChitieuError(f"--role: «{role}» không phải vai trò nào; chỉ nhận {', '.join(ROLES)}")
    home = home_dir(home)
    use_app_database(home)
    from chitieu.app.accounts.choices import Role  # noqa: PLC0415 — Django
    from chitieu.app.accounts.services import Account, save_account  # noqa: PLC0415

    created = save_account(
        Account(username, Role(role), unit, name), password=password, actor=actor()
    )
    console.print(f"Đã {'tạo' if created else 'sửa'} tài khoản {username} ({Role(role).label}).")


@tokens_app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="Tài khoản dùng mã.", show_default=False)],
    name: Annotated[str, typer.Option("--name", help="Ghi chú: mã dùng cho việc gì.")] = "",
    home: HomeOption = None,
) -> None:
    """Tạo một mã truy cập API cho tài khoản; mã chỉ in ra một lần, hãy cất giữ cẩn thận."""
    home = home_dir(home)
    use_app_database(home)
    from chitieu.app.accounts.services import create_token  # noqa: PLC0415 — Django

    print(create_token(username, name=name, actor=actor()))


@tokens_app.command("revoke")
def revoke(
    prefix: Annotated[str, typer.Argument(help="8 ký tự đầu của mã.", show_default=False)],
    home: HomeOption = None,
) -> None:
    """Thu hồi mã truy cập API (theo 8 ký tự đầu, như «token list» in ra)."""
    home = home_dir(home)
    use_app_database(home)
    from chitieu.app.accounts.services import revoke_token  # noqa: PLC0415

    count = revoke_token(prefix, actor=actor())
    console.print(f"Đã thu hồi {count} mã.")


@tokens_app.command("list")
def list_tokens(home: HomeOption = None) -> None:
    """Các mã truy cập API: tiền tố, tài khoản, ghi chú, ngày tạo, lần dùng cuối (không in mã)."""
    home = home_dir(home)
    use_app_database(home, create=False)
    from chitieu.app.accounts.services import tokens  # noqa: PLC0415

    for t in tokens():
        state = "đã thu hồi" if t.revoked else "còn hiệu lực"
        console.print(
            f"{t.prefix}…  {t.username:<12} {t.name or '—':<20} tạo {t.created_at}  "
            f"dùng {t.last_used_at or '—'}  {state}"
        )


def register(root: typer.Typer) -> None:
    """Add ``account`` and ``token`` to the command line."""
    root.add_typer(accounts_app, name="account")
    root.add_typer(tokens_app, name="token")
