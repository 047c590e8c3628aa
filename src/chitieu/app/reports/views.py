"""``/bao-cao/``: an official generates the office's documents on request and downloads them —
the quarterly report, the ad hoc report of a unit's subtree, the reminder letters of a quarter,
the draft decision of next year.

Each address reads its state from ``access.page_state`` (the account's scope); what a role may
make is ``permissions``'s; a unit outside the scope raises ``OutOfScopeError`` (403, by the
middleware). A refusal of the services (``ChitieuError``: no target set, no data…) is shown on
the page as its sentence, next to the form that asked. The forms are ``GET``: generating a
document changes nothing, and the page works without JavaScript."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chitieu import wording
from chitieu.app.accounts.choices import Role
from chitieu.app.accounts.scope import Scope
from chitieu.app.dashboard.access import PageState, home, page_state
from chitieu.app.reports import forms, services
from chitieu.clock import today as clock_today
from chitieu.domain import Quarter
from chitieu.errors import ChitieuError
from chitieu.formatting import date as format_date
from chitieu.reports.reminders import slug

MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}

NO_PDF = (
    "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF. Hãy tải bản Word (.docx) rồi lưu "
    "thành PDF trong Word, hoặc nhờ người quản trị cài LibreOffice "
    "(«sudo apt-get install -y libreoffice-writer-nogui»)."
)


@dataclass(frozen=True, slots=True)
class Permissions:
    """What an account may make on the page."""

    quarterly: bool
    adhoc: bool
    reminders: bool
    draft: bool

    @property
    def anything(self) -> bool:
        """Whether the account may make any document."""
        return self.quarterly or self.adhoc or self.reminders or self.draft


def permissions(scope: Scope) -> Permissions:
    """The provincial office makes everything; a unit's focal point and leader the ad hoc
    report and the letters of their own subtree; a viewer the quarterly report alone. The
    quarterly report covers the whole province: only an account that sees the whole province
    gets it."""
    office = scope.role is Role.OFFICE
    of_a_unit = scope.role in (Role.FOCAL_POINT, Role.LEADER)
    return Permissions(
        quarterly=scope.everything,
        adhoc=office or of_a_unit,
        reminders=office or of_a_unit,
        draft=office,
    )


def ascii_name(name: str) -> str:
    """A file name in ASCII for the clients that ignore ``filename*``.

    >>> ascii_name("Báo cáo quý III năm 2024.docx")
    'bao-cao-quy-iii-nam-2024.docx'
    """
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    folded = unicodedata.normalize("NFKD", suffix).encode("ascii", "ignore").decode()
    return (slug(stem) or "tai-ve") + (f".{folded}" if folded else "")


def download(request: HttpRequest, data: bytes, name: str) -> HttpResponse:
    """``data`` as an attachment named ``name`` (Vietnamese kept by RFC 5987's ``filename*``,
    an ASCII fallback in ``filename``), typed by the name's suffix."""
    suffix = "." + name.rpartition(".")[2].lower()
    response = HttpResponse(data, content_type=MEDIA_TYPES[suffix])
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _unit_choices(state: PageState) -> list[tuple[str, str]]:
    # The units in scope, each under its parent (indented), from the scope's own unit down.
    tree = state.snap.tree
    top = tree.root.code if state.scope.everything else state.scope.unit_code
    if top is None or top not in tree:
        return []
    choices: list[tuple[str, str]] = []
    stack = [(top, 0)]
    while stack:
        code, depth = stack.pop()
        unit = tree[code]
        choices.append((code, "\u00a0\u00a0" * depth + unit.name))
        stack += [(child.code, depth + 1) for child in reversed(tree.children(code))]
    return choices


def _years(state: PageState, today: date) -> list[tuple[str, str]]:
    # A draft is for the year after one with a target set.
    years = sorted({q.year for q in state.quarters}, reverse=True)
    return [
        (
            str(year + 1),
            f"Năm {year + 1} (từ kết quả năm {year}"
            + (", tạm tính)" if date(year + 1, 1, 1) > today else ")"),
        )
        for year in years
    ]


