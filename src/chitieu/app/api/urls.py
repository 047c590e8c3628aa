"""The API's addresses: /api/v1/…, the schema at /api/openapi.json, the docs at /api/docs."""

from __future__ import annotations

from django.urls import path

from chitieu.app.api.api import api

urlpatterns = [path("", api.urls)]
