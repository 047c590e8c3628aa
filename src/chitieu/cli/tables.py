"""Tables that fit the reader's terminal: the columns that say who and what are always kept; the
others are dropped, least useful first, until the table fits the width.

The width is the terminal's, or ``COLUMNS`` when the output is piped (160 without either).
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from chitieu.cli.common import write_output

PIPE_WIDTH = 160
"""The width of piped output when ``COLUMNS`` does not say."""

FILE_WIDTH = 200
"""The width of a table written to a file with ``-o``."""


def screen_width() -> int:
    """``COLUMNS`` when set (a script); else the width of the terminal the output, the errors or
    the keyboard is attached to (``status | less`` in a terminal still fits it); else 160."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return Console().width
    for stream in (sys.stderr, sys.stdin):
        try:
            if stream is not None and stream.isatty():
                return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError):
            continue
    return PIPE_WIDTH


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, how a row's cell is made, and ``drop``: 0 for a column always
    kept, else the order in which it is dropped when the table is too wide (1 first)."""

    header: str
    cell: Callable[[Any], RenderableType]
    drop: int = 0
    justify: Literal["left", "right", "center"] = "left"
    min_width: int | None = None
    ratio: int | None = None
    no_wrap: bool = False


def fitted_table(title: str, columns: Sequence[Column], rows: Sequence[Any], width: int) -> Table:
    """The table of ``rows`` with as many of ``columns`` as fit in ``width``; every column's
    width is set here (Rich's own layout squeezes headers it could have kept whole)."""
    active = list(columns)
    cells = {id(c): [_plain(c.cell(row)) for row in rows] for c in columns}
    while True:
        widths = {id(c): _column_width(c, cells[id(c)]) for c in active}
        # Three characters between columns (padding, the box's space, padding), one at each edge.
        needed = sum(widths.values()) + 3 * max(len(active) - 1, 0) + 2
        droppable = [c for c in active if c.drop]
        # One column spare: Rich keeps the last one of the screen free.
        if needed < width or not droppable:
            _share(active, cells, widths, width - 1 - needed)
            return _build(title, active, rows, widths)
        active.remove(min(droppable, key=lambda c: c.drop))


def _share(
    columns: Sequence[Column], cells: dict[int, list[str]], widths: dict[int, int], spare: int
) -> None:
    """Give the spare width to the wrapping columns, by ratio, none beyond its longest line."""
    growing = [c for c in columns if _wraps(c)]
    while spare > 0 and growing:
        total = sum(c.ratio or 1 for c in growing)
        given = 0
        for column in list(growing):
            ideal = max(
                [
                    len(column.header),
                    *(cell_len(line) for t in cells[id(column)] for line in t.splitlines()),
                ]
            )
            share = max(1, spare * (column.ratio or 1) // total)
            step = min(share, ideal - widths[id(column)], spare - given)
            if step <= 0:
                growing.remove(column)
                continue
            widths[id(column)] += step
            given += step
        if given == 0:
            return
        spare -= given


def _plain(renderable: RenderableType) -> str:
    return renderable.plain if isinstance(renderable, Text) else str(renderable)


def _wraps(column: Column) -> bool:
    return column.ratio is not None and not column.no_wrap


def _column_width(column: Column, cells: Sequence[str]) -> int:
    """The narrowest a column can be without breaking its header or a cell that must stay
    whole (Rich's own measure takes any column to be breakable between words). One space of
    padding and the box's spaces are added by the caller."""
    lines = [line for cell in cells for line in cell.splitlines()]
    if _wraps(column):
        words = [w for line in lines for w in line.split()]
        return max([column.min_width or 0, cell_len(column.header), *(cell_len(w) for w in words)])
    return max([cell_len(column.header), *(cell_len(line) for line in lines)])


def _build(
    title: str, columns: Sequence[Column], rows: Sequence[Any], widths: dict[int, int]
) -> Table:
    table = Table(
        title=title,
        box=box.SIMPLE_HEAVY,
        header_style="bold cyan",
        pad_edge=False,
        title_justify="left",
    )
    for column in columns:
        table.add_column(
            column.header,
            justify=column.justify,
            width=widths[id(column)],
            # Only the columns that share out the spare width (who, what, in words) wrap; the
            # others keep their header and cells whole, so that a narrow screen drops a column
            # rather than breaking «Mốc Q.III» into pieces.
            no_wrap=column.no_wrap or column.ratio is None,
            overflow="fold",
        )
    for row in rows:
        table.add_row(*(column.cell(row) for column in columns))
    return table


def print_all(*renderables: RenderableType, output: Path | None) -> None:
    """Print to the screen at its width, or write plain text to ``output``."""
    if output is None:
        console = Console(width=screen_width(), highlight=False, soft_wrap=False)
        for renderable in renderables:
            console.print(renderable)
        return
    recorder = Console(record=True, width=FILE_WIDTH, file=io.StringIO(), highlight=False)
    for renderable in renderables:
        recorder.print(renderable)
    write_output(recorder.export_text(), output)


def output_width(output: Path | None) -> int:
    """The width tables are fitted to: the screen's, or a file's."""
    return FILE_WIDTH if output is not None else screen_width()