@dataclass(frozen=True, slots=True)
class _Choices:
    quarters: list[tuple[str, str]]
    units: list[tuple[str, str]]
    years: list[tuple[str, str]]
    today: date


def _choices(state: PageState) -> _Choices:
    today = clock_today()
    return _Choices(
        quarters=forms.quarter_choices(state.quarters, today),
        units=_unit_choices(state),
        years=_years(state, today),
        today=today,
    )


def _quarterly_form(data: Any, state: PageState, choices: _Choices) -> forms.QuarterlyForm:
    return forms.QuarterlyForm(
        data,
        quarters=choices.quarters,
        kinds=forms.kind_choices(services.QUARTERLY_KINDS),
        initial={"quy": state.quarter.label, "dang": "docx"},
    )


def _adhoc_form(data: Any, state: PageState, choices: _Choices) -> forms.AdhocForm:
    last = min(state.quarter.end - timedelta(days=1), choices.today)
    return forms.AdhocForm(
        data,
        units=choices.units,
        kinds=forms.kind_choices(services.ADHOC_KINDS),
        initial={
            "don_vi": state.scope.unit_code or "",
            "tu": state.quarter.start if state.quarter.start <= last else last,
            "den": last,
            "dang": "docx",
        },
    )


def _reminders_form(data: Any, state: PageState, choices: _Choices) -> forms.RemindersForm:
    everyone = "Mọi đơn vị chưa đạt mốc" + ("" if state.scope.everything else " trong phạm vi")
    return forms.RemindersForm(
        data,
        quarters=choices.quarters,
        units=[("", everyone), *choices.units],
        initial={"quy": state.quarter.label, "don_vi": ""},
    )


def _draft_form(data: Any, choices: _Choices) -> forms.DraftForm:
    return forms.DraftForm(
        data,
        years=choices.years,
        kinds=forms.kind_choices(services.DRAFT_KINDS),
        initial={"nam": choices.years[0][0] if choices.years else "", "dang": "docx"},
    )


