"""``chitieu report …``: the office's documents, written to a file (``.docx``, ``.xlsx`` or
``.pdf``, told by the file's name), and the settings and templates they are made from."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from chitieu.cli.common import HomeOption, console, home_dir, write_output
from chitieu.domain import Quarter
from chitieu.errors import ChitieuError
from chitieu.reports.context import ReportContext
from chitieu.reports.settings import SETTINGS_FILE, TEMPLATES_DIR, read_settings, settings_text
from chitieu.reports.template_source import BUNDLED, TEMPLATES

app = typer.Typer(
    help="Văn bản của cơ quan theo dõi: báo cáo quý, bảng tính, mẫu văn bản và thông tin in.",
    no_args_is_help=True,
)

DocumentOutput = Annotated[
    Path,
    typer.Option(
        "-o",
        "--output",
        help="Tệp ghi ra: .docx (Word), .xlsx (Excel) hoặc .pdf (cần LibreOffice).",
        show_default=False,
    ),
]
QuarterOption = Annotated[
    str,
    typer.Option(
        "--quarter", help="Quý báo cáo: 2024-Q3, Q3/2024 hoặc III/2024.", show_default=False
    ),
]


def parse_quarter(label: str) -> Quarter:
    """``--quarter`` read, or refused in one sentence."""
    try:
        return Quarter.parse(label)
    except ValueError as error:
        raise ChitieuError(f"--quarter: {error}") from error


def kind_of(output: Path, allowed: tuple[str, ...]) -> str:
    """The document's kind from the output file's suffix (``.docx``…), or a sentence naming
    the kinds this document can be written as."""
    suffix = output.suffix.lower()
    if suffix not in allowed:
        raise ChitieuError(
            f"-o {output}: tên tệp phải kết thúc bằng {', '.join(allowed)} (loại văn bản được "
            "chọn theo đuôi tệp)"
        )
    return suffix


def write_document(
    output: Path,
    allowed: tuple[str, ...],
    builders: dict[str, Callable[[], bytes]],
) -> None:
    """Build the document the suffix of ``output`` asks for and write it atomically; a PDF is
    the Word document (else the workbook) converted by LibreOffice."""
    suffix = kind_of(output, allowed)
    if suffix == ".pdf":
        from chitieu.reports.pdf import to_pdf  # noqa: PLC0415 — only for PDF

        source = ".docx" if ".docx" in builders else ".xlsx"
        data = to_pdf(builders[source](), source)
    else:
        data = builders[suffix]()
    write_output(data, output)
    console.print(f"Đã ghi {output}")


def context_of(home: Path, quarter: Quarter) -> ReportContext:
    """The quarter's report context of the home (the clock's today)."""
    from chitieu.app.reports import report_context  # noqa: PLC0415 — Django, only when run

    return report_context(home, quarter)


@app.command("quarterly")
def quarterly(
    quarter: QuarterOption,
    output: DocumentOutput,
    home: HomeOption = None,
) -> None:
    """Báo cáo quý gửi UBND: kết quả chung, từng nhiệm vụ theo cấp, đơn vị chưa đạt mốc và số
    còn cần, dự báo cả năm, phụ lục từng đơn vị. Quý chưa kết thúc thì ghi «tạm tính»."""
    from chitieu.reports.quarterly import quarterly_docx  # noqa: PLC0415

    home = home_dir(home)
    kind_of(output, (".docx", ".pdf"))
    context = context_of(home, parse_quarter(quarter))
    write_document(
        output,
        (".docx", ".pdf"),
        {".docx": lambda: quarterly_docx(context, home)},
    )


@app.command("settings")
def settings(
    home: HomeOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Ghi đè tệp đã có (mặc định: giữ nguyên).")
    ] = False,
) -> None:
    """Ghi tệp thông tin in trên văn bản (HOME/reports.toml: cơ quan ban hành, người ký, nơi
    nhận, số ngày báo cáo lại) để sửa; tệp đã có thì giữ nguyên, trừ khi --force."""
    home = home_dir(home)
    from chitieu.app.home import require_tree  # noqa: PLC0415 — Django, only when run

    root = require_tree(home).root.name
    path = home / SETTINGS_FILE
    if path.exists() and not force:
        console.print(f"Đã có {path}; sửa trực tiếp tệp đó (hoặc --force để ghi lại từ đầu).")
        return
    # A file that exists is read first (--force rewrites it with its own values, comments
    # restored); without one, the defaults derived from the tree's root.
    write_output(settings_text(read_settings(home, root)), path)
    console.print(f"Đã ghi {path}; sửa tệp này rồi xuất lại văn bản.")


@app.command("templates")
def templates(home: HomeOption = None) -> None:
    """Chép các mẫu văn bản Word kèm theo vào HOME/templates để cơ quan sửa lời văn, bố cục;
    văn bản xuất sau đó dùng mẫu đã sửa. Mẫu đã có thì giữ nguyên."""
    home = home_dir(home)
    folder = home / TEMPLATES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name in TEMPLATES:
        target = folder / name
        if target.exists():
            console.print(f"Giữ nguyên {target} (đã có)")
            continue
        shutil.copyfile(BUNDLED / name, target)
        console.print(f"Đã chép {target}")
