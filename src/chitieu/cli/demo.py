"""``chitieu demo``: a realistic year of a province's data, for demonstrations and benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from chitieu.app.web import DEMO_PASSWORD, demo_accounts
from chitieu.cli.common import HomeOption, console, errors, home_dir, show_warnings
from chitieu.cli.home import catalogue, require_units
from chitieu.decisions import read_decision
from chitieu.demo import generate_demo
from chitieu.domain import OrgUnit, TargetSet
from chitieu.errors import ChitieuError
from chitieu.formatting import integer
from chitieu.text import fold

app = typer.Typer(
    help="Dữ liệu mẫu: một năm dữ liệu như của một tỉnh thật. Không kèm lệnh con: dựng cả một "
    "thư mục dữ liệu mẫu (cây đơn vị, bộ chỉ tiêu, dữ liệu, giá trị chỉ số).",
)

DEMO_DATA = "demo-data"
"""Where ``chitieu demo`` writes the generated files inside the home."""

DEMO_DECISION = (
    Path(__file__).resolve().parent.parent / "demo" / "data" / "binh-phuoc-2024-cctthc.txt"
)
"""The decision shipped as the demo's roadmap; any province and year may borrow its targets."""


def demo_target_set(decision: Path | None, province: str, year: int) -> TargetSet:
    """The target set the demo aims at: the given decision, else the shipped one's roadmap
    applied to ``province`` and ``year``."""
    path = decision or DEMO_DECISION
    reading = read_decision(
        path,
        catalogue(),
        province=None if decision else province,
        year=None if decision else year,
    )
    show_warnings(reading.warnings)
    return reading.target_set


def province_units(units: list[OrgUnit], province: str) -> list[OrgUnit]:
    """The home's units, checked to be the named province's tree."""
    roots = [u for u in units if u.parent_code is None]
    wanted = fold(province)
    if not roots or not any(wanted in fold(root.name) for root in roots):
        names = ", ".join(root.name for root in roots) or "không có"
        raise ChitieuError(
            f"Cây đơn vị trong thư mục dữ liệu là của «{names}», không phải «{province}»; "
            f"hãy dựng cây: chitieu units build --province «{province}» --structure legacy|2025"
        )
    return units


@app.command("generate")
def generate(
    province: Annotated[str, typer.Option("--province", help="Tên tỉnh (cây đơn vị đã dựng).")],
    year: Annotated[
        int,
        typer.Option(
            "--year", help="Năm dữ liệu; năm nay thì dữ liệu dừng ở hôm nay (hồ sơ gần đây còn mở)."
        ),
    ],
    dossiers: Annotated[int, typer.Option("--dossiers", help="Số hồ sơ trong năm.")],
    out: Annotated[Path, typer.Option("--out", help="Thư mục ghi các tệp dữ liệu mẫu.")],
    seed: Annotated[
        int, typer.Option("--seed", help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu).")
    ] = 1,
    decision: Annotated[
        Path | None,
        typer.Option(
            "--decision",
            help="Quyết định giao chỉ tiêu mà dữ liệu mẫu hướng tới; mặc định lộ trình mẫu kèm theo.",
            show_default=False,
        ),
    ] = None,
    home: HomeOption = None,
) -> None:
    """Sinh một năm hồ sơ, thủ tục, công khai, phản ánh, số liệu nhập tay và cán bộ cho các đơn
    vị trong thư mục dữ liệu."""
    if dossiers < 0:
        raise ChitieuError(f"--dossiers phải là số không âm, không phải {dossiers}")
    units = province_units(require_units(home_dir(home)), province)
    target_set = demo_target_set(decision, province, year)
    with Progress(
        TextColumn("Sinh hồ sơ mẫu"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    ) as bar:
        task = bar.add_task("dossiers", total=dossiers)
        summary = generate_demo(
            units,
            target_set,
            dossiers=dossiers,
            seed=seed,
            out=out,
            progress=lambda done: bar.update(task, completed=done),
        )
    console.print(f"Dữ liệu mẫu {summary.province} năm {summary.year} (hạt giống {seed}):")
    for file in summary.files:
        console.print(f"  {file.path}  {integer(file.rows)} dòng")


@app.callback(invoke_without_command=True)
def whole_home(
    context: typer.Context,
    dossiers: Annotated[int, typer.Option("--dossiers", help="Số hồ sơ trong năm.")] = 1_000_000,
    seed: Annotated[int, typer.Option("--seed", help="Hạt giống ngẫu nhiên.")] = 1,
    home: HomeOption = None,
) -> None:
    """Dựng một thư mục dữ liệu mẫu hoàn chỉnh theo quyết định mẫu kèm theo: cây đơn vị, bộ
    chỉ tiêu, một năm dữ liệu đã nạp và giá trị chỉ số đã tính. Chạy lại thì không nhân đôi gì."""
    if context.invoked_subcommand is not None:
        return
    from chitieu.cli import engine, evaluation, ingest, targets, units  # noqa: PLC0415 — siblings
    from chitieu.units import Structure  # noqa: PLC0415

    home = home_dir(home)
    target_set = read_decision(DEMO_DECISION, catalogue()).target_set
    province, year = target_set.province, target_set.year
    console.rule(f"Dữ liệu mẫu: {province} năm {year}")
    units.build(province=province, structure=Structure.LEGACY, departments=None, home=home)
    targets.import_decision(DEMO_DECISION, home=home)
    out = home / DEMO_DATA
    generate(province=province, year=year, dossiers=dossiers, out=out, seed=seed, home=home)
    units.load(out / "officials.csv", home=home)
    ingest.procedures([out / "procedures.csv"], home=home)
    ingest.dossiers([out / "dossiers.parquet"], home=home)
    ingest.publications([out / "publications.csv"], home=home)
    ingest.feedback([out / "feedback.csv"], home=home)
    ingest.manual([out / "manual.csv"], home=home)
    engine.compute(year=year, home=home)
    last = f"{year}-Q4"
    console.rule(f"Các sở, ngành chưa đạt mốc quý IV năm {year}")
    evaluation.lagging_command(quarter=last, level="province_department", home=home)
    console.print(
        f"Xem đầy đủ: chitieu status --quarter {last} --home {home}; "
        f"chitieu lagging --quarter {last} --home {home}"
    )
    accounts = demo_accounts(home)
    console.rule("Tài khoản mẫu của trang web (chitieu web)")
    for account in accounts:
        console.print(f"  {account.username:<10} {account.role.label}")
    console.print(f"  Mật khẩu: {DEMO_PASSWORD}")


def register(root: typer.Typer) -> None:
    """Add ``demo`` to the command line."""
    root.add_typer(app, name="demo")
