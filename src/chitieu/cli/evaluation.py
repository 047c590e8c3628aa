"""``chitieu decision import``, ``status``, ``lagging``, ``reconcile`` and ``dvcqg score``: the
year's targets stored, judged against the stored indicator values, and the portal's 766 scores
recomputed."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from babel.numbers import format_decimal
from rich import box
from rich.table import Table
from rich.text import Text

from chitieu.cli.common import (
    HomeOption,
    OutputOption,
    console,
    errors,
    home_dir,
    show_warnings,
    write_output,
)
from chitieu.cli.home import catalogue, facts_of, require_units, use_app_database
from chitieu.domain import Quarter, Source, TargetSet
from chitieu.dvcqg import export_scores_csv, read_response, score_reports
from chitieu.dvcqg.export import COLUMNS as SCORE_COLUMNS
from chitieu.engine.values import VALUES_TABLE, IndicatorValue, Scope, read_values
from chitieu.errors import ChitieuError
from chitieu.evaluation import (
    DEFAULT_THRESHOLD,
    Difference,
    Evaluation,
    Outlook,
    Override,
    PortalFigure,
    Status,
    UnitEvaluation,
    evaluate,
    lagging,
    needed_phrase,
    portal_values,
    reconcile,
)
from chitieu.evaluation.export import (
    RECONCILE_COLUMNS,
    STATUS_COLUMNS,
    evaluation_document,
    reconcile_record,
    status_record,
    write_csv,
)
from chitieu.facts import table_for
from chitieu.facts.store import FactsStore
from chitieu.formatting import integer, percent
from chitieu.units import UnitTree


class Format(StrEnum):
    """What ``status``, ``lagging`` and ``reconcile`` write."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


class ScoreFormat(StrEnum):
    """What ``dvcqg score`` writes."""

    CSV = "csv"
    JSON = "json"


QuarterOption = Annotated[
    str, typer.Option("--quarter", help="Quý đánh giá, dạng 2024-Q3.", show_default=False)
]
FormatOption = Annotated[
    Format, typer.Option("--format", help="Định dạng: table (bảng tiếng Việt), csv hoặc json.")
]

STATUS_LABELS = {
    Status.MET: ("Đạt", "green"),
    Status.NOT_MET: ("Không đạt", "red"),
    Status.NO_DATA: ("Chưa có số liệu", "yellow"),
}
OUTLOOK_LABELS = {
    Outlook.ON_TRACK: ("Kịp tiến độ", "green"),
    Outlook.AT_RISK: ("Có nguy cơ", "yellow"),
}
SOURCE_LABELS = {
    "dvcqg": "Cổng DVCQG",
    "dossiers": "Hồ sơ",
    "procedures": "Danh mục",
    "publications": "Công bố",
    "feedback": "PAKN",
    "manual": "Nhập tay",
}
BOM = "\ufeff"

# ---------------------------------------------------------------------------------------------
# Inputs


def _quarter(label: str) -> Quarter:
    try:
        return Quarter.parse(label)
    except ValueError as error:
        raise ChitieuError(f"--quarter: {error}") from error


def _target_set(year: int) -> TargetSet:
    from chitieu.app.targets.services import current_target_set  # noqa: PLC0415 — Django

    target_set = current_target_set(year)
    if target_set is None:
        raise ChitieuError(
            f"Chưa có bộ chỉ tiêu năm {year}; hãy nhập quyết định giao chỉ tiêu trước: "
            "«chitieu decision import TỆP»"
        )
    return target_set


def _overrides(year: int) -> list[Override]:
    from chitieu.app.targets.services import overrides  # noqa: PLC0415 — Django

    return overrides(year)


def _has_values(store: FactsStore) -> bool:
    return store.has_table(VALUES_TABLE)


def _stored(store: FactsStore, year: int, kinds: Sequence[str], scope: str) -> list[IndicatorValue]:
    if not _has_values(store):
        return []
    return [
        value for kind in kinds for value in read_values(store.rows, year, kind=kind, scope=scope)
    ]


def _portal_links() -> dict[str, str]:
    return {sub: i.code for i in catalogue().indicators for sub in i.dvcqg}


