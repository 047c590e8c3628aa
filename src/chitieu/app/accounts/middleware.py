"""Signing in is required for every page, except the API's addresses, which authenticate each
request with its bearer token (a 401 for a machine, never a redirect to the sign-in page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase


class PagesLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's ``LoginRequiredMiddleware`` for the pages; the API is left to its own auth."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        """``None`` (go on) for the API; otherwise Django's check."""
        match = request.resolver_match
        if match is not None and match.namespace.split(":")[0] == "api":
            return None
        result: HttpResponseBase | None = super().process_view(
            request, view_func, view_args, view_kwargs
        )
        return result
