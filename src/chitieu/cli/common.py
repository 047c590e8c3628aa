"""What every command shares: the consoles, the ``--home`` option, and how problems are shown."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from chitieu.errors import Problem
from chitieu.outputs import write_file


def _width(stream: object) -> int | None:
    """The terminal's width (Rich reads ``COLUMNS`` too); 160 for a pipe without ``COLUMNS``."""
    isatty = getattr(stream, "isatty", None)
    return None if (callable(isatty) and isatty()) or "COLUMNS" in os.environ else 160


console = Console(highlight=False, soft_wrap=False, width=_width(sys.stdout))
errors = Console(stderr=True, highlight=False, width=_width(sys.stderr))

EXIT_BAD_INPUT = 2

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Thư mục dữ liệu (mặc định $CHITIEU_HOME, nếu không có thì ./var).",
        show_default=False,
    ),
]

OutputOption = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="Tệp ghi ra (mặc định: màn hình).", show_default=False),
]


def home_dir(home: Path | None) -> Path:
    """The home: the option, else ``$CHITIEU_HOME``, else ``./var``."""
    if home is not None:
        return home
    return Path(os.environ.get("CHITIEU_HOME", "var"))


def show_warnings(warnings: Iterable[Problem]) -> None:
    """Print warnings on stderr; they do not change the exit code."""
    for warning in warnings:
        errors.print(f"[yellow]Cảnh báo:[/yellow] {warning.describe()}", markup=True)


def write_output(data: str | bytes, output: Path | None) -> None:
    """Write to ``output`` atomically (a whole file or none; ``outputs.write_file`` refuses a
    directory, a fifo or a device), or to stdout when none is given."""
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    write_file(output, data)