def _portal(store: FactsStore, root: str, years: Sequence[int] = ()) -> list[IndicatorValue]:
    table = table_for(Source.DVCQG).name
    rows = store.rows(
        f"SELECT unit_code, period, sub_indicator, numerator, denominator FROM {table} "
        "WHERE unit_code IS NOT NULL AND numerator IS NOT NULL AND denominator IS NOT NULL"
    )
    figures = [
        PortalFigure(str(r[0]), str(r[1]), str(r[2]), float(r[3]), float(r[4]))
        for r in rows
        if not years or str(r[1])[:4] in {str(y) for y in years}
    ]
    return portal_values(figures, _portal_links(), root)


def _evaluation(home: Path, quarter: Quarter) -> tuple[Evaluation, UnitTree]:
    use_app_database(home)
    tree = UnitTree(require_units(home))
    target_set = _target_set(quarter.year)
    basis = target_set.basis.value
    with facts_of(home) as store:
        if not _has_values(store):
            errors.print(
                "[yellow]Cảnh báo:[/yellow] chưa có giá trị chỉ số nào được tính; "
                "hãy chạy «chitieu compute» (mọi đơn vị sẽ là «chưa có số liệu»)"
            )
        values = [
            *_stored(store, quarter.year, (basis, "month"), Scope.TIER),
            *(
                v
                for v in _stored(store, quarter.year, (basis,), Scope.SUBTREE)
                if v.unit_code == tree.root.code
            ),
            *_portal(store, tree.root.code, (quarter.year,)),
        ]
        last_year = [
            *_stored(store, quarter.year - 1, ("month",), Scope.TIER),
            *_portal(store, tree.root.code, (quarter.year - 1,)),
        ]
    evaluation = evaluate(
        target_set,
        tree,
        values,
        quarter,
        overrides=_overrides(quarter.year),
        last_year=last_year,
    )
    for warning in evaluation.warnings:
        errors.print(f"[yellow]Cảnh báo:[/yellow] {warning}")
    return evaluation, tree


def _select(
    rows: Sequence[UnitEvaluation], tree: UnitTree, level: str | None, unit: str | None
) -> list[UnitEvaluation]:
    if level is not None and level not in {lv.code for lv in catalogue().levels}:
        known = ", ".join(lv.code for lv in catalogue().levels)
        raise ChitieuError(f"--level: không có cấp «{level}» (chỉ nhận: {known})")
    if unit is not None and unit not in tree:
        raise ChitieuError(f"--unit: không có đơn vị mã «{unit}» trong cây đơn vị")
    return [
        row
        for row in rows
        if (level is None or row.unit.level == level) and (unit is None or row.unit.code == unit)
    ]


# ---------------------------------------------------------------------------------------------
# Vietnamese presentation


def _points(value: float | None) -> str:
    """``−5,25 điểm``, ``+3 điểm``."""
    if value is None:
        return "—"
    rounded = round(value, 2) + 0.0
    sign = "+" if rounded > 0 else "−" if rounded < 0 else ""
    return f"{sign}{format_decimal(abs(rounded), locale='vi', format='#,##0.##')} điểm"


def _level_label(code: str) -> str:
    try:
        return catalogue().level(code).label
    except KeyError:
        return code


def _indicator_name(code: str) -> str:
    indicator = catalogue().get(code)
    return indicator.name if indicator else code


def _noun(code: str) -> str:
    indicator = catalogue().get(code)
    return indicator.needed_noun if indicator else ""


def _labelled(labels: dict[Any, tuple[str, str]], key: Any) -> Text:
    if key is None:
        return Text("—", style="dim")
    label, style = labels[key]
    return Text(label, style=style)


def _counts(row: UnitEvaluation) -> str:
    if row.denominator is None:
        return "—"
    return f"{integer(round(row.numerator or 0))}/{integer(round(row.denominator))}"


