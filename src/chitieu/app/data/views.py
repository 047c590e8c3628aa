"""``/so-lieu/``: a unit's focal point (for its subtree) or the provincial office (for any
unit) enters a manual indicator's figures with their evidence, and downloads stored evidence.

The entry goes through ``services.enter_manual_value``, the import of ``chitieu ingest
manual`` on a one-row file: the page shows the import's own sentences beside the fields. A
unit outside the scope raises ``OutOfScopeError`` (403, by the middleware); a leader or a
viewer gets a 403 page that says who may enter figures. The form is a ``POST`` with CSRF and
works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
from django.conf import settings
from django.forms import ChoiceField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from chitieu import wording
from chitieu.app.accounts.choices import Role
from chitieu.app.accounts.scope import Scope, scope_for
from chitieu.app.accounts.services import Account, account_of
from chitieu.app.dashboard.access import NothingToShowError, home
from chitieu.app.dashboard.snapshot import default_quarter, quarters
from chitieu.app.data import evidence, services
from chitieu.app.data.forms import ManualEntryForm, period_choices
from chitieu.app.home import catalogue, require_tree
from chitieu.clock import today as clock_today
from chitieu.domain import Quarter
from chitieu.errors import ChitieuError, InputError
from chitieu.evaluation.assignment import assign
from chitieu.formatting import integer, percent
from chitieu.units import UnitTree

WRITERS = (Role.OFFICE, Role.FOCAL_POINT)
"""The roles that enter figures: the provincial office and a unit's focal point."""
FIELD_OF_COLUMN = {
    "unit_code": "don_vi",
    "indicator": "chi_so",
    "period": "ky",
    "numerator": "tu_so",
    "denominator": "mau_so",
    "evidence": "minh_chung",
}
"""The form field beside which a problem of the import's column is shown."""
BUSY = (
    "Kho dữ liệu đang được đọc bởi một trang khác; hãy bấm «Lưu số liệu» lại sau vài giây. "
    "Chưa lưu gì."
)


@dataclass(frozen=True, slots=True)
class EntryState:
    """What the page offers an account: its scope, the year, the units in scope holding a
    target of a manual indicator (and which ones), the manual indicators."""

    account: Account
    scope: Scope
    tree: UnitTree
    year: int
    years: tuple[int, ...]
    held: dict[str, tuple[str, ...]]
    units: list[tuple[str, str]]
    indicators: list[tuple[str, str]]
    names: dict[str, str]

    @property
    def scope_name(self) -> str:
        """The name of the unit whose subtree the account sees («» for the whole province)."""
        code = self.scope.unit_code
        if self.scope.everything or code is None or code not in self.tree:
            return ""
        return self.tree[code].name


def _year(request: HttpRequest, years: list[int]) -> int:
    asked = (request.POST.get("nam") or request.GET.get("nam") or "").strip()
    if asked.isdigit() and int(asked) in years:
        return int(asked)
    default = default_quarter()
    if default is None:
        raise NothingToShowError(
            "Chưa có bộ chỉ tiêu nào nên chưa biết đơn vị nào giữ chỉ tiêu nhập tay. Văn phòng "
            "hãy nhập quyết định giao chỉ tiêu trước."
        )
    return default.year


def entry_state(request: HttpRequest, account: Account) -> EntryState:
    """The page's state for ``account`` (the year asked by ``nam``, else the dashboard's)."""
    from chitieu.app.targets.services import current_target_set, overrides  # noqa: PLC0415

    try:
        tree = require_tree(home())
    except ChitieuError as error:
        raise NothingToShowError(error.message) from error
    scope = scope_for(account.role, account.unit_code, tree)
    years = sorted({q.year for q in quarters()}, reverse=True)
    year = _year(request, years)
    target_set = current_target_set(year)
    if target_set is None:
        raise NothingToShowError(f"Chưa có bộ chỉ tiêu năm {year}.")
    manual = [i for i in catalogue().indicators if i.is_manual]
    codes = {i.code for i in manual}
    held: dict[str, list[str]] = {}
    for assignment in assign(target_set, tree, overrides(year)).assignments:
        if assignment.indicator in codes and scope.allows(assignment.unit.code):
            held.setdefault(assignment.unit.code, []).append(assignment.indicator)
    units = [(u.code, f"{u.name} ({u.code})") for u in tree if u.code in held]
    return EntryState(
        account=account,
        scope=scope,
        tree=tree,
        year=year,
        years=tuple(years),
        held={code: tuple(found) for code, found in held.items()},
        units=units,
        indicators=[(i.code, f"{i.task} {i.name}" if i.task else i.name) for i in manual],
        names={i.code: f"{i.task} {i.name}" if i.task else i.name for i in manual},
    )


