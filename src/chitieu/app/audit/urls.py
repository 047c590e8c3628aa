"""The audit log's address, in readable Vietnamese (``/nhat-ky/``)."""

from __future__ import annotations

from django.urls import path

from chitieu.app.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.index, name="index"),
]