def _status_table(rows: Sequence[UnitEvaluation], quarter: Quarter) -> Table:
    title = f"Đánh giá thực hiện chỉ tiêu quý {quarter.roman} năm {quarter.year}"
    # One unit (--unit): named once in the title, its column's width left to the indicators.
    units = {row.unit.code: row.unit for row in rows}
    single = next(iter(units.values())) if len(units) == 1 else None
    if single is not None:
        title += f" — {single.name} ({single.code})"
    table = Table(
        title=title,
        box=box.SIMPLE_HEAVY,
        header_style="bold cyan",
        pad_edge=False,
        expand=True,
    )
    if single is None:
        table.add_column("Đơn vị", ratio=1, min_width=18, overflow="fold")
    table.add_column("Chỉ số", ratio=1, min_width=18, overflow="fold")
    for header in ("Số liệu", "Giá trị", f"Mốc Q.{quarter.roman}", "Cả năm"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("Đánh giá", no_wrap=True)
    table.add_column("Chênh lệch", justify="right", no_wrap=True)
    table.add_column("Cần thêm", justify="right", no_wrap=True)
    table.add_column("Dự báo", justify="right", no_wrap=True)
    table.add_column("Xu hướng", no_wrap=True)
    table.add_column("Hạng", justify="right", no_wrap=True)
    table.add_column("Nguồn", no_wrap=True)
    for row in rows:
        needed = (
            "—"
            if row.status is Status.NO_DATA
            else "không thể đạt"
            if row.needed is None
            else integer(row.needed)
        )
        unit = [] if single is not None else [f"{row.unit.name} ({row.unit.code})"]
        table.add_row(
            *unit,
            f"{row.target.task} {_indicator_name(row.indicator)}",
            _counts(row),
            percent(row.value),
            percent(row.milestone),
            percent(row.annual),
            _labelled(STATUS_LABELS, row.status),
            _points(row.gap),
            needed,
            percent(row.projection),
            _labelled(OUTLOOK_LABELS, row.outlook),
            "—" if row.rank is None else str(row.rank),
            SOURCE_LABELS.get(row.source or "", row.source or "—"),
        )
    return table


def _levels_table(evaluation: Evaluation, level: str | None) -> Table:
    table = Table(
        title="Tổng hợp theo cấp", box=box.SIMPLE_HEAVY, header_style="bold cyan", pad_edge=False
    )
    for header in (
        "Nhiệm vụ",
        "Chỉ số",
        "Cấp",
        "Mốc",
        "Số đơn vị",
        "Đạt",
        "Không đạt",
        "Chưa có số liệu",
    ):
        table.add_column(
            header, justify="left" if header in ("Nhiệm vụ", "Chỉ số", "Cấp") else "right"
        )
    for summary in evaluation.levels:
        if level is not None and summary.level != level:
            continue
        table.add_row(
            summary.task,
            _indicator_name(summary.indicator),
            _level_label(summary.level),
            percent(summary.milestone),
            integer(summary.units),
            Text(integer(summary.met), style="green"),
            Text(integer(summary.not_met), style="red" if summary.not_met else ""),
            integer(summary.no_data),
        )
    return table


def _province_table(evaluation: Evaluation) -> Table:
    table = Table(
        title="Toàn tỉnh so với các năm trước",
        box=box.SIMPLE_HEAVY,
        header_style="bold cyan",
        pad_edge=False,
    )
    for header in ("Nhiệm vụ", "Chỉ số", "Giá trị toàn tỉnh", "So với năm trước"):
        table.add_column(header, justify="right" if header == "Giá trị toàn tỉnh" else "left")
    for value in evaluation.province:
        compared = "; ".join(
            f"năm {b.year}: {percent(b.baseline)} ({_points(b.change)})" for b in value.baselines
        )
        table.add_row(
            value.task, _indicator_name(value.indicator), percent(value.value), compared or "—"
        )
    return table


def _csv(records: Sequence[dict[str, Any]], columns: Sequence[str], output: Path | None) -> str:
    buffer = io.StringIO()
    # A file gets a BOM so that Excel reads the Vietnamese right; a pipe stays plain.
    if output is not None:
        buffer.write(BOM)
    write_csv(records, columns, buffer)
    return buffer.getvalue()


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _print_table(*tables: Table, output: Path | None) -> None:
    if output is None:
        for table in tables:
            console.print(table)
        return
    recorder = console.__class__(record=True, width=200, file=io.StringIO())
    for table in tables:
        recorder.print(table)
    write_output(recorder.export_text(), output)


# ---------------------------------------------------------------------------------------------
# Commands


def status(
    quarter: QuarterOption,
    level: Annotated[
        str | None, typer.Option("--level", help="Chỉ một cấp (ví dụ commune).", show_default=False)
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Chỉ một đơn vị (mã).", show_default=False)
    ] = None,
    format_: FormatOption = Format.TABLE,
    output: OutputOption = None,
    home: HomeOption = None,
) -> None:
    """Đánh giá từng đơn vị giữ chỉ tiêu trong quý: giá trị, mốc, đạt hay không, chênh lệch, số
    còn cần, dự báo cuối năm, xu hướng, thứ hạng."""
    wanted = _quarter(quarter)
    evaluation, tree = _evaluation(home_dir(home), wanted)
    rows = _select(evaluation.rows, tree, level, unit)
    if format_ is Format.CSV:
        write_output(_csv([status_record(r) for r in rows], STATUS_COLUMNS, output), output)
    elif format_ is Format.JSON:
        write_output(_json(evaluation_document(evaluation, rows)), output)
    else:
        tables = [_status_table(rows, wanted), _levels_table(evaluation, level)]
        if level is None and unit is None:
            tables.append(_province_table(evaluation))
        _print_table(*tables, output=output)


def lagging_command(
    quarter: QuarterOption,
    level: Annotated[
        str | None, typer.Option("--level", help="Chỉ một cấp (ví dụ commune).", show_default=False)
    ] = None,
    format_: FormatOption = Format.TABLE,
    output: OutputOption = None,
    home: HomeOption = None,
) -> None:
    """Các đơn vị dưới mốc của quý, chậm nhất trước, và số mỗi đơn vị còn cần để đạt mốc."""
    wanted = _quarter(quarter)
    evaluation, tree = _evaluation(home_dir(home), wanted)
    rows = lagging(_select(evaluation.rows, tree, level, None))
    records = [
        {**status_record(r), "needed_text": needed_phrase(r, _noun(r.indicator))} for r in rows
    ]
    if format_ is Format.CSV:
        write_output(_csv(records, (*STATUS_COLUMNS, "needed_text"), output), output)
        return
    if format_ is Format.JSON:
        write_output(_json({"period": wanted.label, "rows": records}), output)
        return
    if not rows:
        console.print(f"Không có đơn vị nào dưới mốc quý {wanted.roman} năm {wanted.year}.")
        return
    table = Table(
        title=f"Đơn vị chưa đạt mốc quý {wanted.roman} năm {wanted.year}",
        box=box.SIMPLE_HEAVY,
        header_style="bold cyan",
        pad_edge=False,
    )
    for header in (
        "Stt",
        "Đơn vị",
        "Cấp",
        "Nhiệm vụ",
        "Chỉ số",
        "Giá trị",
        "Mốc",
        "Chênh lệch",
        "Còn cần",
    ):
        table.add_column(header, overflow="fold")
    for number, (row, record) in enumerate(zip(rows, records, strict=True), 1):
        table.add_row(
            str(number),
            f"{row.unit.name} ({row.unit.code})",
            _level_label(row.unit.level),
            row.target.task,
            _indicator_name(row.indicator),
            percent(row.value),
            percent(row.milestone),
            Text(_points(row.gap), style="red"),
            record["needed_text"],
        )
    _print_table(table, output=output)


def reconcile_command(
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter", help="Chỉ các kỳ trong quý này (dạng 2024-Q3).", show_default=False
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold", help="Chênh lệch tối thiểu được liệt kê (điểm phần trăm).", min=0
        ),
    ] = DEFAULT_THRESHOLD,
    format_: FormatOption = Format.TABLE,
    output: OutputOption = None,
    home: HomeOption = None,
) -> None:
    """Các đơn vị có giá trị do hệ thống tính khác số liệu của Cổng DVCQG quá ngưỡng, chênh
    nhiều nhất trước."""
    wanted = _quarter(quarter) if quarter is not None else None
    home = home_dir(home)
    tree = UnitTree(require_units(home))
    with facts_of(home) as store:
        portal = _portal(store, tree.root.code, (wanted.year,) if wanted else ())
        years = sorted({v.year for v in portal})
        ours = [
            v
            for year in years
            for scope in (Scope.TIER, Scope.SUBTREE)
            for v in _stored(store, year, ("month", "quarter", "ytd", "year"), scope)
            if scope == Scope.TIER or v.unit_code == tree.root.code
        ]
    found = [d for d in reconcile([*ours, *portal], threshold) if _in(d, wanted)]
    records = [reconcile_record(d) for d in found]
    if format_ is Format.CSV:
        write_output(_csv(records, RECONCILE_COLUMNS, output), output)
        return
    if format_ is Format.JSON:
        write_output(_json({"threshold": threshold, "rows": records}), output)
        return
    if not portal:
        console.print("Chưa có số liệu của Cổng DVCQG; hãy nạp bằng «chitieu ingest dvcqg TỆP…».")
        return
    if not found:
        console.print(f"Không có đơn vị nào chênh lệch với Cổng DVCQG quá {_points(threshold)}.")
        return
    _print_table(_reconcile_table(found, tree, threshold), output=output)


