"""``chitieu catalog``: the indicator catalogue, listed and checked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from chitieu.catalog import read_catalogue, validate
from chitieu.cli.common import EXIT_BAD_INPUT, HomeOption, console, errors
from chitieu.errors import Severity

app = typer.Typer(help="Danh mục chỉ số: xem và kiểm tra.", no_args_is_help=True)

IndicatorsOption = Annotated[
    Path | None,
    typer.Option(
        "--indicators", help="Tệp chỉ số (TOML); mặc định danh mục có sẵn.", show_default=False
    ),
]
LevelsOption = Annotated[
    Path | None,
    typer.Option(
        "--levels", help="Tệp cấp đơn vị (TOML); mặc định danh mục có sẵn.", show_default=False
    ),
]


@app.command("check")
def check(
    indicators: IndicatorsOption = None, levels: LevelsOption = None, home: HomeOption = None
) -> None:
    """Kiểm tra danh mục chỉ số; báo mọi lỗi cùng lúc."""
    catalogue, issues = read_catalogue(indicators, levels)
    issues = [*issues, *validate(catalogue)]
    for issue in issues:
        label = (
            "[red]Lỗi:[/red]" if issue.severity is Severity.ERROR else "[yellow]Cảnh báo:[/yellow]"
        )
        errors.print(f"{label} {issue.describe()}")
    if any(i.severity is Severity.ERROR for i in issues):
        raise typer.Exit(EXIT_BAD_INPUT)
    console.print(
        f"Danh mục hợp lệ: {len(catalogue.indicators)} chỉ số, {len(catalogue.predicates)} vị từ."
    )


@app.command("show")
def show(
    indicators: IndicatorsOption = None, levels: LevelsOption = None, home: HomeOption = None
) -> None:
    """Liệt kê các chỉ số, nguồn dữ liệu và công thức tử số / mẫu số."""
    catalogue, _ = read_catalogue(indicators, levels)
    table = Table(box=box.SIMPLE_HEAVY, header_style="bold cyan")
    for name in ("Mã", "Nhiệm vụ", "Tên", "Nguồn", "Tử số", "Mẫu số"):
        table.add_column(name, overflow="fold")
    for indicator in catalogue.indicators:
        ratio = indicator.definition
        table.add_row(
            indicator.code,
            indicator.task or "",
            indicator.name,
            indicator.source.value,
            ratio.numerator if ratio else indicator.numerator_label,
            ratio.denominator if ratio else indicator.denominator_label,
        )
    console.print(table)
