"""``chitieu compute``, ``chitieu values export``, ``chitieu explain``: the indicator engine.

The facts and the values live in the home's DuckDB store, or in PostgreSQL when ``DATABASE_URL``
names one (``--engine postgres`` requires it). ``--engine spark`` runs the SQL on Spark (local
mode unless ``SPARK_MASTER`` names a cluster) over the facts of that store.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from chitieu.cli.common import HomeOption, OutputOption, console, errors, home_dir, write_output
from chitieu.cli.home import catalogue, facts_of, has_facts, require_units
from chitieu.domain import Basis
from chitieu.engine import Engine
from chitieu.engine.backends import backend_of, executor_for
from chitieu.engine.compute import compute as run_compute
from chitieu.engine.compute import source_plans
from chitieu.engine.explain import explanation
from chitieu.engine.export import ExportFormat, NoValuesError, export_values
from chitieu.engine.values import Scope
from chitieu.engine.years import NoFactsError, checked_year, year_to_compute
from chitieu.formatting import integer

values_app = typer.Typer(help="Giá trị chỉ số đã tính: xuất ra tệp.", no_args_is_help=True)

EngineOption = Annotated[
    Engine | None,
    typer.Option(
        "--engine",
        help="Nơi chạy phép tính: duckdb (mặc định), postgres (khi đặt DATABASE_URL, dữ liệu đã "
        "ở đó) hoặc spark.",
        show_default=False,
    ),
]

YearOption = Annotated[
    int | None,
    typer.Option(
        "--year", help="Năm cần tính (mặc định: năm mới nhất có dữ liệu).", show_default=False
    ),
]


def compute(
    year: YearOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Tính lại toàn bộ, không dùng phần đã tổng hợp.")
    ] = False,
    engine: EngineOption = None,
    home: HomeOption = None,
) -> None:
    """Tính (lại) giá trị mọi chỉ số của mọi đơn vị, mọi kỳ trong năm; sau một lần nạp thêm,
    chỉ tính phần thay đổi."""
    home = home_dir(home)
    units = require_units(home)
    if not has_facts(home):
        # Opening the store would create it: refused before, so that the home stays as it was.
        raise NoFactsError
    cat = catalogue()
    steps = len(source_plans(cat)) + 1
    with executor_for(engine) as executor, facts_of(home) as facts:
        store = backend_of(facts)
        chosen = year_to_compute(store, year)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=errors,
            transient=True,
            disable=not errors.is_terminal,
        ) as bar:
            task = bar.add_task(f"Tính năm {chosen}", total=steps)

            def advance(step: str) -> None:
                label = "cộng dồn theo cây đơn vị" if step == "rollup" else f"tổng hợp {step}"
                bar.update(task, advance=1, description=f"Tính năm {chosen}: {label}")

            report = run_compute(
                store,
                units=units,
                catalogue=cat,
                year=chosen,
                full=full,
                executor=executor,
                progress=advance,
            )
    how = {"full": "tính toàn bộ", "incremental": "chỉ phần thay đổi", "unchanged": "không đổi"}
    detail = ", ".join(f"{source}: {how[mode.value]}" for source, mode in report.modes.items())
    console.print(f"Đã tính năm {chosen}: {integer(report.values)} giá trị ({detail}).")


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
    if not has_facts(home):
        raise NoValuesError
    with facts_of(home) as facts:
        exported = export_values(
            backend_of(facts), year=checked_year(year), basis=basis, scope=scope, format=format
        )
    if not exported.count:
        errors.print(f"Cảnh báo: chưa có giá trị nào của năm {year}", markup=False)
    write_output(exported.text, output)


def explain(
    indicator: Annotated[str, typer.Argument(help="Mã chỉ số (xem chitieu catalog show).")],
    engine: Annotated[
        Engine, typer.Option("--engine", help="Câu lệnh viết cho: duckdb, postgres hoặc spark.")
    ] = Engine.DUCKDB,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="Năm dùng trong câu lệnh (mặc định: năm nay).", show_default=False
        ),
    ] = None,
    home: HomeOption = None,
) -> None:
    """In câu lệnh SQL tính một chỉ số: bước 1 quét dữ liệu thành các tổng bộ phận theo đơn vị
    và tháng; bước 2 tính tử số, mẫu số của từng kỳ."""
    del home  # every command takes --home (DESIGN.md); the SQL does not depend on it
    sql = explanation(catalogue(), indicator, engine=engine, year=year)
    if sql is None:
        console.print(
            f"Chỉ số {indicator} là số liệu nhập tay (chitieu ingest manual): không có câu lệnh."
        )
        return
    write_output(sql, None)


def register(root: typer.Typer) -> None:
    """Add ``compute``, ``values`` and ``explain`` to the command line."""
    root.command("compute")(compute)
    root.command("explain")(explain)
    root.add_typer(values_app, name="values")
