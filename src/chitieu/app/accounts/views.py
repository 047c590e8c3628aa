"""Signing in and out, and changing one's password (through the accounts service, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from chitieu.app.accounts.forms import PasswordForm
from chitieu.app.accounts.services import change_password
from chitieu.errors import ChitieuError


def password(request: HttpRequest) -> HttpResponse:
    """``/tai-khoan/mat-khau/``: change one's own password (signed in: the middleware)."""
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)  # LoginRequiredMiddleware
        try:
            change_password(user, form.cleaned_data["old"], form.cleaned_data["new"])
        except ChitieuError as error:
            form.add_error(None, error.message)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "Đã đổi mật khẩu.")
            return redirect("dashboard:overview")
    return render(request, "accounts/password.html", {"form": form})
