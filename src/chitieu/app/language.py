"""The language of the pages: Vietnamese unless the user chose English.

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``; an official's browser
set to English would then get a half-English application by surprise. Here only the user's own
choice (the language cookie, set by the switch at the foot of every page) counts."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LanguageMiddleware:
    """Activate the chosen language for the request (``settings.LANGUAGE_CODE`` by default)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        code = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response
