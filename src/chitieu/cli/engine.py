"""``chitieu compute``, ``chitieu values export``, ``chitieu explain``: the indicator engine."""

from __future__ import annotations

import csv
import io
import json
from contextlib import nullcontext
from enum import StrEnum
from typing import Annotated

import typer

from chitieu.cli.common import HomeOption, OutputOption, console, errors, home_dir, write_output
from chitieu.cli.home import catalogue, facts_of, require_units
from chitieu.engine.compute import compute as run_compute
from chitieu.engine.compute import source_plans
from chitieu.engine.sql import Dialect, render, stage1_select, stage2_select
from chitieu.engine.values import VALUES_TABLE, Scope
from chitieu.errors import ChitieuError
from chitieu.facts.sql import count, first_row

values_app = typer.Typer(help="Giá trị chỉ số đã tính: xuất ra tệp.", no_args_is_help=True)


class Basis(StrEnum):
    """How a quarter's value is taken."""

    YTD = "ytd"
    QUARTER = "quarter"


class ExportFormat(StrEnum):
    """Formats ``values export`` writes."""

    CSV = "csv"
    JSON = "json"


YearOption = Annotated[
    int | None,
    typer.Option(
        "--year", help="Năm cần tính (mặc định: năm có dữ liệu mới nhất).", show_default=False
    ),
]


def _latest_year(home_year: int | None, con: object) -> int:
    if home_year is not None:
        return home_year
    row = first_row(
        con,  # type: ignore[arg-type]
        "SELECT max(year(received_at)) FROM dossiers",
    )
    if row is None or row[0] is None:
        raise ChitieuError("Chưa có hồ sơ nào trong kho dữ liệu; hãy chỉ rõ năm bằng --year")
    return int(row[0])


def compute(
    year: YearOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Tính lại toàn bộ, không dùng phần đã tổng hợp.")
    ] = False,
    home: HomeOption = None,
) -> None:
    """Tính (lại) giá trị mọi chỉ số của mọi đơn vị, mọi kỳ trong năm; sau một lần nạp thêm,
    chỉ tính phần thay đổi."""
    home = home_dir(home)
    units = require_units(home)
    with facts_of(home) as store:
        chosen = _latest_year(year, store.connection)
        with console.status("Đang tính giá trị chỉ số…") if console.is_terminal else nullcontext():
            report = run_compute(store.connection, units=units, catalogue=catalogue(), year=chosen)
    how = {"full": "tính toàn bộ", "incremental": "chỉ phần mới", "unchanged": "không đổi"}
    detail = ", ".join(f"{source}: {how[mode.value]}" for source, mode in report.modes.items())
    console.print(
        f"Đã tính năm {chosen}: {report.values:,} giá trị ({detail}).".replace(",", ".", 1)
    )


def _value(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else round(100.0 * numerator / denominator, 4)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


@values_app.command("export")
def export(
    year: Annotated[int, typer.Option("--year", help="Năm.")],
    basis: Annotated[
        Basis,
        typer.Option("--basis", help="ytd: lũy kế từ đầu năm; quarter: riêng trong quý."),
    ] = Basis.YTD,
    scope: Annotated[
        Scope,
        typer.Option(
            "--scope",
            help="subtree: đơn vị và mọi đơn vị trực thuộc; tier: đơn vị và các đơn vị cùng cấp "
            "trực thuộc; own: chỉ hồ sơ của chính đơn vị.",
        ),
    ] = Scope.SUBTREE,
    format: Annotated[ExportFormat, typer.Option("--format", help="csv hoặc json.")] = (
        ExportFormat.CSV
    ),
    output: OutputOption = None,
    home: HomeOption = None,
) -> None:
    """Xuất giá trị chỉ số theo quý: cột unit_code,indicator,period,numerator,denominator,value
    (value tính theo %, để trống khi mẫu số bằng 0)."""
    home = home_dir(home)
    with facts_of(home) as store:
        con = store.connection
        exists = count(
            con,
            f"SELECT count(*) FROM information_schema.tables WHERE table_name = '{VALUES_TABLE}'",
        )
        if not exists:
            raise ChitieuError("Chưa có giá trị chỉ số nào; hãy chạy «chitieu compute» trước")
        rows = con.execute(
            f"SELECT unit_code, indicator, period, numerator, denominator FROM {VALUES_TABLE} "
            "WHERE year = ? AND kind = ? AND scope = ? ORDER BY unit_code, indicator, period",
            [year, basis.value, scope.value],
        ).fetchall()
    if not rows:
        errors.print(f"[yellow]Cảnh báo:[/yellow] chưa có giá trị nào của năm {year}")
    records = [
        {
            "unit_code": unit,
            "indicator": indicator,
            "period": period,
            "numerator": _number(numerator),
            "denominator": _number(denominator),
            "value": _value(numerator, denominator),
        }
        for unit, indicator, period, numerator, denominator in rows
    ]
    if format is ExportFormat.JSON:
        write_output(json.dumps(records, ensure_ascii=False, indent=1) + "\n", output)
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]) if records else _COLUMNS)
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    write_output(buffer.getvalue(), output)


_COLUMNS = ["unit_code", "indicator", "period", "numerator", "denominator", "value"]


def explain(
    indicator: Annotated[str, typer.Argument(help="Mã chỉ số (xem chitieu catalog show).")],
    engine: Annotated[
        Dialect, typer.Option("--engine", help="Máy tính: duckdb, postgres hoặc spark.")
    ] = Dialect.DUCKDB,
    year: Annotated[int, typer.Option("--year", help="Năm dùng trong câu lệnh.")] = 2024,
) -> None:
    """In câu lệnh SQL tính một chỉ số: bước 1 quét dữ liệu thành các tổng bộ phận theo đơn vị
    và tháng; bước 2 tính tử số, mẫu số của từng kỳ."""
    cat = catalogue()
    found = next((i for i in cat.indicators if i.code == indicator), None)
    if found is None:
        codes = ", ".join(i.code for i in cat.indicators)
        raise ChitieuError(f"Không có chỉ số «{indicator}»; các chỉ số: {codes}")
    if found.definition is None:
        console.print(
            f"Chỉ số {indicator} là số liệu nhập tay (chitieu ingest manual): không có câu lệnh."
        )
        return
    plan = next(p for p in source_plans(cat) if p.source is found.source)
    plan.indicators = [p for p in plan.indicators if p.code == indicator]
    console.print(f"-- {found.code}: {found.name}", markup=False)
    console.print(f"-- tử số:  {found.definition.numerator}", markup=False)
    console.print(f"-- mẫu số: {found.definition.denominator}", markup=False)
    console.print("-- Bước 1: tổng bộ phận theo đơn vị và tháng", markup=False)
    console.print(render(stage1_select(plan, year), engine) + ";", markup=False, soft_wrap=True)
    console.print("-- Bước 2: tử số, mẫu số theo kỳ", markup=False)
    console.print(render(stage2_select(plan, year), engine) + ";", markup=False, soft_wrap=True)


def register(root: typer.Typer) -> None:
    """Add ``compute``, ``values`` and ``explain`` to the command line."""
    root.command("compute")(compute)
    root.command("explain")(explain)
    root.add_typer(values_app, name="values")