def _limit() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 10 << 20))


def _form(state: EntryState, data: Any = None, files: Any = None, **kw: Any) -> ManualEntryForm:
    return ManualEntryForm(
        data,
        files,
        year=state.year,
        units=state.units,
        indicators=state.indicators,
        periods=period_choices(state.year, clock_today()),
        limit=_limit(),
        **kw,
    )


def _narrow(form: ManualEntryForm, state: EntryState, unit_code: str) -> ManualEntryForm:
    # Shown, the indicators are those the chosen unit holds a target of (a commune holding
    # II.12 alone is not offered I.1); checked, every manual one, so that a refusal says why.
    held = state.held.get(unit_code)
    if held:
        field = form.fields["chi_so"]
        assert isinstance(field, ChoiceField)
        field.choices = [("", "— Chọn —"), *((c, n) for c, n in state.indicators if c in held)]
        if len(held) == 1 and not form.is_bound:
            form.initial["chi_so"] = held[0]
    return form


def period_label(period: str) -> str:
    """«Quý III/2024», «Tháng 7/2024», «Năm 2024» for a manual value's period label."""
    if "-Q" in period:
        return wording.quarter(Quarter.parse(period))
    if len(period) == 7:
        return f"Tháng {int(period[5:])}/{period[:4]}"
    return f"Năm {period}"


def _evidence_parts(text: str, unit_code: str) -> list[tuple[str, str]]:
    # The reference as text pieces, a stored file's path a link to its download.
    parts: list[tuple[str, str]] = []
    rest = text or ""
    for year, unit, name in evidence.references(rest):
        path = f"{evidence.EVIDENCE_DIR}/{year}/{unit}/{name}"
        before, _, rest = rest.partition(path)
        if before:
            parts.append((before, ""))
        url = reverse("data:evidence", args=[year, unit, name]) if unit == unit_code else ""
        parts.append((f"bản {name.rsplit('.', 1)[1].upper()}" if url else path, url))
    if rest:
        parts.append((rest, ""))
    return parts


def _value_row(state: EntryState, key: services.Key, values: dict[str, Any]) -> dict[str, Any]:
    numerator, denominator = int(values["numerator"]), int(values["denominator"])
    return {
        "indicator": state.names.get(key[1], key[1]),
        "period": period_label(key[2]),
        "numerator": integer(numerator),
        "denominator": integer(denominator),
        "rate": percent(100 * numerator / denominator) if denominator else "Không phát sinh",
        "evidence": _evidence_parts(str(values.get("evidence") or ""), key[0]),
        "entered_by": values.get("entered_by") or "",
    }


def _table(state: EntryState, unit_code: str) -> list[dict[str, Any]]:
    if not unit_code or unit_code not in state.held:
        return []
    stored = services.stored_manual_values(home(), unit_code, state.year)
    return [_value_row(state, key, values) for key, values in stored]


