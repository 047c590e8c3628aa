"""``/nhat-ky/``: the provincial office reads the audit trail — who changed what, when, before
and after — filtered from a ``GET`` form (bookmarkable, no JavaScript needed; with it, the
table is swapped by htmx as the overview's heat map is), a page of entries at a time, and
exports the filtered entries as CSV or XLSX (``?xuat=csv|xlsx&bang=nhat-ky``).

Only the office reads it: the trail names every account and every change in the province.
Another role gets a 403 page that says so; the sign-in middleware sends the anonymous away.
The page needs no target set and builds no snapshot: it reads the trail alone."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from chitieu.app.accounts.choices import Role
from chitieu.app.accounts.services import Account, account_of
from chitieu.app.audit import log
from chitieu.app.audit.forms import LogFilterForm
from chitieu.app.dashboard.tables import to_csv, to_xlsx
from chitieu.formatting import integer

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TARGET = "nhat-ky"
"""The id of the page's part that htmx swaps (the sentence, the table and its pages)."""


def _actor_choices() -> list[tuple[str, str]]:
    # Who acted, with the account's name where there is one («cli:root» has none).
    usernames = log.actors()
    names = dict(User.objects.filter(username__in=usernames).values_list("username", "first_name"))
    return [(u, f"{names[u]} ({u})" if names.get(u) else u) for u in usernames]


def _refused(request: HttpRequest, account: Account) -> HttpResponse:
    return render(
        request,
        "audit/refused.html",
        {"account": account, "role": account.role.label},
        status=403,
    )


def _export(request: HttpRequest, kind: str, form: LogFilterForm) -> HttpResponse:
    if request.GET.get("bang", log.TABLE_NAME) != log.TABLE_NAME:
        raise Http404("Không có bảng này trên trang.")
    found = log.entries(form.filters())[: log.EXPORT_LIMIT]
    rows = (log.row_of(entry) for entry in found.iterator(chunk_size=2000))
    if kind == "csv":
        body = to_csv(log.table(rows))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        body = to_xlsx(log.table(rows, cell_limit=log.XLSX_CELL_LIMIT))
        response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="chitieu-{log.TABLE_NAME}.{kind}"'
    # Who did what in the province: not for a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def index(request: HttpRequest) -> HttpResponse:
    """``/nhat-ky/?tu=01/10/2024&den=15/10/2024&nguoi=vanphong&thao_tac=accounts.add&ma=H1
    &tim=…&trang=2``: the entries the filters keep, newest first, ``PAGE_SIZE`` a page."""
    account = account_of(request.user)
    if account.role is not Role.OFFICE:
        return _refused(request, account)
    actors = _actor_choices()
    form = LogFilterForm(request.GET, actors=actors)
    swap = (
        request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == TARGET
    )
    context: dict[str, Any] = {"account": account, "form": form, "target": TARGET}
    if not form.is_valid():
        # htmx swaps only a 2xx answer: the sentence must reach the page it was typed on.
        status = 200 if swap else 400
        return _render(request, context, swap=swap, status=status)
    kind = request.GET.get("xuat")
    if kind in ("csv", "xlsx"):
        return _export(request, kind, form)
    filters = form.filters()
    paginator = Paginator(log.entries(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    context.update(
        # Shown back as Vietnamese days (a day typed 2024-10-01 reads 01/10/2024).
        form=LogFilterForm(None, actors=actors, initial=form.cleaned_data),
        filters=filters,
        page=page,
        rows=[log.row_of(entry) for entry in page],
        total=integer(paginator.count),
        cut=paginator.count > log.EXPORT_LIMIT,
        limit=integer(log.EXPORT_LIMIT),
    )
    return _render(request, context, swap=swap)


def _render(
    request: HttpRequest, context: dict[str, Any], *, swap: bool, status: int = 200
) -> HttpResponse:
    template = "audit/_entries.html" if swap else "audit/index.html"
    return render(request, template, context, status=status)