def _in(difference: Difference, quarter: Quarter | None) -> bool:
    if quarter is None:
        return True
    period = difference.ours.period
    if difference.ours.kind == "month":
        year, month = period.split("-")
        return int(year) == quarter.year and (int(month) - 1) // 3 + 1 == quarter.number
    return period == quarter.label


def _reconcile_table(found: Sequence[Difference], tree: UnitTree, threshold: float) -> Table:
    table = Table(
        title=f"Chênh lệch với Cổng DVCQG trên {_points(threshold)}",
        box=box.SIMPLE_HEAVY,
        header_style="bold cyan",
        pad_edge=False,
    )
    for header in ("Đơn vị", "Chỉ số", "Kỳ", "Hệ thống", "Cổng DVCQG", "Chênh lệch"):
        table.add_column(header, overflow="fold")
    kinds = {"month": "tháng", "quarter": "trong quý", "ytd": "lũy kế", "year": "năm"}
    for pair in found:
        unit = tree.get(pair.ours.unit_code)
        name = f"{unit.name} ({unit.code})" if unit else pair.ours.unit_code
        table.add_row(
            name,
            _indicator_name(pair.ours.indicator),
            f"{pair.ours.period} ({kinds.get(pair.ours.kind, pair.ours.kind)})",
            f"{percent(pair.ours.value)} ({integer(round(pair.ours.numerator))}/{integer(round(pair.ours.denominator))})",
            f"{percent(pair.portal.value)} ({integer(round(pair.portal.numerator))}/{integer(round(pair.portal.denominator))})",
            Text(_points(pair.difference), style="red" if pair.difference < 0 else "yellow"),
        )
    return table


