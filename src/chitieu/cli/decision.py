"""``chitieu decision``: read a target decision; show it, export it."""

from __future__ import annotations

import json
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from chitieu.catalog import Catalogue, load_catalogue
from chitieu.cli.common import HomeOption, console, show_warnings, write_output
from chitieu.decisions import DecisionReading, read_decision, to_dict
from chitieu.decisions.export_xlsx import write_xlsx
from chitieu.decisions.presentation import applies_to, baseline_note, split_task
from chitieu.domain import Basis
from chitieu.domain.periods import ROMAN_QUARTERS
from chitieu.errors import ChitieuError
from chitieu.formatting import percent

app = typer.Typer(
    help="Quyết định giao chỉ tiêu: đọc, xem, xuất; lưu làm bộ chỉ tiêu của năm, chỉ tiêu riêng, lịch sử.",
    no_args_is_help=True,
)

FileArgument = Annotated[
    Path,
    typer.Argument(help="Tệp quyết định (.txt, .md, .docx, .xlsx, .json).", show_default=False),
]
ProvinceOption = Annotated[
    str | None,
    typer.Option("--province", help="Tên tỉnh, khi văn bản không ghi rõ.", show_default=False),
]
YearOption = Annotated[
    int | None,
    typer.Option("--year", help="Năm của chỉ tiêu, khi văn bản không ghi rõ.", show_default=False),
]
CatalogueOption = Annotated[
    Path | None,
    typer.Option(
        "--catalogue", help="Danh mục chỉ số riêng của tỉnh (tệp TOML).", show_default=False
    ),
]


class ExportFormat(StrEnum):
    """Formats ``decision export`` writes."""

    JSON = "json"
    XLSX = "xlsx"


def _read(
    file: Path, catalogue_path: Path | None, province: str | None, year: int | None
) -> tuple[DecisionReading, Catalogue]:
    catalogue = load_catalogue(catalogue_path)
    reading = read_decision(file, catalogue, province=province, year=year)
    show_warnings(reading.warnings)
    return reading, catalogue


@app.command("show")
def show(
    file: FileArgument,
    province: ProvinceOption = None,
    year: YearOption = None,
    catalogue_path: CatalogueOption = None,
    home: HomeOption = None,
) -> None:
    """In phụ lục chỉ tiêu của quyết định thành bảng dễ đọc."""
    reading, catalogue = _read(file, catalogue_path, province, year)
    target_set = reading.target_set
    basis = "lũy kế từ đầu năm" if target_set.basis is Basis.YTD else "riêng trong từng quý"
    console.print(
        Text(f"Chỉ tiêu năm {target_set.year} — tỉnh {target_set.province}", style="bold")
    )
    if target_set.title:
        console.print(Text(target_set.title, style="italic"))
    console.print(
        f"{len(target_set.tasks)} nhiệm vụ, {len(target_set.targets)} dòng chỉ tiêu; "
        f"lộ trình tối thiểu tính {basis}."
    )
    table = Table(box=box.SIMPLE_HEAVY, header_style="bold cyan", pad_edge=False, expand=True)
    table.add_column("Stt", no_wrap=True)
    table.add_column("Nhiệm vụ", ratio=5, overflow="fold")
    table.add_column("Chỉ số", ratio=2, overflow="fold")
    table.add_column("Áp dụng cho", ratio=2, overflow="fold")
    table.add_column(f"Năm {target_set.year}", justify="right", no_wrap=True)
    for roman in ROMAN_QUARTERS:
        table.add_column(f"Quý {roman}", justify="right", no_wrap=True)
    table.add_column("Năm trước", ratio=2, overflow="fold")
    section = None
    previous_task = None
    for target in target_set.targets:
        target_section, _ = split_task(target.task)
        if target_section and target_section != section:
            section = target_section
            title = target_set.sections.get(section, "")
            table.add_row(
                Text(f"{section}.", style="bold"), Text(title, style="bold"), end_section=False
            )
        first = target.task != previous_task
        previous_task = target.task
        indicator = catalogue.get(target.indicator) if target.indicator else None
        indicator_text = (
            Text(indicator.name) if indicator else Text("(chưa khớp chỉ số)", style="yellow")
        )
        table.add_row(
            target.task if first else "",
            target.title if first else Text("〃", style="dim"),
            indicator_text if first else Text("〃", style="dim"),
            applies_to(target, catalogue),
            Text(percent(target.annual), style="bold"),
            *(percent(m.value) for m in target.milestones),
            baseline_note(target.baselines).strip("()") if first else "",
        )
    console.print(table)


@app.command("export")
def export(
    file: FileArgument,
    format_: Annotated[
        ExportFormat, typer.Option("--format", help="Định dạng: json hoặc xlsx.")
    ] = ExportFormat.JSON,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Tệp ghi ra (mặc định: màn hình).", show_default=False),
    ] = None,
    province: ProvinceOption = None,
    year: YearOption = None,
    catalogue_path: CatalogueOption = None,
    home: HomeOption = None,
) -> None:
    """Xuất phụ lục chỉ tiêu ra JSON (theo hợp đồng dòng lệnh) hoặc bảng tính Excel."""
    reading, _ = _read(file, catalogue_path, province, year)
    if format_ is ExportFormat.JSON:
        text = json.dumps(to_dict(reading.target_set), ensure_ascii=False, indent=2) + "\n"
        write_output(text, output)
        return
    if output is None and sys.stdout.isatty():
        raise ChitieuError(
            "Bảng tính Excel không in ra màn hình được; hãy chỉ tệp ghi ra bằng -o TỆP.xlsx"
        )
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "annex.xlsx"
        write_xlsx(reading.target_set, path)
        write_output(path.read_bytes(), output)
