"""The command line (a contract: provincial IT staff script against it; see DESIGN.md).

Exit 0 on success, 2 on bad input with a Vietnamese message naming the place; never a traceback.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import duckdb
import typer
from rich.markup import escape

from chitieu.app.home import check_home, read_facts_only
from chitieu.cli import (
    accounts,
    catalog,
    decision,
    demo,
    engine,
    evaluation,
    facts,
    ingest,
    reports,
    targets,
    units,
    web,
)
from chitieu.cli.common import EXIT_BAD_INPUT, errors
from chitieu.errors import ChitieuError
from chitieu.facts.failures import user_error
from chitieu.facts.postgres import database_url
from chitieu.facts.store import MEMORY_LIMIT_ENV, configured_memory_limit

EXIT_RESOURCES = 3
"""The machine lacks what the command needs (memory): the input may be right."""

ORDER = (
    "decision",
    "catalog",
    "units",
    "ingest",
    "facts",
    "compute",
    "values",
    "explain",
    "status",
    "lagging",
    "reconcile",
    "dvcqg",
    "demo",
    "web",
    "account",
    "token",
)
"""The commands in the help, in the order of the work: targets, units, data, values, evaluation."""


class _Ordered(typer.core.TyperGroup):
    """Lists commands in ``ORDER`` (Typer would list single commands before groups)."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        names = super().list_commands(ctx)
        rank = {name: index for index, name in enumerate(ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(ORDER)))


app = typer.Typer(
    name="chitieu",
    cls=_Ordered,
    help="chitieu — giao, theo dõi và đánh giá chỉ tiêu cải cách thủ tục hành chính gắn với chuyển đổi số.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(decision.app, name="decision")
app.add_typer(catalog.app, name="catalog")
reports.register(app)
units.register(app)
ingest.register(app)
facts.register(app)
engine.register(app)
targets.register()
evaluation.register(app)
demo.register(app)
web.register(app)
accounts.register(app)


# Typer vendors its own Click: its exceptions are reached through a public class, not imported.
UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


def _parameter_name(param: object) -> str:
    opts = [str(o) for o in getattr(param, "opts", []) if str(o).startswith("-")]
    if opts:
        return "/".join(opts)
    name = getattr(param, "metavar", None) or getattr(param, "name", None) or "tham số"
    return str(name).upper()


def _usage_message(error: Exception) -> str:
    """Click's usage errors, in Vietnamese."""
    kind = type(error).__name__
    param = getattr(error, "param", None)
    name = _parameter_name(param) if param is not None else "tham số"
    message = str(getattr(error, "message", error)).removeprefix("Value error, ")
    if kind == "MissingParameter":
        return f"thiếu {name}"
    if kind == "NoSuchOption":
        return f"không có tùy chọn {getattr(error, 'option_name', '')}"
    if kind == "BadParameter":
        choice = re.match(r"'(.*)' is not one of (.+?)\.?$", message)
        if choice:
            return (
                f"giá trị «{choice.group(1)}» không hợp lệ cho {name}; chỉ nhận {choice.group(2)}"
            )
        return f"giá trị không hợp lệ cho {name}: {message}"
    if "No such command" in message:
        command = message.split(" ", 3)[-1].replace("Did you mean", "Có phải ý bạn là")
        return f"không có lệnh {command}"
    return message


READERS = frozenset(
    {
        ("status",),
        ("lagging",),
        ("reconcile",),
        ("score",),
        ("facts", "summary"),
        ("values", "export"),
        ("report", "quarterly"),
        ("report", "adhoc"),
        ("decision", "draft"),
        ("reminders",),
    }
)
"""Commands that never write the facts store: they open it read-only, so that several run at
once, beside an import (waiting for it to finish) and in a home that cannot be written."""


def _words(argv: list[str]) -> tuple[str, ...]:
    """The command's words (``facts summary``), options left out."""
    return tuple(word for word in argv[:2] if not word.startswith("-"))


def _home_of(argv: list[str]) -> Path:
    """The home a command line names (``--home X``, ``--home=X``), else ``$CHITIEU_HOME``, else
    ``./var``, as ``cli.common.home_dir`` takes it."""
    for index, word in enumerate(argv):
        if word == "--home" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if word.startswith("--home="):
            return Path(word.removeprefix("--home="))
    return Path(os.environ.get("CHITIEU_HOME", "var"))


def _check_environment(argv: list[str]) -> None:
    """What every command needs, refused before any work in one sentence: a ``DATABASE_URL`` of
    a kind chitieu uses, a home that can be a folder."""
    database_url()
    check_home(_home_of(argv))
    words = _words(argv)
    # Set for every command: tests and scripts run several in one process.
    read_facts_only(words in READERS or words[:1] in READERS)


def main() -> None:
    """The ``chitieu`` console script."""
    try:
        _check_environment(sys.argv[1:])
        app(standalone_mode=False)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        errors.print("Đã dừng.")
        sys.exit(130)
    except UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":
            errors.print(str(getattr(error, "message", "")) or "Xem hướng dẫn: chitieu --help")
            sys.exit(EXIT_BAD_INPUT)
        context = getattr(error, "ctx", None)
        command = getattr(context, "command_path", None) or "chitieu"
        errors.print(f"Lỗi: {_usage_message(error)}\nXem hướng dẫn: {command} --help")
        sys.exit(EXIT_BAD_INPUT)
    except ChitieuError as error:
        errors.print(f"[red]Lỗi:[/red] {escape(error.message)}")
        sys.exit(EXIT_BAD_INPUT)
    except duckdb.OutOfMemoryException as error:
        mapped = user_error(error)
        if mapped is not None and not isinstance(error, ChitieuError):
            # DuckDB tells a spill that found the disk full as running out of memory.
            errors.print(f"[red]Lỗi:[/red] {escape(mapped.message)}")
            sys.exit(EXIT_BAD_INPUT)
        # Everything is written in one transaction: the store is as it was before the command.
        errors.print(
            f"[red]Lỗi:[/red] không đủ bộ nhớ cho việc này với giới hạn hiện tại "
            f"({escape(configured_memory_limit())}); không có gì bị thay đổi. Hãy đặt biến môi "
            f"trường {MEMORY_LIMIT_ENV} lớn hơn (ví dụ {MEMORY_LIMIT_ENV}=4GB) rồi chạy lại, "
            "hoặc tách tệp dữ liệu thành nhiều tệp nhỏ hơn."
        )
        sys.exit(EXIT_RESOURCES)
    except Exception as error:  # the last line of defence: no traceback reaches a user
        mapped = user_error(error)
        if mapped is not None:
            # A full disk, a home that cannot be written: the machine's, not the software's.
            errors.print(f"[red]Lỗi:[/red] {escape(mapped.message)}")
            sys.exit(EXIT_BAD_INPUT)
        errors.print(
            f"[red]Lỗi nội bộ:[/red] {type(error).__name__}: {escape(str(error))}\n"
            "Đây là lỗi của phần mềm, không phải của dữ liệu; xin báo cho bộ phận kỹ thuật."
        )
        sys.exit(1)
