"""``chitieu compute``, ``chitieu values export``, ``chitieu explain``: the indicator engine.

The facts and the values live in the home's DuckDB store, or in PostgreSQL when ``DATABASE_URL``
names one (``--engine postgres`` requires it). ``--engine spark`` runs the SQL on Spark (local
mode unless ``SPARK_MASTER`` names a cluster) over the facts of that store.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from chitieu.cli.common import HomeOption, OutputOption, console, errors, home_dir, write_output
from chitieu.cli.home import catalogue, facts_of, require_units
from chitieu.domain import LOCAL_TZ, Basis
from chitieu.dvcqg.export import number, text
from chitieu.engine.backends import Backend, DuckDBBackend, PostgresBackend, SparkBackend
from chitieu.engine.backends import spark_session as start_spark
from chitieu.engine.compute import compute as run_compute
from chitieu.engine.compute import source_plans
from chitieu.engine.plan import compile_source
from chitieu.engine.sql import Dialect, render, stage1_select, stage2_select
from chitieu.engine.values import VALUES_TABLE, Scope
from chitieu.errors import ChitieuError
from chitieu.facts.postgres import DATABASE_URL, PostgresStore, database_url
from chitieu.facts.schema import TABLES
from chitieu.formatting import integer

values_app = typer.Typer(help="Giá trị chỉ số đã tính: xuất ra tệp.", no_args_is_help=True)

COLUMNS = ("unit_code", "indicator", "period", "numerator", "denominator", "value")
SPARK_MASTER = "SPARK_MASTER"
FIRST_YEAR, LAST_YEAR = 2000, 2100


class ExportFormat(StrEnum):
    """Formats ``values export`` writes."""

    CSV = "csv"
    JSON = "json"


class Engine(StrEnum):
    """Where the engine's SQL runs."""

    DUCKDB = "duckdb"
    POSTGRES = "postgres"
    SPARK = "spark"


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
        "--year", help="Năm cần tính (mặc định: năm có hồ sơ mới nhất).", show_default=False
    ),
]


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ChitieuError(f"--year phải trong khoảng {FIRST_YEAR}–{LAST_YEAR}, không phải {year}")
    return year


@contextmanager
def _store(home: Path) -> Iterator[Backend]:
    """The facts store (``facts_of``: PostgreSQL when ``DATABASE_URL`` names it, else the home's
    DuckDB file) as the engine's backend."""
    with facts_of(home) as store:
        if isinstance(store, PostgresStore):
            yield PostgresBackend(store.server.connection)
        else:
            yield DuckDBBackend(store.connection)


@contextmanager
def _executor(engine: Engine | None) -> Iterator[SparkBackend | None]:
    """The executor other than the store: a Spark session for ``--engine spark``."""
    if engine is Engine.POSTGRES and database_url() is None:
        raise ChitieuError(
            f"--engine postgres cần biến môi trường {DATABASE_URL} "
            "(ví dụ postgresql://người_dùng@máy:5432/cơ_sở_dữ_liệu)"
        )
    if engine is not Engine.SPARK:
        yield None
        return
    session = start_spark(os.environ.get(SPARK_MASTER, "local[*]"))
    try:
        yield SparkBackend(session)
    finally:
        session.stop()


def _latest_year(store: Backend) -> int:
    year = store.value("SELECT max(EXTRACT(YEAR FROM received_at)) FROM dossiers")
    if not year:
        raise ChitieuError("Chưa có hồ sơ nào trong kho dữ liệu; hãy chỉ rõ năm bằng --year")
    return year


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
    cat = catalogue()
    steps = len(source_plans(cat)) + 1
    with _executor(engine) as executor, _store(home) as store:
        chosen = _checked_year(year) if year is not None else _latest_year(store)
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


def _percent(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else round(100.0 * numerator / denominator, 4)


def export_rows(
    store: Backend, year: int, basis: Basis, scope: Scope
) -> list[dict[str, str | float | None]]:
    """The stored quarterly values of a year, one record per unit, indicator and quarter."""
    if not store.exists(VALUES_TABLE):
        raise ChitieuError("Chưa có giá trị chỉ số nào; hãy chạy «chitieu compute» trước")
    kind = "ytd" if basis is Basis.YTD else "quarter"
    rows = store.rows(
        f"SELECT unit_code, indicator, period, numerator, denominator FROM {VALUES_TABLE} "
        f"WHERE year = {year} AND kind = '{kind}' AND scope = '{scope.value}' "
        "ORDER BY unit_code, indicator, period, source"
    )
    return [
        {
            "unit_code": unit,
            "indicator": indicator,
            "period": period,
            "numerator": float(numerator),
            "denominator": float(denominator),
            "value": _percent(float(numerator), float(denominator)),
        }
        for unit, indicator, period, numerator, denominator in rows
    ]


def _csv(records: list[dict[str, str | float | None]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow(
            [
                text(str(record[c])) if isinstance(record[c], str) else number(record[c])  # type: ignore[arg-type]
                for c in COLUMNS
            ]
        )
    return buffer.getvalue()


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
    with _store(home) as store:
        records = export_rows(store, _checked_year(year), basis, scope)
    if not records:
        errors.print(f"Cảnh báo: chưa có giá trị nào của năm {year}", markup=False)
    if format is ExportFormat.JSON:
        write_output(json.dumps(records, ensure_ascii=False, indent=1) + "\n", output)
        return
    write_output(_csv(records), output)


def explain(
    indicator: Annotated[str, typer.Argument(help="Mã chỉ số (xem chitieu catalog show).")],
    engine: Annotated[
        Dialect, typer.Option("--engine", help="Câu lệnh viết cho: duckdb, postgres hoặc spark.")
    ] = Dialect.DUCKDB,
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
    cat = catalogue()
    found = cat.get(indicator)
    if found is None:
        codes = ", ".join(i.code for i in cat.indicators)
        raise ChitieuError(f"Không có chỉ số «{indicator}»; các chỉ số: {codes}")
    if found.definition is None:
        console.print(
            f"Chỉ số {indicator} là số liệu nhập tay (chitieu ingest manual): không có câu lệnh."
        )
        return
    # The plan of this indicator alone: its own measures, not its source's others.
    plan = compile_source(cat, found.source, TABLES[found.source].name, [found])
    year = _checked_year(year if year is not None else datetime.datetime.now(LOCAL_TZ).year)
    lines = [
        f"-- {found.code}: {found.name}",
        f"-- tử số:  {found.definition.numerator}",
        f"-- mẫu số: {found.definition.denominator}",
        "-- Bước 1: tổng bộ phận theo đơn vị và tháng (một lần quét dữ liệu)",
        render(stage1_select(plan, year), engine) + ";",
        "-- Bước 2: tử số, mẫu số của đơn vị theo kỳ (periods: tháng, quý, lũy kế, năm)",
        render(stage2_select(plan, year), engine) + ";",
    ]
    write_output("\n".join(lines) + "\n", None)


def register(root: typer.Typer) -> None:
    """Add ``compute``, ``values`` and ``explain`` to the command line."""
    root.command("compute")(compute)
    root.command("explain")(explain)
    root.add_typer(values_app, name="values")
