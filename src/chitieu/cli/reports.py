"""``chitieu report …``: the office's documents, written to a file (``.docx``, ``.xlsx`` or
``.pdf``, told by the file's name), and the settings and templates they are made from."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from chitieu.cli.common import HomeOption, console, home_dir, write_output
from chitieu.domain import Quarter
from chitieu.errors import ChitieuError
from chitieu.formatting import date as format_date
from chitieu.reports.context import ReportContext
from chitieu.reports.settings import SETTINGS_FILE, TEMPLATES_DIR, read_settings, settings_text
from chitieu.reports.template_source import BUNDLED, TEMPLATES
from chitieu.wording import quarter as wording_quarter

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


def write_document(output: Path, data: bytes) -> None:
    """Write the document built for ``output`` atomically and say so."""
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
    """Báo cáo quý gửi UBND (.docx, .pdf): kết quả chung, từng nhiệm vụ theo cấp kèm biểu đồ,
    đơn vị chưa đạt mốc và số còn cần, dự báo cả năm, phụ lục từng đơn vị; hoặc bảng tính
    (.xlsx): bảng tổng hợp đơn vị × nhiệm vụ tô màu theo kết quả và một trang cho mỗi nhiệm vụ.
    Quý chưa kết thúc thì ghi «tạm tính»."""
    from chitieu.app.reports.services import QUARTERLY_KINDS, quarterly_bytes  # noqa: PLC0415

    home = home_dir(home)
    kind = kind_of(output, QUARTERLY_KINDS)
    context = context_of(home, parse_quarter(quarter))
    write_document(output, quarterly_bytes(context, home, kind))


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


def reminders(
    quarter: QuarterOption,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Thư mục ghi các công văn (tạo mới nếu chưa có).",
            show_default=False,
        ),
    ],
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", help="Chỉ công văn gửi một đơn vị: mã hoặc tên.", show_default=False
        ),
    ] = None,
    first_number: Annotated[
        int | None,
        typer.Option(
            "--first-number",
            help="Số văn bản của công văn đầu tiên (các công văn sau tăng dần); mặc định để "
            "trống cho văn thư ghi khi đăng ký.",
            show_default=False,
        ),
    ] = None,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf",
            help="Ghi thêm bản PDF của mỗi công văn, cạnh tệp .docx (cần LibreOffice).",
        ),
    ] = False,
    home: HomeOption = None,
) -> None:
    """Công văn đôn đốc: mỗi đơn vị chưa đạt ít nhất một mốc của quý một công văn gửi người
    đứng đầu, nêu từng chỉ tiêu chưa đạt, chênh lệch, số còn cần và hạn báo cáo lại; kèm danh
    sách công văn (.xlsx). Với --pdf, mỗi công văn có thêm bản PDF cùng tên."""
    from chitieu.app.reports.services import reminder_files  # noqa: PLC0415 — Django
    from chitieu.lookup import find_unit  # noqa: PLC0415

    home = home_dir(home)
    if output.exists() and not output.is_dir():
        raise ChitieuError(f"-o {output}: đã có một tệp tên này; hãy chỉ một thư mục")
    if first_number is not None and first_number < 1:
        raise ChitieuError(f"--first-number phải là số dương, không phải {first_number}")
    wanted = parse_quarter(quarter)
    context = context_of(home, wanted)
    code = None
    if unit is not None:
        try:
            code = find_unit(context.tree, unit).code
        except ChitieuError as error:
            raise ChitieuError(f"--unit: {error.message}") from error
    # Built in memory first: a letter that cannot be made leaves the folder as it was.
    made = reminder_files(context, home, unit=code, first_number=first_number, pdf=pdf)
    if not made.letters:
        who = context.tree[code].name if code else "Tất cả các đơn vị"
        console.print(f"{who} đạt mọi mốc của {wording_quarter(wanted)}: không có công văn nào.")
        return
    output.mkdir(parents=True, exist_ok=True)
    for name, data in made.files:
        write_output(data, output / name)
    console.print(
        f"Đã ghi {len(made.letters)} công văn{' (.docx và .pdf)' if pdf else ''} vào {output}, "
        f"hạn báo cáo lại {format_date(made.letters[0].reply_by)}; danh sách: "
        f"{output / made.list_name}"
    )


def parse_day(option: str, text: str) -> date:
    """A day written dd/mm/yyyy or yyyy-mm-dd, or a sentence naming the option.

    >>> parse_day("--from", "17/03/2024"), parse_day("--to", "2024-05-04")
    (datetime.date(2024, 3, 17), datetime.date(2024, 5, 4))
    """
    written = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(written, pattern).date()  # noqa: DTZ007 — a calendar day
        except ValueError:
            continue
    raise ChitieuError(
        f"{option}: «{text}» không phải một ngày; hãy viết ngày/tháng/năm (17/03/2024) hoặc "
        "năm-tháng-ngày (2024-03-17)"
    )


def adhoc(
    unit: Annotated[
        str,
        typer.Option(
            "--unit",
            help="Đơn vị báo cáo (mã hoặc tên): cả đơn vị và các đơn vị trực thuộc.",
            show_default=False,
        ),
    ],
    start: Annotated[
        str,
        typer.Option(
            "--from",
            help="Ngày đầu (tính cả ngày này): 17/03/2024 hoặc 2024-03-17.",
            show_default=False,
        ),
    ],
    end: Annotated[
        str,
        typer.Option(
            "--to",
            help="Ngày cuối (tính cả ngày này): 04/05/2024 hoặc 2024-05-04.",
            show_default=False,
        ),
    ],
    output: DocumentOutput,
    home: HomeOption = None,
) -> None:
    """Báo cáo đột xuất của một đơn vị và các đơn vị trực thuộc trong một khoảng thời gian bất
    kỳ (.docx, .xlsx, .pdf): số liệu tính trực tiếp từ dữ liệu cho đúng khoảng thời gian đó,
    cùng cách tính chỉ tiêu; mỗi nhiệm vụ một bảng các đơn vị được giao, kèm mốc quý và chỉ tiêu
    năm để tham khảo."""
    from chitieu.app.reports.services import (  # noqa: PLC0415 — Django, only when run
        ADHOC_KINDS,
        adhoc_bytes,
        adhoc_inputs,
    )

    home = home_dir(home)
    kind = kind_of(output, ADHOC_KINDS)
    first, last = parse_day("--from", start), parse_day("--to", end)
    context = adhoc_inputs(home, unit, first, last)
    write_document(output, adhoc_bytes(context, home, kind))


def register(root: typer.Typer) -> None:
    """Add the report group and ``reminders`` to the command line."""
    from chitieu.cli import decision  # noqa: PLC0415 — the decision group is a sibling

    root.add_typer(app, name="report")
    app.command("adhoc")(adhoc)
    root.command("reminders")(reminders)
    decision.app.command("draft")(draft)


def draft(
    year: Annotated[
        int, typer.Option("--year", help="Năm của dự thảo (năm sau năm đã có kết quả).")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Tệp ghi ra: .docx (Word) hoặc .xlsx (Excel).",
            show_default=False,
        ),
    ],
    home: HomeOption = None,
) -> None:
    """Dự thảo quyết định giao chỉ tiêu năm sau: cùng các nhiệm vụ, chỉ tiêu năm đề xuất từ
    kết quả năm nay (không thấp hơn chỉ tiêu và kết quả đã đạt, tăng tới chỉ tiêu quốc gia nếu
    có trong reports.toml), lộ trình giãn như năm nay, kết quả năm nay và năm trước ở ghi chú.
    Đọc lại được bằng «chitieu decision show»."""
    from chitieu.app.reports.services import DRAFT_KINDS, draft_bytes  # noqa: PLC0415 — Django

    home = home_dir(home)
    kind = kind_of(output, DRAFT_KINDS)
    context = context_of(home, Quarter(year - 1, 4))
    write_document(output, draft_bytes(context, home, kind))
    if context.provisional:
        console.print(
            f"Lưu ý: năm {year - 1} chưa kết thúc; đề xuất dựa trên kết quả tạm tính đến nay."
        )
