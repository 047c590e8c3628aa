"""``chitieu decision import``, ``decision override`` and ``decision history``: the year's target
set stored through the application's services, with its history and units' own targets."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from chitieu.catalog import load_catalogue
from chitieu.cli import decision
from chitieu.cli.common import (
    HomeOption,
    OutputOption,
    console,
    errors,
    home_dir,
    show_warnings,
    write_output,
)
from chitieu.cli.evaluation import Format, FormatOption, _csv, _json, _print_table
from chitieu.cli.home import actor, catalogue, require_units, use_app_database
from chitieu.decisions import read_decision
from chitieu.domain import LOCAL_TZ, Milestone, Override
from chitieu.domain.targets import province_name
from chitieu.errors import ChitieuError
from chitieu.formatting import integer
from chitieu.lookup import find_indicator, find_unit, unit_label
from chitieu.units import UnitTree


def import_decision(
    file: decision.FileArgument,
    province: decision.ProvinceOption = None,
    year: decision.YearOption = None,
    catalogue_path: decision.CatalogueOption = None,
    home: HomeOption = None,
) -> None:
    """Lưu quyết định làm bộ chỉ tiêu của năm; bộ chỉ tiêu trước của năm đó được giữ trong lịch
    sử. Nhập lại đúng tệp đang áp dụng thì không thay đổi gì. Quyết định của tỉnh khác với cây
    đơn vị đã có thì không được lưu, trừ khi ghi rõ --province."""
    reading = read_decision(file, load_catalogue(catalogue_path), province=province, year=year)
    show_warnings(reading.warnings)
    target_set = reading.target_set
    home = home_dir(home)
    use_app_database(home)
    from chitieu.app.orgunits.services import all_units  # noqa: PLC0415 — Django
    from chitieu.app.targets.services import (  # noqa: PLC0415
        ProvinceMismatchError,
        import_target_set,
    )

    try:
        outcome = import_target_set(
            target_set,
            actor=actor(),
            source_file=file.name,
            province_confirmed=province is not None,
        )
    except ProvinceMismatchError as mismatch:
        raise ChitieuError(
            f"{file.name}: {mismatch.message}. Nếu đúng là muốn lưu bộ chỉ tiêu này vào thư mục "
            f"dữ liệu này, chạy lại với --province «{province_name(mismatch.tree_province)}» "
            f"(lưu cho tỉnh của cây đơn vị) hoặc --province "
            f"«{province_name(mismatch.decision_province)}» (giữ tỉnh của quyết định)"
        ) from None
    for warning in outcome.warnings:
        errors.print(f"[yellow]Cảnh báo:[/yellow] {escape(warning)}")
    where = f"năm {target_set.year} của tỉnh {target_set.province}"
    if outcome.unchanged:
        console.print(f"Bộ chỉ tiêu {where} đã đúng như tệp {file.name}; không thay đổi gì.")
        return
    console.print(
        f"Đã lưu bộ chỉ tiêu {where}: {len(target_set.tasks)} nhiệm vụ, "
        f"{outcome.targets} dòng chỉ tiêu (tệp {file.name})."
    )
    if outcome.replaced_id is not None:
        console.print("Bộ chỉ tiêu trước của năm này được giữ trong lịch sử, đánh dấu đã thay thế.")
    units = all_units()
    if units:
        tree = UnitTree(units)
        for target in target_set.targets:
            for name in target.units:
                if not tree.find_by_name(name):
                    errors.print(
                        f"[yellow]Cảnh báo:[/yellow] nhiệm vụ {target.task}: cây đơn vị không có "
                        f"đơn vị «{name}»; dòng chỉ tiêu này sẽ không áp dụng cho đơn vị đó"
                    )


HISTORY_COLUMNS = (
    "version",
    "year",
    "province",
    "source_file",
    "imported_at",
    "imported_by",
    "superseded_at",
    "targets",
    "current",
)


def history(
    year: Annotated[int, typer.Option("--year", help="Năm của bộ chỉ tiêu.", show_default=False)],
    format_: FormatOption = Format.TABLE,
    output: OutputOption = None,
    home: HomeOption = None,
) -> None:
    """Lịch sử bộ chỉ tiêu của một năm: mọi lần nhập quyết định, mới nhất trước, bộ đang áp
    dụng được đánh dấu."""
    use_app_database(home_dir(home))
    from chitieu.app.targets.services import target_set_history  # noqa: PLC0415 — Django

    versions = target_set_history(year)
    if not versions:
        errors.print(
            f"Cảnh báo: chưa có bộ chỉ tiêu nào của năm {year} (chitieu decision import TỆP)",
            markup=False,
        )
    records = [
        {
            "version": v.id,
            "year": v.year,
            "province": v.province,
            "source_file": v.source_file,
            "imported_at": v.imported_at.astimezone(LOCAL_TZ).isoformat(timespec="seconds"),
            "imported_by": v.imported_by,
            "superseded_at": v.superseded_at.astimezone(LOCAL_TZ).isoformat(timespec="seconds")
            if v.superseded_at is not None
            else "",
            "targets": v.targets,
            "current": v.current,
        }
        for v in versions
    ]
    if format_ is Format.CSV:
        write_output(_csv(records, HISTORY_COLUMNS, output), output)
        return
    if format_ is Format.JSON:
        write_output(_json(records), output)
        return
    table = Table(title=f"Lịch sử bộ chỉ tiêu năm {year}")
    for heading in ("Phiên bản", "Tệp", "Nhập lúc", "Người nhập", "Số dòng chỉ tiêu", "Trạng thái"):
        table.add_column(heading)
    for v in versions:
        at = v.imported_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
        state = Text(v.state.label, style="green" if v.current else "")
        if v.superseded_at is not None:
            state.append(" lúc " + v.superseded_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M"))
        table.add_row(str(v.id), v.source_file, at, v.imported_by, integer(v.targets), state)
    _print_table(table, output=output)


def override(
    unit: Annotated[
        str, typer.Argument(help="Mã hoặc tên đơn vị (ví dụ «Sở Tư pháp»).", show_default=False)
    ],
    indicator: Annotated[
        str,
        typer.Argument(
            help="Mã chỉ số, số nhiệm vụ (ví dụ II.3) hoặc tên chỉ số (xem chitieu catalog).",
            show_default=False,
        ),
    ],
    year: Annotated[int, typer.Option("--year", help="Năm của chỉ tiêu.", show_default=False)],
    annual: Annotated[
        float | None, typer.Option("--annual", help="Chỉ tiêu năm riêng (%).", show_default=False)
    ] = None,
    q1: Annotated[
        float | None, typer.Option("--q1", help="Mốc quý I riêng (%).", show_default=False)
    ] = None,
    q2: Annotated[
        float | None, typer.Option("--q2", help="Mốc quý II riêng (%).", show_default=False)
    ] = None,
    q3: Annotated[
        float | None, typer.Option("--q3", help="Mốc quý III riêng (%).", show_default=False)
    ] = None,
    q4: Annotated[
        float | None, typer.Option("--q4", help="Mốc quý IV riêng (%).", show_default=False)
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Căn cứ (văn bản, lý do).")] = "",
    remove: Annotated[
        bool, typer.Option("--remove", help="Bỏ chỉ tiêu riêng, trở lại chỉ tiêu của phụ lục.")
    ] = False,
    home: HomeOption = None,
) -> None:
    """Đặt chỉ tiêu riêng cho một đơn vị (thay chỉ tiêu năm và/hoặc mốc quý của phụ lục), hoặc
    bỏ chỉ tiêu riêng đó. Mốc các quý (kể cả mốc phụ lục giữ lại) không được giảm dần và không
    được cao hơn chỉ tiêu năm."""
    home = home_dir(home)
    held = find_unit(UnitTree(require_units(home)), unit)
    from chitieu.app.targets.services import (  # noqa: PLC0415 — Django
        current_target_set,
        remove_override,
        set_override,
    )

    code = find_indicator(catalogue(), current_target_set(year), indicator).code
    whose = f"{unit_label(held)} cho chỉ số {code} năm {year}"
    if remove:
        removed = remove_override(year, held.code, code, actor=actor())
        console.print(
            f"Đã bỏ chỉ tiêu riêng của {whose}."
            if removed
            else f"Không có chỉ tiêu riêng nào của {whose}."
        )
        return
    milestones = tuple(Milestone(q, v) for q, v in enumerate((q1, q2, q3, q4), 1) if v is not None)
    set_override(
        year,
        Override(held.code, code, annual=annual, milestones=milestones, note=note),
        actor=actor(),
    )
    console.print(f"Đã lưu chỉ tiêu riêng của {whose}.")


def register() -> None:
    """Add ``decision import``, ``decision override`` and ``decision history``."""
    decision.app.command("import")(import_decision)
    decision.app.command("override")(override)
    decision.app.command("history")(history)
