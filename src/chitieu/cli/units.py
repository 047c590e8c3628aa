"""``chitieu units``: build the unit tree from the official lists, load a CSV, export."""

from __future__ import annotations

import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from chitieu.cli.common import HomeOption, OutputOption, console, home_dir, write_output
from chitieu.cli.home import actor, catalogue, units_of, use_app_database
from chitieu.domain import OrgUnit
from chitieu.units import (
    MergeResult,
    Structure,
    UnitTree,
    build_province_tree,
    load_departments,
    read_units_csv,
    units_to_json,
    write_units_csv,
)

app = typer.Typer(
    help="Cây đơn vị: dựng từ danh mục chính thức, nạp từ CSV, xuất.", no_args_is_help=True
)


class ExportFormat(StrEnum):
    """Formats ``units export`` writes."""

    CSV = "csv"
    JSON = "json"


def _levels() -> list[str]:
    return [level.code for level in catalogue().levels]


def _save(home: Path, units: list[OrgUnit], note: str) -> MergeResult:
    use_app_database(home)
    from chitieu.app.orgunits.services import save_units  # noqa: PLC0415 — Django when needed

    return save_units(units, actor=actor(), levels=_levels(), note=note)


def _report(result: MergeResult) -> None:
    console.print(
        f"Đã lưu cây đơn vị: thêm {len(result.added)}, cập nhật {len(result.updated)}, "
        f"không đổi {len(result.unchanged)}; tổng cộng {len(result.units)} đơn vị."
    )


@app.command("build")
def build(
    province: Annotated[
        str, typer.Option("--province", help="Tên tỉnh, thành phố (ví dụ «Bình Phước»).")
    ],
    structure: Annotated[
        Structure,
        typer.Option(
            "--structure",
            help="«legacy»: trước 1/7/2025, có cấp huyện; «2025»: chính quyền hai cấp.",
        ),
    ],
    departments: Annotated[
        Path | None,
        typer.Option(
            "--departments",
            help="Danh sách sở, ban, ngành riêng của tỉnh (TOML); mặc định danh sách kèm theo.",
            show_default=False,
        ),
    ] = None,
    home: HomeOption = None,
) -> None:
    """Dựng cây đơn vị của tỉnh từ danh mục hành chính của Tổng cục Thống kê, cùng các sở,
    ban, ngành và các phòng cấp huyện giữ chỉ tiêu; đơn vị đã có được cập nhật theo mã."""
    listing = load_departments(departments) if departments is not None else None
    units = build_province_tree(province, structure, listing)
    _report(_save(home_dir(home), units, f"units build {province} {structure.value}"))


@app.command("load")
def load(
    file: Annotated[
        Path,
        typer.Argument(help="Tệp CSV, cột code,name,level,parent_code.", show_default=False),
    ],
    home: HomeOption = None,
) -> None:
    """Thêm hoặc cập nhật đơn vị theo mã từ tệp CSV (không bao giờ xóa). Tệp có lỗi thì không
    lưu gì."""
    home = home_dir(home)
    existing = units_of(home)
    units = read_units_csv(file, _levels(), existing)
    _report(_save(home, units, f"units load {file.name}"))


@app.command("export")
def export(
    format: Annotated[
        ExportFormat, typer.Option("--format", help="Định dạng: csv hoặc json.")
    ] = ExportFormat.CSV,
    output: OutputOption = None,
    home: HomeOption = None,
) -> None:
    """Xuất cây đơn vị (CSV có BOM để Excel hiện đúng tiếng Việt, hoặc JSON)."""
    stored = units_of(home_dir(home))
    ordered = list(UnitTree(stored)) if stored else []
    if format is ExportFormat.JSON:
        text = json.dumps(units_to_json(ordered), ensure_ascii=False, indent=2) + "\n"
        write_output(text, output)
        return
    buffer = io.StringIO()
    write_units_csv(ordered, buffer, bom=output is not None)
    write_output(buffer.getvalue(), output)


def register(root: typer.Typer) -> None:
    """Add ``units`` to the command line."""
    root.add_typer(app, name="units")
