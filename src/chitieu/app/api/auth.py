"""Who calls the API: a bearer token (``chitieu token create USER``), bound to its user and so to
the user's role and unit scope — the same ``Scope`` the pages use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from chitieu.app.accounts.services import account_of, user_of_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the request then carries the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """The token's user, or ``None`` (401) for an unknown or revoked token."""
        user = user_of_token(token)
        if user is None:
            return None
        request.user = user
        request.account = account_of(user)
        return user