dvcqg_app = typer.Typer(help="Chỉ số 766 của Cổng Dịch vụ công quốc gia.", no_args_is_help=True)


@dvcqg_app.command("score")
def score(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Các tệp phản hồi của Cổng (JSON), mỗi tệp một nhóm tiêu chí.", show_default=False
        ),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Kỳ của các tệp (2026-08, 2026-Q3, 2026) khi không có manifest.m0.json.",
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        ScoreFormat, typer.Option("--format", help="Định dạng: csv hoặc json.")
    ] = ScoreFormat.CSV,
    output: OutputOption = None,
) -> None:
    """Tính lại điểm 766 của từng đơn vị theo từng tiêu chí và nhóm từ chính tử số, mẫu số của
    Cổng, bên cạnh điểm Cổng công bố; thêm dòng tổng của mỗi đơn vị khi các tệp là các nhóm khác
    nhau của cùng một kỳ."""
    reports = [read_response(path, period) for path in files]
    for report in reports:
        show_warnings(report.warnings)
    rows = score_reports(reports)
    if format_ is ScoreFormat.JSON:
        records = [
            dict(
                zip(
                    SCORE_COLUMNS,
                    (
                        r.unit_code,
                        r.unit_name,
                        r.group,
                        r.sub_indicator,
                        r.numerator,
                        r.denominator,
                        r.score,
                        r.portal_score,
                    ),
                    strict=True,
                )
            )
            for r in rows
        ]
        write_output(_json(records), output)
        return
    buffer = io.StringIO()
    if output is not None:
        buffer.write(BOM)
    export_scores_csv(rows, buffer)
    write_output(buffer.getvalue(), output)


def register(app: typer.Typer) -> None:
    """Add ``status``,
    ``lagging``, ``reconcile`` and ``dvcqg score`` to the command line."""
    app.command("status")(status)
    app.command("lagging")(lagging_command)
    app.command("reconcile")(reconcile_command)
    app.add_typer(dvcqg_app, name="dvcqg")


_: Callable[..., None] = score  # registered on dvcqg_app by its decorator