def _page(
    request: HttpRequest,
    state: EntryState,
    form: ManualEntryForm,
    *,
    unit_code: str,
    result: services.ManualEntryResult | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    _narrow(form, state, unit_code)
    context = {
        "entry": state,
        "account": state.account,
        "form": form,
        "unit_code": unit_code,
        "unit_name": state.tree[unit_code].name if unit_code in state.tree else "",
        "rows": _table(state, unit_code),
        "result": _result(state, result) if result is not None else None,
        "error": error,
        "limit": evidence.size_text(_limit()),
        # A browser does not keep a chosen file across a refused post: say so.
        "file_again": bool(status >= 400 and request.FILES.get("tep") and "tep" not in form.errors),
    }
    return render(request, "data/manual.html", context, status=status)


def _result(state: EntryState, result: services.ManualEntryResult) -> dict[str, Any]:
    def shown(values: dict[str, Any] | None) -> dict[str, Any] | None:
        return _value_row(state, result.key, values) if values is not None else None

    done = result.recompute
    return {
        "unit": state.tree[result.key[0]].name if result.key[0] in state.tree else result.key[0],
        "indicator": state.names.get(result.key[1], result.key[1]),
        "period": period_label(result.key[2]),
        "before": shown(result.before),
        "after": shown(result.after),
        "changed": result.changed,
        "computed": done is not None and not done.error,
        "compute_error": done.error if done is not None else "",
        "seconds": f"{done.seconds:.1f}".replace(".", ",") if done is not None else "",
    }


def _refused(request: HttpRequest, account: Account) -> HttpResponse:
    return render(
        request,
        "data/refused.html",
        {"account": account, "role": account.role.label},
        status=403,
    )


def _chosen_unit(state: EntryState, asked: str) -> str:
    # A unit outside the scope is refused (403) before the form says it is not a choice.
    if asked and asked in state.tree:
        state.scope.require(asked)
    if asked in state.held:
        return asked
    own = state.scope.unit_code
    if own in state.held:
        return str(own)
    return state.units[0][0] if len(state.units) == 1 else ""


def manual(request: HttpRequest) -> HttpResponse:
    """``/so-lieu/nhap-tay/[?don_vi=X1][&nam=2024]``: the form of one manual value, and the
    unit's stored manual values of the year; ``POST`` stores the value."""
    account = account_of(request.user)
    if account.role not in WRITERS:
        return _refused(request, account)
    state = entry_state(request, account)
    if request.method != "POST":
        unit_code = _chosen_unit(state, request.GET.get("don_vi", "").strip())
        form = _form(state, initial={"don_vi": unit_code})
        return _page(request, state, form, unit_code=unit_code)
    unit_code = _chosen_unit(state, request.POST.get("don_vi", "").strip())
    form = _form(state, request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, state, form, unit_code=unit_code, status=400)
    data = form.cleaned_data
    if data["chi_so"] not in state.held.get(data["don_vi"], ()):
        form.add_error(
            "chi_so",
            f"{state.tree[data['don_vi']].name} không giữ chỉ tiêu của chỉ số "
            f"{state.names[data['chi_so']]} năm {state.year}; hãy chọn chỉ số khác.",
        )
        return _page(request, state, form, unit_code=unit_code, status=400)
    entry = services.ManualEntry(
        unit_code=data["don_vi"],
        indicator=data["chi_so"],
        period=data["ky"],
        numerator=data["tu_so"].strip(),
        denominator=data["mau_so"].strip(),
        evidence=data["minh_chung"].strip(),
        entered_by=request.user.get_username(),
    )
    try:
        result = services.enter_manual_value(
            home(),
            entry,
            actor=request.user.get_username(),
            scope=state.scope,
            evidence_file=form.checked_file,
        )
    except InputError as refused:
        for problem in refused.problems:
            field = FIELD_OF_COLUMN.get(problem.place.column_name or "")
            # The import's sentences start in lower case (they follow a place): capitalised here.
            form.add_error(field, problem.reason[:1].upper() + problem.reason[1:])
        return _page(request, state, form, unit_code=unit_code, status=400)
    except duckdb.ConnectionException:
        return _page(request, state, form, unit_code=unit_code, error=BUSY, status=503)
    except ChitieuError as refused:
        return _page(request, state, form, unit_code=unit_code, error=refused.message, status=400)
    fresh = _form(state, initial={"don_vi": entry.unit_code, "ky": entry.period})
    return _page(request, state, fresh, unit_code=entry.unit_code, result=result)


def evidence_file(request: HttpRequest, year: int, unit: str, name: str) -> HttpResponse:
    """``/so-lieu/minh-chung/2024/X1/<sha256>.pdf``: a stored evidence file, for an account
    whose scope holds the unit (403 otherwise, before the file is looked for)."""
    account = account_of(request.user)
    try:
        tree = require_tree(home())
    except ChitieuError as error:
        raise Http404(error.message) from error
    if unit not in tree:
        raise Http404("Không có đơn vị này.")
    scope_for(account.role, account.unit_code, tree).require(unit)
    path = evidence.stored_path(home(), year, unit, name)
    if path is None:
        raise Http404("Không có tệp minh chứng này.")
    extension = name.rsplit(".", 1)[1]
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"minh-chung-{unit}-{year}-{name[:12]}.{extension}",
        content_type=evidence.MEDIA_TYPES[extension],
    )
    # A unit's evidence: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response
