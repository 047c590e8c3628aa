"""``chitieu ingest``: load facts from the files other systems export, all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from chitieu.cli.common import HomeOption, console, errors, home_dir
from chitieu.cli.home import (
    actor,
    catalogue,
    creates_facts,
    facts_of,
    require_units,
    use_app_database,
)
from chitieu.domain import Source
from chitieu.facts.store import ImportRecord, discard_store
from chitieu.formatting import integer
from chitieu.sources.ingest import FileProgress, IngestReport, ingest
from chitieu.sources.portal import ingest_portal

LARGE_INPUT = 20 << 20
"""Files of this many bytes in all get a progress bar; smaller ones are read in a moment."""

app = typer.Typer(
    help="Nạp dữ liệu (hồ sơ, thủ tục, công bố, phản ánh kiến nghị, số liệu nhập tay, báo cáo "
    "766 của Cổng DVCQG) từ tệp CSV, Excel (.xlsx), Parquet hoặc JSON. Tệp có lỗi thì không "
    "lưu gì.",
    no_args_is_help=True,
)

Files = Annotated[
    list[Path],
    typer.Argument(help="Các tệp cần nạp.", show_default=False),
]
Force = Annotated[
    bool,
    typer.Option("--force", help="Đọc lại cả tệp đã nạp trước đây (cùng nội dung)."),
]


@contextmanager
def _progress(files: list[Path]) -> Iterator[FileProgress | None]:
    """A progress bar on stderr while large files are read; none for small ones."""
    total = sum(path.stat().st_size for path in files if path.is_file())
    if total < LARGE_INPUT:
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
        # Scripts read stderr for the refusal: a bar is drawn only on a terminal.
        disable=not errors.is_terminal,
    )
    tasks: dict[str, TaskID] = {}

    def advance(name: str, done: int, size: int) -> None:
        if name not in tasks:
            tasks[name] = bar.add_task(f"Đọc {name}", total=size)
        # Once read, a large file still takes a while to check and write: say so.
        what = "Kiểm tra và ghi" if size and done >= size else "Đọc"
        bar.update(tasks[name], completed=done, description=f"{what} {name}")

    with bar:
        yield advance


def counts_text(record: ImportRecord) -> str:
    """«1.234 dòng mới, 56 dòng thay thế, 7 dòng không đổi»; for an import recorded before the
    three were kept, the rows written."""
    if record.rows_new is None or record.rows_replaced is None or record.rows_unchanged is None:
        return f"{integer(record.rows_written)} dòng đã ghi"
    return (
        f"{integer(record.rows_new)} dòng mới, {integer(record.rows_replaced)} dòng thay thế, "
        f"{integer(record.rows_unchanged)} dòng không đổi"
    )


def _report(report: IngestReport) -> None:
    for warning in report.warnings:
        # One line per warning, never wrapped: scripts grep these.
        errors.print(f"Cảnh báo: {warning.describe()}", markup=False, soft_wrap=True)
    for name, earlier in report.skipped:
        at = earlier.imported_at.strftime("%d/%m/%Y %H:%M")
        console.print(
            f"Bỏ qua {name}: cùng nội dung đã nạp lúc {at} (lần nạp số {earlier.id}); "
            "dùng --force để đọc lại."
        )
    for record in report.imports:
        console.print(f"Đã nạp {record.file}: {counts_text(record)} (bảng {record.source}).")


def _ingest(
    source: Source,
    files: list[Path],
    force: bool,
    home: Path | None,
    period: str | None = None,
) -> None:
    """Run one import; a store this command created is removed again if the input is refused,
    so that a refused command leaves the home exactly as it was."""
    home = home_dir(home)
    units = require_units(home)
    created = creates_facts(home)
    try:
        with facts_of(home) as store, _progress(files) as progress:
            if source is Source.DVCQG:
                report = ingest_portal(
                    store,
                    files,
                    units=units,
                    actor=actor(),
                    period=period,
                    force=force,
                    progress=progress,
                )
            else:
                report = ingest(
                    store,
                    source,
                    files,
                    units=units,
                    catalogue=catalogue(),
                    actor=actor(),
                    force=force,
                    progress=progress,
                )
    except BaseException:
        if created:
            discard_store(home)
        raise
    _report(report)


@app.command("dossiers")
def dossiers(files: Files, force: Force = False, home: HomeOption = None) -> None:
    """Hồ sơ từ hệ thống thông tin giải quyết TTHC: cột chuẩn (dossier_code, unit_code,
    channel, received_at, status…) hoặc tên trường đồng bộ DVCQG (MaHoSo, NgayTiepNhan…).
    Hồ sơ đã có được thay bằng bản mới. Khi đã nạp danh mục thủ tục, mã thủ tục phải có trong
    danh mục."""
    _ingest(Source.DOSSIERS, files, force, home)


@app.command("procedures")
def procedures(files: Files, force: Force = False, home: HomeOption = None) -> None:
    """Danh mục thủ tục theo đơn vị: procedure_code, name, unit_code, eligible_full_online,
    online_level (full, partial, none), is_copy_certification."""
    _ingest(Source.PROCEDURES, files, force, home)


@app.command("publications")
def publications(files: Files, force: Force = False, home: HomeOption = None) -> None:
    """Quyết định công bố thủ tục: procedure_code, unit_code, legal_basis_effective_on,
    published_on."""
    _ingest(Source.PUBLICATIONS, files, force, home)


@app.command("feedback")
def feedback(files: Files, force: Force = False, home: HomeOption = None) -> None:
    """Phản ánh, kiến nghị: feedback_code, unit_code, received_at, due_at (mặc định 15 ngày
    làm việc sau khi tiếp nhận), resolved_at."""
    _ingest(Source.FEEDBACK, files, force, home)


@app.command("manual")
def manual(files: Files, force: Force = False, home: HomeOption = None) -> None:
    """Số liệu nhập tay có minh chứng: indicator, unit_code, period, numerator, denominator,
    evidence; chỉ nhận chỉ số nhập tay của danh mục, tử số không lớn hơn mẫu số."""
    home_path = home_dir(home)
    # Manual values are audited in the application database: Django is set up before the
    # service (and its models) is imported. A home not made yet is refused here.
    use_app_database(home_path, create=False)
    from chitieu.app.data.services import import_manual_values  # noqa: PLC0415

    with _progress(files) as progress:
        imported = import_manual_values(
            home_path, files, actor=actor(), force=force, progress=progress
        )
    _report(imported.report)


@app.command("dvcqg")
def dvcqg(
    files: Files,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Kỳ của các tệp (2026-08, 2026-Q3, 2026) khi không có manifest.m0.json ghi kỳ.",
            show_default=False,
        ),
    ] = None,
    force: Force = False,
    home: HomeOption = None,
) -> None:
    """Phản hồi chỉ số 766 của Cổng Dịch vụ công quốc gia (JSON đã lưu): tử số, mẫu số, tỷ lệ,
    điểm của từng đơn vị theo chỉ số thành phần và kỳ; đơn vị của cổng được khớp theo mã hoặc
    tên, đơn vị không khớp được báo."""
    _ingest(Source.DVCQG, files, force, home, period)


def register(root: typer.Typer) -> None:
    """Add ``ingest`` to the command line."""
    root.add_typer(app, name="ingest")
