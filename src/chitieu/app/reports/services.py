"""A home's documents as every caller asks for them: the command line and the page
``/bao-cao/`` build a report from the same context, read here from the home, and the same bytes
of each document (Word, Excel, PDF through LibreOffice), made here."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chitieu import wording
from chitieu.app.home import (
    catalogue,
    evaluate_home,
    facts_of,
    has_facts,
    require_tree,
    target_set_of,
)
from chitieu.clock import today as clock_today
from chitieu.domain import Quarter
from chitieu.engine.backends import backend_of
from chitieu.engine.window import window_values
from chitieu.errors import ChitieuError
from chitieu.evaluation.inputs import evaluate_inputs
from chitieu.formatting import date as format_date
from chitieu.lookup import find_unit
from chitieu.reports.adhoc import AdhocContext
from chitieu.reports.context import ReportContext
from chitieu.reports.reminders import Letter
from chitieu.reports.settings import read_settings


def report_context(home: Path, quarter: Quarter, *, today: date | None = None) -> ReportContext:
    """``quarter``'s evaluation of the home with its settings, dated ``today`` (the clock's by
    default); refused with the next step as ``evaluate_home`` refuses."""
    day = today or clock_today()
    result = evaluate_home(home, quarter, today=day)
    trend: dict[str, list[tuple[int, float | None]]] = {}
    # The same inputs judged at each earlier quarter's end: the province's line of each task.
    for number in range(1, quarter.number + 1):
        earlier = (
            result.evaluation
            if number == quarter.number
            else evaluate_inputs(
                dataclasses.replace(result.inputs, quarter=Quarter(quarter.year, number)), today=day
            )
        )
        for value in earlier.province:
            trend.setdefault(value.task, []).append((number, value.value))
    return ReportContext(
        quarter=quarter,
        evaluation=result.evaluation,
        tree=result.tree,
        target_set=result.inputs.target_set,
        catalogue=catalogue(),
        settings=read_settings(home, result.tree.root.name),
        today=day,
        trend={task: tuple(points) for task, points in trend.items()},
    )


def adhoc_inputs(
    home: Path, unit: str, start: date, end: date, *, today: date | None = None
) -> AdhocContext:
    """What the ad hoc report on ``unit``'s subtree (its code or name) from ``start`` to ``end``
    (both days included) needs: the tree, the target set of the year ``end`` falls in (a window
    may start in the year before), and the window's values computed from the facts store opened
    read-only. Refused in one Vietnamese sentence: a window ending before it starts, an unknown
    unit, a year without a target set, a home without facts."""
    if end < start:
        raise ChitieuError(
            f"--from {format_date(start)} sau --to {format_date(end)}: ngày bắt đầu phải trước "
            "hoặc trùng ngày kết thúc"
        )
    tree = require_tree(home)
    try:
        chosen = find_unit(tree, unit)
    except ChitieuError as error:
        raise ChitieuError(f"--unit: {error.message}") from error
    target_set = target_set_of(home, end.year)
    if target_set is None:
        raise ChitieuError(
            f"Chưa có bộ chỉ tiêu năm {end.year} (năm của ngày {format_date(end)}); hãy nhập "
            "quyết định giao chỉ tiêu trước: "
            f"«{wording.command('chitieu', 'decision', 'import', 'TỆP_QUYẾT_ĐỊNH', home=home)}»"
        )
    if not has_facts(home):
        raise ChitieuError(
            f"Thư mục dữ liệu {home} chưa có dữ liệu nào; hãy nạp dữ liệu trước: "
            f"«{wording.command('chitieu', 'ingest', 'dossiers', 'TỆP', home=home)}»"
        )
    from chitieu.app.targets.services import overrides  # noqa: PLC0415 — Django

    inside = {u.code for u in tree.subtree(chosen.code)}
    with facts_of(home, read_only=True) as store:
        values = window_values(
            backend_of(store), units=tree.units, catalogue=catalogue(), start=start, end=end
        )
    return AdhocContext(
        unit=chosen,
        start=start,
        end=end,
        tree=tree,
        target_set=target_set,
        catalogue=catalogue(),
        settings=read_settings(home, tree.root.name),
        today=today or clock_today(),
        values=tuple(v for v in values if v.unit_code in inside),
        overrides=tuple(overrides(end.year)),
    )


QUARTERLY_KINDS = (".docx", ".xlsx", ".pdf")
"""What the quarterly report can be written as."""

ADHOC_KINDS = (".docx", ".xlsx", ".pdf")
"""What the ad hoc report can be written as."""

DRAFT_KINDS = (".docx", ".xlsx")
"""What the draft decision can be written as."""


def pdf_available() -> bool:
    """Whether LibreOffice is installed, so that a PDF can be made."""
    from chitieu.reports.pdf import soffice  # noqa: PLC0415 — only for PDF

    return soffice() is not None


def document_bytes(kind: str, builders: dict[str, Callable[[], bytes]]) -> bytes:
    """The document of ``kind`` (``.docx``, ``.xlsx`` or ``.pdf``) built by its builder; a PDF
    is the Word document (else the workbook) converted by LibreOffice (``ChitieuError`` when it
    is missing)."""
    if kind == ".pdf":
        from chitieu.reports.pdf import to_pdf  # noqa: PLC0415 — only for PDF

        source = ".docx" if ".docx" in builders else ".xlsx"
        return to_pdf(builders[source](), source)
    return builders[kind]()


def quarterly_bytes(context: ReportContext, home: Path, kind: str) -> bytes:
    """The quarterly report of ``context`` as ``kind`` (one of ``QUARTERLY_KINDS``)."""
    from chitieu.reports.quarterly import quarterly_docx  # noqa: PLC0415 — heavy
    from chitieu.reports.workbook import build_workbook  # noqa: PLC0415

    return document_bytes(
        kind,
        {".docx": lambda: quarterly_docx(context, home), ".xlsx": lambda: build_workbook(context)},
    )


def adhoc_bytes(context: AdhocContext, home: Path, kind: str) -> bytes:
    """The ad hoc report of ``context`` as ``kind`` (one of ``ADHOC_KINDS``)."""
    from chitieu.reports.adhoc import adhoc_docx, adhoc_xlsx  # noqa: PLC0415

    return document_bytes(
        kind, {".docx": lambda: adhoc_docx(context, home), ".xlsx": lambda: adhoc_xlsx(context)}
    )


def draft_bytes(context: ReportContext, home: Path, kind: str) -> bytes:
    """The draft decision of the year after ``context``'s (the context of that year's fourth
    quarter) as ``kind`` (one of ``DRAFT_KINDS``)."""
    from chitieu.reports.draft import draft_docx, draft_target_set, draft_xlsx  # noqa: PLC0415

    proposed = draft_target_set(context)
    return document_bytes(
        kind,
        {
            ".docx": lambda: draft_docx(context, proposed, home),
            ".xlsx": lambda: draft_xlsx(proposed),
        },
    )


@dataclass(frozen=True, slots=True)
class ReminderFiles:
    """The reminder letters of a quarter as files: each letter (``.docx``, and ``.pdf`` when
    asked), then the list of the letters (``.xlsx``) named ``list_name``; no letter, no file."""

    letters: tuple[Letter, ...]
    files: tuple[tuple[str, bytes], ...]
    list_name: str


def reminder_files(
    context: ReportContext,
    home: Path,
    *,
    unit: str | None = None,
    units: Collection[str] | None = None,
    first_number: int | None = None,
    pdf: bool = False,
) -> ReminderFiles:
    """The letters of ``context``'s quarter to the units that missed a milestone — only
    ``unit``'s when given, only those among ``units`` when given (an account's scope; the
    letters are then numbered and named among these alone) — built in memory, so that a letter
    that cannot be made leaves nothing half written."""
    from chitieu.reports.reminders import letter_docx, letters, summary_xlsx  # noqa: PLC0415

    if first_number is not None and first_number < 1:
        raise ChitieuError(f"Số văn bản đầu tiên phải là số dương, không phải {first_number}")
    sent = letters(context, unit=unit)
    if units is not None:
        sent = [letter for letter in sent if letter.unit_code in units]
    sent = _numbered(sent, first_number)
    list_name = f"danh-sach-cong-van-{context.quarter.label.lower()}.xlsx"
    if not sent:
        return ReminderFiles((), (), list_name)
    documents = [(letter.file_name, letter_docx(context, letter, home)) for letter in sent]
    if pdf:
        from chitieu.reports.pdf import to_pdfs  # noqa: PLC0415 — only for PDF

        # One LibreOffice process for every letter: starting it is most of a conversion's time.
        converted = to_pdfs([data for _, data in documents], ".docx")
        documents += [
            (str(Path(name).with_suffix(".pdf")), data)
            for (name, _), data in zip(documents, converted, strict=True)
        ]
    documents.append((list_name, summary_xlsx(context, sent)))
    return ReminderFiles(tuple(sent), tuple(documents), list_name)


def _numbered(sent: list[Letter], first_number: int | None) -> list[Letter]:
    # Numbers and file prefixes counted among the letters kept (1, 2, 3… without gaps).
    from chitieu.reports.render import BLANK_NUMBER  # noqa: PLC0415

    width = len(str(len(sent)))
    return [
        dataclasses.replace(
            letter,
            number=BLANK_NUMBER if first_number is None else str(first_number + index),
            file_name=f"{index + 1:0{width}d}-{letter.file_name.split('-', 1)[1]}",
        )
        for index, letter in enumerate(sent)
    ]


def zipped(files: Collection[tuple[str, bytes]]) -> bytes:
    """``files`` (name, bytes) in one ``.zip`` archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()
