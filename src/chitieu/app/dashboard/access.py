"""The one place a page learns what it may show: the quarter asked for, its snapshot and the
account's scope. Every view of the dashboard starts here; a unit outside the scope raises
``OutOfScopeError``, which the middleware turns into a 403 page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chitieu import wording
from chitieu.app.accounts.scope import OutOfScopeError, Scope, scope_for
from chitieu.app.accounts.services import Account, account_of
from chitieu.app.dashboard.snapshot import Snapshot, default_quarter, quarters, snapshot
from chitieu.domain import Quarter
from chitieu.errors import ChitieuError


class NothingToShowError(Exception):
    """The home has nothing a page can show yet (no target set, no values): ``message`` says
    what to do, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class PageState:
    """What a page shows: the account, its scope, the quarter and its snapshot."""

    account: Account
    scope: Scope
    quarter: Quarter
    quarters: tuple[Quarter, ...]
    snap: Snapshot
    notice: str = ""

    @property
    def scope_name(self) -> str:
        """The name of the unit whose subtree the account sees («» for the whole province)."""
        code = self.scope.unit_code
        if self.scope.everything or code is None or code not in self.snap.tree:
            return ""
        return self.snap.tree[code].name


def home() -> Path:
    """The home the web application serves."""
    return Path(settings.HOME)


def page_state(request: HttpRequest) -> PageState:
    """The state of the page ``request`` asks for (``?quy=`` picks the quarter: «2024-Q3»,
    «Quý III/2024»…; an unreadable one falls back to the default with a notice)."""
    notice = ""
    chosen: Quarter | None = None
    asked = request.GET.get("quy", "").strip()
    if asked:
        try:
            chosen = Quarter.parse(asked)
        except (ChitieuError, ValueError):
            notice = f"Không đọc được quý «{asked}»; đang hiển thị quý mặc định."
    chosen = chosen or default_quarter()
    if chosen is None:
        raise NothingToShowError(
            "Chưa có bộ chỉ tiêu nào. Văn phòng hãy nhập quyết định giao chỉ tiêu: "
            f"«{wording.command('chitieu', 'decision', 'import', 'TỆP_QUYẾT_ĐỊNH', home=home())}»"
        )
    try:
        snap = snapshot(home(), chosen)
    except ChitieuError as error:
        raise NothingToShowError(error.message) from error
    account = account_of(request.user)
    return PageState(
        account=account,
        scope=scope_for(account.role, account.unit_code, snap.tree),
        quarter=chosen,
        quarters=tuple(quarters()) or (chosen,),
        snap=snap,
        notice=notice,
    )


class AccessMiddleware:
    """Turns ``OutOfScopeError`` into a 403 page and ``NothingToShowError`` into a page that
    says what to do — for every view, so that no view handles them on its own."""

    def __init__(self, get_response: object) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)  # type: ignore[operator]
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The page for an access or empty-home error; ``None`` lets others pass."""
        if isinstance(exception, OutOfScopeError):
            return render(
                request,
                "dashboard/forbidden.html",
                {"code": exception.code},
                status=403,
            )
        if isinstance(exception, NothingToShowError):
            return render(
                request, "dashboard/empty.html", {"message": exception.message}, status=200
            )
        return None
