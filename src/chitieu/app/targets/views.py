"""``/chi-tieu/nhap-quyet-dinh/``: the provincial office imports the year's target decision.

One address, three steps: ``GET`` shows the upload form; a ``POST`` with the file keeps it
privately in the home (``preview``), reads it with the same reader as ``chitieu decision import``
and shows what would be stored — the rows, the tasks that map to no indicator, the warnings with
their places, what differs from the year's set in force — or the reader's refusal, storing
nothing; a ``POST`` with the upload's checksum reads the server's own copy again and stores it
through ``services.import_target_set`` (the command line's service: versioned, audited, the
account as the actor).

Only the office imports: the target set is the whole province's. Another role gets a 403 page
that says so; the sign-in middleware sends the anonymous away."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from chitieu.app.accounts.choices import Role
from chitieu.app.accounts.services import Account, account_of
from chitieu.app.dashboard.access import home
from chitieu.app.orgunits.services import all_units
from chitieu.app.targets import preview
from chitieu.app.targets.forms import ConfirmForm, UploadForm, upload_limit
from chitieu.app.targets.services import (
    ProvinceMismatchError,
    current_target_set,
    import_target_set,
    tree_province,
)
from chitieu.catalog import load_catalogue
from chitieu.clock import today as clock_today
from chitieu.decisions import DecisionReading
from chitieu.domain import Basis, Quarter
from chitieu.domain.targets import province_label, province_name
from chitieu.errors import ChitieuError, InputError
from chitieu.formatting import integer
from chitieu.units import UnitTree

SESSION_KEY = "targets.uploads"
"""The uploads this session previewed: checksum → the file's name, kind and the year typed.
What the confirmation needs besides the checksum stays on the server."""

GONE = (
    "Không tìm thấy tệp đã tải lên với mã này (có thể đã được lưu, đã quá hạn hoặc mã bị sửa). "
    "Chưa lưu gì; hãy tải tệp quyết định lên lại."
)


def _refused(request: HttpRequest, account: Account) -> HttpResponse:
    return render(request, "targets/refused.html", {"role": account.role.label}, status=403)


def _form_page(
    request: HttpRequest,
    account: Account,
    form: UploadForm,
    *,
    problems: list[str] | None = None,
    refused_file: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    limit = upload_limit() // (1024 * 1024)
    context = {
        "account": account,
        "form": form,
        "problems": problems or [],
        "refused_file": refused_file,
        "error": error,
        "limit": f"{limit} MB",
    }
    return render(request, "targets/import.html", context, status=status)


def _pending(request: HttpRequest) -> dict[str, dict[str, Any]]:
    found = request.session.get(SESSION_KEY)
    return found if isinstance(found, dict) else {}


def _preview_page(
    request: HttpRequest,
    account: Account,
    sha256: str,
    name: str,
    reading: DecisionReading,
    form: ConfirmForm,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    catalogue = load_catalogue()
    target_set = reading.target_set
    units = all_units()
    tree = UnitTree(units) if units else None
    stored = current_target_set(target_set.year)
    changes = preview.changes(stored, target_set, catalogue)
    mismatch = preview.other_province(target_set, tree_province())
    context = {
        "account": account,
        "sha256": sha256,
        "name": name,
        "target_set": target_set,
        "province": province_label(target_set.province),
        "province_name": province_name(target_set.province),
        "basis": "lũy kế từ đầu năm" if target_set.basis is Basis.YTD else "riêng trong từng quý",
        "rows": preview.rows(target_set, catalogue, stored),
        "tasks": integer(len(target_set.tasks)),
        "targets": integer(len(target_set.targets)),
        "unmapped": preview.unmapped(target_set),
        "warnings": [
            *preview.described(reading.warnings),
            *preview.unknown_units(target_set, tree),
        ],
        "stored": stored,
        "changes": changes,
        "same": stored is not None and not changes,
        "mismatch": mismatch,
        "form": form,
        "error": error,
    }
    return render(request, "targets/preview.html", context, status=status)


def _upload(request: HttpRequest, account: Account) -> HttpResponse:
    # A body far beyond the limit is refused before Django spools it to disk.
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > upload_limit() + 64 * 1024:
        error = f"Tệp gửi lên lớn hơn {upload_limit() // (1024 * 1024)} MB; chưa lưu gì."
        return _form_page(request, account, UploadForm(), error=error, status=413)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, account, form, status=400)
    upload = form.cleaned_data["tep"]
    year: int | None = form.cleaned_data["nam"]
    # Only the last part of the name the browser sent: it names the file on the page and in
    # the history, never a place on the server.
    name = Path((upload.name or "").replace("\\", "/")).name
    extension = name.rpartition(".")[2].lower()
    sha256 = preview.store_upload(home(), upload.read(), extension)
    path = preview.upload_path(home(), sha256, extension)
    try:
        reading = preview.read_upload(path, name, year, tree_province())
    except InputError as refusal:
        path.unlink(missing_ok=True)
        problems = preview.described(refusal.problems)
        return _form_page(request, account, form, problems=problems, refused_file=name, status=400)
    pending = _pending(request)
    pending[sha256] = {"name": name, "extension": extension, "year": year}
    request.session[SESSION_KEY] = pending
    confirm = ConfirmForm(initial={"sha256": sha256})
    return _preview_page(request, account, sha256, name, reading, confirm)


def _overview_address(year: int) -> str:
    # The year's latest quarter that has begun (its first before the year begins).
    today = clock_today()
    number = 4 if year < today.year else 1 if year > today.year else (today.month - 1) // 3 + 1
    return reverse("dashboard:overview") + f"?quy={Quarter(year, number).label}"


def _confirm(request: HttpRequest, account: Account) -> HttpResponse:
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _form_page(request, account, UploadForm(), error=GONE, status=400)
    sha256: str = form.cleaned_data["sha256"]
    pending = _pending(request)
    upload = pending.get(sha256)
    if upload is None:
        return _form_page(request, account, UploadForm(), error=GONE, status=404)
    path = preview.upload_path(home(), sha256, str(upload["extension"]))
    # The name is the checksum of what was previewed: a copy changed since is not stored.
    if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        pending.pop(sha256, None)
        request.session[SESSION_KEY] = pending
        return _form_page(request, account, UploadForm(), error=GONE, status=404)
    name = str(upload["name"])
    year = upload.get("year")
    try:
        reading = preview.read_upload(
            path, name, year if isinstance(year, int) else None, tree_province()
        )
    except InputError as refusal:
        problems = preview.described(refusal.problems)
        return _form_page(
            request, account, UploadForm(), problems=problems, refused_file=name, status=400
        )
    mismatch = preview.other_province(reading.target_set, tree_province())
    confirmed = bool(form.cleaned_data["tinh_khac"])
    if mismatch and not confirmed:
        error = "Chưa lưu: quyết định của tỉnh khác chỉ được lưu khi đánh dấu ô xác nhận bên dưới."
        return _preview_page(request, account, sha256, name, reading, form, error=error, status=400)
    try:
        outcome = import_target_set(
            reading.target_set,
            actor=account.username,
            source_file=name,
            province_confirmed=confirmed,
        )
    except ProvinceMismatchError as mismatched:
        # The unit tree changed between the preview and the confirmation.
        return _preview_page(
            request, account, sha256, name, reading, form, error=mismatched.message, status=400
        )
    except ChitieuError as refusal:
        return _preview_page(
            request, account, sha256, name, reading, form, error=refusal.message, status=400
        )
    path.unlink(missing_ok=True)
    pending.pop(sha256, None)
    request.session[SESSION_KEY] = pending
    target_set = reading.target_set
    context = {
        "account": account,
        "name": name,
        "target_set": target_set,
        "province": province_label(target_set.province),
        "outcome": outcome,
        "tasks": integer(len(target_set.tasks)),
        "targets": integer(outcome.targets),
        "overview": _overview_address(target_set.year),
    }
    return render(request, "targets/imported.html", context)


def import_decision(request: HttpRequest) -> HttpResponse:
    """``GET``: the upload form; ``POST`` with ``tep``: the preview (or the refusal);
    ``POST`` with ``sha256``: the import of the previewed file, then the success page."""
    account = account_of(request.user)
    if account.role is not Role.OFFICE:
        return _refused(request, account)
    if request.method == "POST":
        if "sha256" in request.POST:
            return _confirm(request, account)
        return _upload(request, account)
    return _form_page(request, account, UploadForm())
