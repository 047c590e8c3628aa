"""``chitieu status``, ``lagging``, ``reconcile`` and ``dvcqg score``: each unit judged against
its targets, the units behind, our values against the portal's, and the portal's 766 scores
recomputed. Each command reads its options, asks ``chitieu.app.home`` for the evaluation and
prints it; the words are ``chitieu.wording``'s."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from chitieu import wording
from chitieu.app.home import catalogue, evaluate_home, reconcile_home
from chitieu.cli.common import (
    HomeOption,
    OutputOption,
    console,
    errors,
    home_dir,
    show_warnings,
    write_output,
)
from chitieu.cli.tables import Column, fitted_table, output_width, print_all
from chitieu.domain import OrgUnit, Quarter
from chitieu.dvcqg import export_scores_csv, read_response, score_reports
from chitieu.dvcqg.export import COLUMNS as SCORE_COLUMNS
from chitieu.errors import ChitieuError
from chitieu.evaluation import (
    DEFAULT_THRESHOLD,
    Difference,
    Evaluation,
    Status,
    UnitEvaluation,
    lagging,
    needed_phrase,
)
from chitieu.evaluation.export import (
    RECONCILE_COLUMNS,
    STATUS_COLUMNS,
    evaluation_document,
    reconcile_record,
    status_record,
    write_csv,
)
from chitieu.formatting import integer, percent, points
from chitieu.lookup import find_level, find_unit, unit_label
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
    str,
    typer.Option(
        "--quarter",
        help="Quý đánh giá: 2024-Q3, Q3/2024, III/2024 hoặc «Quý III/2024».",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", help="Định dạng: table (bảng tiếng Việt), csv hoặc json.")
]
LevelOption = Annotated[
    str | None,
    typer.Option(
        "--level", help="Chỉ một cấp: mã (commune) hoặc tên («Cấp xã»).", show_default=False
    ),
]
UnitOption = Annotated[
    str | None,
    typer.Option("--unit", help="Chỉ một đơn vị: mã hoặc tên («Sở Tư pháp»).", show_default=False),
]
BOM = "\ufeff"
STATUS_STYLE = {
    Status.MET: "green",
    Status.NOT_MET: "red",
    Status.NOT_APPLICABLE: "dim",
    Status.NO_DATA: "yellow",
}
OUTLOOK_STYLE = {"on_track": "green", "at_risk": "yellow"}


# ---------------------------------------------------------------------------------------------
# Options


def _quarter(label: str) -> Quarter:
    try:
        return Quarter.parse(label)
    except ValueError as error:
        raise ChitieuError(f"--quarter: {error}") from error


def _level(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return find_level(catalogue(), text).code
    except ChitieuError as error:
        raise ChitieuError(f"--level: {error.message}") from error


def _unit(tree: UnitTree, text: str | None) -> OrgUnit | None:
    if text is None:
        return None
    try:
        return find_unit(tree, text)
    except ChitieuError as error:
        raise ChitieuError(f"--unit: {error.message}") from error


def _under(tree: UnitTree, unit: OrgUnit) -> set[str]:
    return {u.code for u in tree.subtree(unit.code)}


# ---------------------------------------------------------------------------------------------
# Vietnamese presentation


def _indicator_name(code: str) -> str:
    indicator = catalogue().get(code)
    return indicator.name if indicator else code


def _noun(code: str) -> str:
    indicator = catalogue().get(code)
    return indicator.needed_noun if indicator else ""


def _level_label(code: str) -> str:
    try:
        return catalogue().level(code).label
    except KeyError:
        return code


def _needed_text(row: UnitEvaluation) -> str:
    return needed_phrase(row, _noun(row.indicator))


def _records(rows: Sequence[UnitEvaluation]) -> list[dict[str, Any]]:
    return [status_record(row, _needed_text(row)) for row in rows]


def _status_cell(row: UnitEvaluation) -> Text:
    text = Text(wording.STATUS[row.status.value], style=STATUS_STYLE[row.status])
    if row.provisional and row.status.judged:
        text.append("\n" + wording.PROVISIONAL.lower(), style="dim")
    return text


def _outlook_cell(row: UnitEvaluation) -> Text:
    if row.outlook is None:
        return Text("—", style="dim")
    return Text(wording.outlook(row.outlook.value), style=OUTLOOK_STYLE[row.outlook.value])


def _marked(value: float, row: UnitEvaluation) -> str:
    return percent(value) + (wording.OVERRIDE_MARK if row.overridden else "")


def _baseline_cell(row: UnitEvaluation) -> str:
    if not row.baselines:
        return "—"
    latest = row.baselines[0]
    return f"{latest.year}: {percent(latest.baseline)} ({points(latest.change)})"


def _value_columns(quarter: Quarter) -> list[Column]:
    """The columns every status table shares, after who and what: the value, the milestone,
    the status and the count still needed are kept; the rest go when the screen is narrow, rank
    first, then the baselines, then the projection."""
    return [
        Column("Giá trị", lambda r: percent(r.value), justify="right", no_wrap=True),
        Column(f"Mốc Q.{quarter.roman}", lambda r: _marked(r.milestone, r), justify="right"),
        # Status and count may wrap («Không phát / sinh») so that an 80-column screen keeps
        # the unit and the indicator readable.
        Column("Đánh giá", _status_cell, min_width=9, ratio=2),
        Column(
            "Cần thêm",
            lambda r: wording.needed_short(r.status.value, r.needed),
            justify="right",
            min_width=8,
            ratio=2,
        ),
        Column("Số liệu", lambda r: wording.counts(r.numerator, r.denominator), 7, "right"),
        Column("Chênh lệch", lambda r: points(r.gap), 8, "right", no_wrap=True),
        Column("Cả năm", lambda r: _marked(r.annual, r), 6, "right"),
        Column("Nguồn", lambda r: wording.source(r.source), 5),
        Column("Dự báo", lambda r: percent(r.projection), 3, "right"),
        Column("Xu hướng", _outlook_cell, 4),
        Column("Năm trước", _baseline_cell, 2),
        Column("Hạng", lambda r: wording.rank_short(r.rank, r.ranked), 1, "right"),
    ]


def _title(evaluation: Evaluation, quarter: Quarter, what: str) -> str:
    title = f"{what} — {wording.quarter(quarter)}"
    if evaluation.provisional:
        title += f" ({wording.PROVISIONAL.lower()})"
    return title


def _notes(evaluation: Evaluation, quarter: Quarter) -> list[Text]:
    if evaluation.provisional and evaluation.as_of is not None:
        return [Text(wording.provisional_note(quarter, evaluation.as_of), style="yellow")]
    return []


def _legend() -> Group:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for term, meaning in wording.LEGEND:
        table.add_row(term, meaning)
    return Group(Text("Chú giải:", style="bold"), table)


def _status_table(
    rows: Sequence[UnitEvaluation], evaluation: Evaluation, quarter: Quarter, width: int
) -> Table:
    columns = [
        Column("Đơn vị", lambda r: unit_label(r.unit), min_width=14, ratio=3),
        Column(
            "Chỉ số",
            lambda r: f"{r.target.task} {_indicator_name(r.indicator)}",
            min_width=14,
            ratio=3,
        ),
        *_value_columns(quarter),
    ]
    title = _title(evaluation, quarter, "Đánh giá thực hiện chỉ tiêu")
    return fitted_table(title, columns, rows, width)


def _levels_table(evaluation: Evaluation, level: str | None, width: int) -> Table:
    columns = [
        Column("Nhiệm vụ", lambda s: s.task, no_wrap=True),
        Column("Chỉ số", lambda s: _indicator_name(s.indicator), min_width=12, ratio=3),
        Column("Cấp", lambda s: _level_label(s.level), min_width=6, ratio=1),
        Column("Mốc", lambda s: percent(s.milestone), justify="right"),
        Column("Đạt", lambda s: Text(integer(s.met), style="green"), justify="right"),
        Column(
            "Không đạt",
            lambda s: Text(integer(s.not_met), style="red" if s.not_met else ""),
            justify="right",
        ),
        Column("Không phát sinh", lambda s: integer(s.not_applicable), 2, "right"),
        Column("Chưa có số liệu", lambda s: integer(s.no_data), 3, "right"),
        Column("Số đơn vị", lambda s: integer(s.units), 1, "right"),
    ]
    summaries = [s for s in evaluation.levels if level is None or s.level == level]
    return fitted_table("Tổng hợp theo cấp", columns, summaries, width)


def _province_table(evaluation: Evaluation, width: int) -> Table:
    columns = [
        Column("Nhiệm vụ", lambda p: p.task, no_wrap=True),
        Column("Chỉ số", lambda p: _indicator_name(p.indicator), min_width=12, ratio=2),
        Column("Toàn tỉnh", lambda p: percent(p.value), justify="right"),
        Column(
            "So với các năm trước",
            lambda p: (
                "; ".join(
                    f"{b.year}: {percent(b.baseline)} ({points(b.change)})" for b in p.baselines
                )
                or "—"
            ),
            min_width=12,
            ratio=3,
        ),
    ]
    return fitted_table("Toàn tỉnh so với các năm trước", columns, evaluation.province, width)


def _unit_screen(
    unit: OrgUnit, evaluation: Evaluation, tree: UnitTree, quarter: Quarter, width: int
) -> list[Any]:
    """One unit on one screen: its indicators with what it still needs in words, its outlook
    and rank, then how the units under it stand."""
    own = [r for r in evaluation.rows if r.unit.code == unit.code]
    heading = f"{unit_label(unit)} — {_level_label(unit.level)}"
    parts: list[Any] = []
    if own:
        columns = [
            Column(
                "Chỉ số",
                lambda r: f"{r.target.task} {_indicator_name(r.indicator)}",
                min_width=14,
                ratio=2,
            ),
            Column("Giá trị", lambda r: percent(r.value), justify="right", no_wrap=True),
            Column(f"Mốc Q.{quarter.roman}", lambda r: _marked(r.milestone, r), justify="right"),
            Column("Đánh giá", _status_cell, min_width=9, ratio=2),
            Column("Còn cần", _needed_text, min_width=14, ratio=2),
            Column("Số liệu", lambda r: wording.counts(r.numerator, r.denominator), 7, "right"),
            Column("Cả năm", lambda r: _marked(r.annual, r), 6, "right"),
            Column("Dự báo", lambda r: percent(r.projection), 3, "right"),
            Column("Xu hướng", _outlook_cell, 4),
            Column("Năm trước", _baseline_cell, 2),
            Column("Hạng", lambda r: wording.rank(r.rank, r.ranked), 1, no_wrap=True),
        ]
        parts.append(fitted_table(_title(evaluation, quarter, heading), columns, own, width))
    else:
        parts.append(Text(f"{heading}: đơn vị không giữ chỉ tiêu nào của năm {quarter.year}."))
    below = _sub_units(unit, evaluation, tree)
    if below:
        parts.append(_sub_units_table(below, width))
    return parts


def _sub_units(
    unit: OrgUnit, evaluation: Evaluation, tree: UnitTree
) -> list[tuple[OrgUnit, list[UnitEvaluation]]]:
    """The nearest units under ``unit`` that hold targets (a district's communes, a
    province's departments and districts), with their rows."""
    holders: dict[str, list[UnitEvaluation]] = {}
    for row in evaluation.rows:
        holders.setdefault(row.unit.code, []).append(row)
    result: list[tuple[OrgUnit, list[UnitEvaluation]]] = []
    for code, rows in holders.items():
        if code == unit.code:
            continue
        line = [a.code for a in tree.ancestors(code)]
        if unit.code not in line:
            continue
        between = line[: line.index(unit.code)]
        if not any(a in holders for a in between):
            result.append((tree[code], rows))
    return result


def _sub_units_table(below: Sequence[tuple[OrgUnit, list[UnitEvaluation]]], width: int) -> Table:
    def tally(rows: list[UnitEvaluation], status: Status) -> str:
        return integer(sum(1 for r in rows if r.status is status))

    columns = [
        Column("Đơn vị trực thuộc", lambda b: unit_label(b[0]), min_width=16, ratio=3),
        Column("Đạt", lambda b: Text(tally(b[1], Status.MET), style="green"), justify="right"),
        Column(
            "Không đạt", lambda b: Text(tally(b[1], Status.NOT_MET), style="red"), justify="right"
        ),
        Column(
            "Chưa đạt mốc",
            lambda b: ", ".join(r.target.task for r in b[1] if r.status is Status.NOT_MET) or "—",
            min_width=10,
            ratio=2,
        ),
        Column("Không phát sinh", lambda b: tally(b[1], Status.NOT_APPLICABLE), 2, "right"),
        Column("Chưa có số liệu", lambda b: tally(b[1], Status.NO_DATA), 1, "right"),
    ]
    return fitted_table("Các đơn vị trực thuộc", columns, below, width)


def _csv(records: Sequence[dict[str, Any]], columns: Sequence[str], output: Path | None) -> str:
    buffer = io.StringIO()
    # A file gets a BOM so that Excel reads the Vietnamese right; a pipe stays plain.
    if output is not None:
        buffer.write(BOM)
    write_csv(records, columns, buffer)
    return buffer.getvalue()


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _print_table(*tables: Any, output: Path | None) -> None:
    print_all(*tables, output=output)


def _warn(evaluation: Evaluation) -> None:
    for warning in evaluation.warnings:
        errors.print(f"[yellow]Cảnh báo:[/yellow] {warning}")


# ---------------------------------------------------------------------------------------------
# Commands


def status(
    quarter: QuarterOption,
    level: LevelOption = None,
    unit: UnitOption = None,
    format_: FormatOption = Format.TABLE,
    output: OutputOption = None,
    home: HomeOption = None,
) -> None:
    """Đánh giá từng đơn vị giữ chỉ tiêu trong quý: giá trị, mốc, đạt hay không, số còn cần,
    dự báo cuối năm, xu hướng, thứ hạng. Với --unit: một màn hình cho một đơn vị và các đơn vị
    trực thuộc."""
    wanted = _quarter(quarter)
    level_code = _level(level)
    home = home_dir(home)
    result = evaluate_home(home, wanted)
    evaluation, tree = result.evaluation, result.tree
    chosen = _unit(tree, unit)
    _warn(evaluation)
    rows = [
        r
        for r in evaluation.rows
        if (level_code is None or r.unit.level == level_code)
        and (chosen is None or r.unit.code == chosen.code)
    ]
    if format_ is Format.CSV:
        write_output(_csv(_records(rows), STATUS_COLUMNS, output), output)
        return
    if format_ is Format.JSON:
        write_output(_json(evaluation_document(evaluation, _records(rows))), output)
        return
    width = output_width(output)
    parts: list[Any] = []
    if chosen is None and level_code is not None and not rows:
        # An empty table would look like missing data: say which levels do hold targets.
        holding = sorted({r.unit.level for r in evaluation.rows}, key=_level_label)
        console.print(
            f"Không có đơn vị nào thuộc «{_level_label(level_code)}» giữ chỉ tiêu của bộ chỉ tiêu "
            f"năm {wanted.year}. Các cấp giữ chỉ tiêu: "
            + ", ".join(f"«{_level_label(code)}»" for code in holding)
            + "."
        )
        return
    if chosen is not None:
        parts += _unit_screen(chosen, evaluation, tree, wanted, width)
    else:
        parts.append(_status_table(rows, evaluation, wanted, width))
        parts.append(_levels_table(evaluation, level_code, width))
        if level_code is None:
            parts.append(_province_table(evaluation, width))
    parts += _notes(evaluation, wanted)
    parts.append(_legend())
    print_all(*parts, output=output)


def lagging_command(
    quarter: QuarterOption,
    level: LevelOption = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            help="Chỉ một đơn vị và các đơn vị trực thuộc: mã hoặc tên.",
            show_default=False,
        ),
    ] = None,
    format_: FormatOption = Format.TABLE,
    output: OutputOption = None,
    home: HomeOption = None,
) -> None:
    """Các đơn vị dưới mốc của quý, chậm nhất trước, và số mỗi đơn vị còn cần để đạt mốc."""
    wanted = _quarter(quarter)
    level_code = _level(level)
    home = home_dir(home)
    result = evaluate_home(home, wanted)
    evaluation, tree = result.evaluation, result.tree
    chosen = _unit(tree, unit)
    _warn(evaluation)
    scope = _under(tree, chosen) if chosen is not None else None
    rows = lagging(
        r
        for r in evaluation.rows
        if (level_code is None or r.unit.level == level_code)
        and (scope is None or r.unit.code in scope)
    )
    records = _records(rows)
    if format_ is Format.CSV:
        write_output(_csv(records, STATUS_COLUMNS, output), output)
        return
    if format_ is Format.JSON:
        write_output(
            _json(
                {
                    "period": wanted.label,
                    "provisional": evaluation.provisional,
                    "rows": records,
                }
            ),
            output,
        )
        return
    where = f" thuộc {unit_label(chosen)}" if chosen is not None else ""
    if not rows:
        console.print(
            f"Không có đơn vị nào{where} dưới mốc {wording.quarter_phrase(wanted)}"
            + (" (tạm tính)." if evaluation.provisional else ".")
        )
        return
    numbered = list(enumerate(rows, 1))
    columns = [
        Column("Đơn vị", lambda p: unit_label(p[1].unit), min_width=16, ratio=3),
        Column(
            "Chỉ số",
            lambda p: f"{p[1].target.task} {_indicator_name(p[1].indicator)}",
            min_width=14,
            ratio=2,
        ),
        Column("Giá trị", lambda p: percent(p[1].value), justify="right", no_wrap=True),
        Column("Mốc", lambda p: _marked(p[1].milestone, p[1]), justify="right"),
        Column("Còn cần", lambda p: _needed_text(p[1]), min_width=14, ratio=3),
        Column("Chênh lệch", lambda p: Text(points(p[1].gap), style="red"), 3, "right"),
        Column("Cấp", lambda p: _level_label(p[1].unit.level), 2),
        Column("Stt", lambda p: str(p[0]), 1, "right"),
    ]
    title = _title(evaluation, wanted, f"Đơn vị chưa đạt mốc{where}")
    table = fitted_table(title, columns, numbered, output_width(output))
    print_all(table, *_notes(evaluation, wanted), output=output)


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
    result, tree = reconcile_home(home, wanted, threshold)
    records = [reconcile_record(d) for d in result.differences]
    if format_ is Format.CSV:
        write_output(_csv(records, RECONCILE_COLUMNS, output), output)
        return
    if format_ is Format.JSON:
        data = {"threshold": threshold, "compared": result.compared, "rows": records}
        write_output(_json(data), output)
        return
    if not result.portal_values:
        console.print(
            "Chưa có số liệu của Cổng DVCQG"
            + (f" trong {wording.quarter_phrase(wanted)}" if wanted else "")
            + f"; hãy nạp bằng «{wording.command('chitieu', 'ingest', 'dvcqg', 'TỆP…', home=home)}»."
        )
        return
    if not result.compared:
        console.print(
            "Không so sánh được gì: không có đơn vị, chỉ số và kỳ nào vừa có giá trị do hệ thống "
            "tính vừa có số liệu của Cổng DVCQG. Hãy kiểm tra số liệu của Cổng thuộc đúng các "
            "đơn vị của cây, đúng năm, và đã chạy «chitieu compute» cho năm đó."
        )
        return
    if not result.differences:
        console.print(
            f"Đã so sánh {integer(result.compared)} giá trị: không có đơn vị nào chênh lệch với "
            f"Cổng DVCQG quá {points(threshold)}."
        )
        return
    print_all(_reconcile_table(result.differences, tree, threshold, output), output=output)


def _reconcile_table(
    found: Sequence[Difference], tree: UnitTree, threshold: float, output: Path | None
) -> Table:
    def who(pair: Difference) -> str:
        unit = tree.get(pair.ours.unit_code)
        return unit_label(unit) if unit else pair.ours.unit_code

    def value(v: Any) -> str:
        return f"{percent(v.value)} ({wording.counts(v.numerator, v.denominator)})"

    columns = [
        Column("Đơn vị", who, min_width=16, ratio=3),
        Column("Chỉ số", lambda p: _indicator_name(p.ours.indicator), min_width=12, ratio=2),
        Column(
            "Kỳ",
            lambda p: f"{p.ours.period} ({wording.PERIOD_KIND.get(p.ours.kind, p.ours.kind)})",
        ),
        Column("Hệ thống", lambda p: value(p.ours), justify="right"),
        Column("Cổng DVCQG", lambda p: value(p.portal), justify="right"),
        Column(
            "Chênh lệch",
            lambda p: Text(points(p.difference), style="red" if p.difference < 0 else "yellow"),
            justify="right",
        ),
    ]
    title = f"Chênh lệch với Cổng DVCQG trên {points(threshold)}"
    return fitted_table(title, columns, found, output_width(output))


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