def _page(
    request: HttpRequest,
    state: PageState,
    *,
    bound: Form | None = None,
    section: str = "",
    error: str = "",
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    choices = _choices(state)
    built: dict[str, Form] = {
        "quarterly": _quarterly_form(None, state, choices),
        "adhoc": _adhoc_form(None, state, choices),
        "reminders": _reminders_form(None, state, choices),
        "draft": _draft_form(None, choices),
    }
    if bound is not None:
        built[section] = bound
    context = {
        "state": state,
        "can": permissions(state.scope),
        "forms": built,
        "section": section,
        "error": error,
        "notice": notice,
        "pdf": services.pdf_available(),
        "no_pdf": NO_PDF,
    }
    return render(request, "reports/index.html", context, status=status)


def _refused(request: HttpRequest, state: PageState, what: str) -> HttpResponse:
    return render(
        request,
        "reports/refused.html",
        {"state": state, "what": what, "role": state.scope.role.label},
        status=403,
    )


def index(request: HttpRequest) -> HttpResponse:
    """``/bao-cao/``: the forms of the documents the account may make."""
    return _page(request, page_state(request))


def _require_unit(state: PageState, request: HttpRequest) -> None:
    # A unit outside the scope is refused (403) before the form says it is not a choice.
    code = request.GET.get("don_vi", "").strip()
    if code and code in state.snap.tree:
        state.scope.require(code)


def _kind(form: Form) -> str:
    return "." + str(form.cleaned_data["dang"])


def quarterly(request: HttpRequest) -> HttpResponse:
    """``/bao-cao/quy/?quy=2024-Q3&dang=docx|xlsx|pdf``: the quarterly report."""
    state = page_state(request)
    if not permissions(state.scope).quarterly:
        return _refused(request, state, "báo cáo quý (báo cáo của cả tỉnh)")
    choices = _choices(state)
    form = _quarterly_form(request.GET, state, choices)
    if not form.is_valid():
        return _page(request, state, bound=form, section="quarterly", status=400)
    kind = _kind(form)
    if kind == ".pdf" and not services.pdf_available():
        return _page(request, state, bound=form, section="quarterly", error=NO_PDF, status=400)
    quarter = Quarter.parse(form.cleaned_data["quy"])
    try:
        context = services.report_context(home(), quarter)
        data = services.quarterly_bytes(context, home(), kind)
    except ChitieuError as refused:
        return _page(
            request, state, bound=form, section="quarterly", error=refused.message, status=400
        )
    return download(request, data, f"Báo cáo {wording.quarter_phrase(quarter)}{kind}")


def adhoc(request: HttpRequest) -> HttpResponse:
    """``/bao-cao/dot-xuat/?don_vi=H1&tu=2024-07-01&den=2024-09-30&dang=docx|xlsx|pdf``: the ad
    hoc report of a unit's subtree (a unit in the account's scope) for a window of days."""
    state = page_state(request)
    if not permissions(state.scope).adhoc:
        return _refused(request, state, "báo cáo đột xuất")
    _require_unit(state, request)
    form = _adhoc_form(request.GET, state, _choices(state))
    if not form.is_valid():
        return _page(request, state, bound=form, section="adhoc", status=400)
    kind = _kind(form)
    if kind == ".pdf" and not services.pdf_available():
        return _page(request, state, bound=form, section="adhoc", error=NO_PDF, status=400)
    code, start, end = (form.cleaned_data[k] for k in ("don_vi", "tu", "den"))
    try:
        context = services.adhoc_inputs(home(), code, start, end)
        data = services.adhoc_bytes(context, home(), kind)
    except ChitieuError as refused:
        return _page(request, state, bound=form, section="adhoc", error=refused.message, status=400)
    name = (
        f"Báo cáo đột xuất {context.unit.name} từ {format_date(start).replace('/', '-')} "
        f"đến {format_date(end).replace('/', '-')}{kind}"
    )
    return download(request, data, name)


def reminders(request: HttpRequest) -> HttpResponse:
    """``/bao-cao/cong-van/?quy=2024-Q3[&don_vi=X1][&so_dau=12]``: the reminder letters of a
    quarter (only to the units in scope) as a ``.zip`` of the letters and their list."""
    state = page_state(request)
    if not permissions(state.scope).reminders:
        return _refused(request, state, "công văn đôn đốc")
    _require_unit(state, request)
    form = _reminders_form(request.GET, state, _choices(state))
    if not form.is_valid():
        return _page(request, state, bound=form, section="reminders", status=400)
    quarter = Quarter.parse(form.cleaned_data["quy"])
    code = form.cleaned_data["don_vi"] or None
    try:
        context = services.report_context(home(), quarter)
        made = services.reminder_files(
            context,
            home(),
            unit=code,
            units=state.scope.codes,
            first_number=form.cleaned_data["so_dau"],
        )
    except ChitieuError as refused:
        return _page(
            request, state, bound=form, section="reminders", error=refused.message, status=400
        )
    if not made.letters:
        who = (
            context.tree[code].name
            if code
            else ("Mọi đơn vị" if state.scope.everything else "Mọi đơn vị trong phạm vi của bạn")
        )
        said = f"{who} đạt mọi mốc của {wording.quarter(quarter)}: không có công văn nào."
        return _page(request, state, bound=form, section="reminders", notice=said)
    return download(
        request,
        services.zipped(made.files),
        f"Công văn đôn đốc {wording.quarter_phrase(quarter)}.zip",
    )


def draft(request: HttpRequest) -> HttpResponse:
    """``/bao-cao/du-thao/?nam=2025&dang=docx|xlsx``: the draft decision of a year, from the
    results of the year before (the provincial office only)."""
    state = page_state(request)
    if not permissions(state.scope).draft:
        return _refused(request, state, "dự thảo quyết định giao chỉ tiêu")
    form = _draft_form(request.GET, _choices(state))
    if not form.is_valid():
        return _page(request, state, bound=form, section="draft", status=400)
    year, kind = int(form.cleaned_data["nam"]), _kind(form)
    try:
        context = services.report_context(home(), Quarter(year - 1, 4))
        data = services.draft_bytes(context, home(), kind)
    except ChitieuError as refused:
        return _page(request, state, bound=form, section="draft", error=refused.message, status=400)
    return download(request, data, f"Dự thảo quyết định giao chỉ tiêu năm {year}{kind}")
