"""Who calls the API: a bearer token (``chitieu token create USER``), bound to its user and so to
the user's role and unit scope — the same ``Scope`` the pages use."""

from __future__ import annotations

import hashlib
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
        # What the write rate limit counts by: the token, never kept in clear beyond the call.
        request.token_key = hashlib.sha256(token.encode()).hexdigest()[:32]
        return user
