"""``chitieu facts summary``: what the facts store holds, and where it came from."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chitieu.cli.common import HomeOption, OutputOption, home_dir, write_output
from chitieu.cli.home import facts_of, has_facts, units_of
from chitieu.facts.summary import UNMATCHED, FactsSummary, empty_summary, summarize

app = typer.Typer(help="Kho dữ liệu đã nạp.", no_args_is_help=True)


class SummaryFormat(StrEnum):
    """Formats ``facts summary`` writes."""

    TABLE = "table"
    JSON = "json"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _count(value: int | None, unknown: str = "") -> str:
    return unknown if value is None else _number(value)


def _table(title: str) -> Table:
    # Titles are left-aligned and never wrapped to the width of a narrow table.
    return Table(title=title, title_justify="left", min_width=len(title))


def _tables(summary: FactsSummary, names: Mapping[str, str]) -> list[Table]:
    """The summary as Rich tables: the totals, then per table its months and units (with their
    names from the unit tree: a commune's code alone tells an office nothing), then the import
    history."""
    totals = _table("Số dòng theo bảng")
    for column in ("Bảng", "Số dòng", "Số đơn vị", "Từ", "Đến"):
        totals.add_column(column, justify="right" if column in ("Số dòng", "Số đơn vị") else "left")
    for name, table in summary.tables.items():
        labels = sorted(table.by_month)
        totals.add_row(
            name,
            _number(table.rows),
            _number(len(table.by_unit)),
            labels[0] if labels else "",
            labels[-1] if labels else "",
        )
    shown = [totals]
    for name, table in summary.tables.items():
        if table.by_month:
            months = _table(f"{name}: số dòng theo tháng (kỳ)")
            months.add_column("Tháng/kỳ")
            months.add_column("Số dòng", justify="right")
            for month, rows in table.by_month.items():
                months.add_row(month, _number(rows))
            shown.append(months)
        if table.by_unit:
            units = _table(f"{name}: số dòng theo đơn vị")
            units.add_column("Mã đơn vị")
            units.add_column("Tên đơn vị")
            units.add_column("Số dòng", justify="right")
            for unit, rows in table.by_unit.items():
                if unit == UNMATCHED:
                    units.add_row("(chưa khớp đơn vị)", "", _number(rows))
                else:
                    units.add_row(
                        unit, names.get(unit, "(không có trong cây đơn vị)"), _number(rows)
                    )
            shown.append(units)
    history = _table("Lịch sử nạp dữ liệu")
    columns = ("Số", "Loại", "Tệp", "Người nạp", "Lúc", "Dòng đọc", "Mới", "Thay thế", "Không đổi")
    for column in (*columns, "SHA-256"):
        history.add_column(column, justify="right" if column in columns[5:] else "left")
    for record in summary.imports:
        history.add_row(
            str(record.id),
            record.source,
            record.file,
            record.actor,
            record.imported_at.strftime("%d/%m/%Y %H:%M:%S"),
            _number(record.rows_read),
            # An import recorded before the counts were kept tells only the rows written.
            _count(record.rows_new, f"({_number(record.rows_written)} dòng ghi)"),
            _count(record.rows_replaced),
            _count(record.rows_unchanged),
            record.checksum[:12],
        )
    shown.append(history)
    return shown


def _render(tables: list[Table]) -> str:
    buffer = io.StringIO()
    output = Console(file=buffer, width=160, highlight=False, color_system=None)
    for table in tables:
        output.print(table)
    return buffer.getvalue()


@app.command("summary")
def summary(
    format: Annotated[
        SummaryFormat, typer.Option("--format", help="Định dạng: table hoặc json.")
    ] = SummaryFormat.TABLE,
    output: OutputOption = None,
    home: HomeOption = None,
) -> None:
    """Số dòng của từng bảng dữ liệu, theo đơn vị và theo tháng, cùng lịch sử nạp (tệp, mã
    kiểm tra, người nạp, thời điểm, số dòng)."""
    home_path: Path = home_dir(home)
    if has_facts(home_path):
        with facts_of(home_path) as store:
            result = summarize(store)
    else:
        result = empty_summary()
    if format is SummaryFormat.JSON:
        write_output(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", output)
        return
    # A home with facts has its unit tree (an import needs it); a home without has nothing to
    # name, and a read-only command must not create its application database.
    units = units_of(home_path) if has_facts(home_path) else []
    write_output(_render(_tables(result, {unit.code: unit.name for unit in units})), output)


def register(root: typer.Typer) -> None:
    """Add ``facts`` to the command line."""
    root.add_typer(app, name="facts")
