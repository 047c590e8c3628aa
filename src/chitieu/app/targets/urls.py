"""The target decision's addresses, in readable Vietnamese (``/chi-tieu/…``)."""

from __future__ import annotations

from django.urls import path

from chitieu.app.targets import views

app_name = "targets"

urlpatterns = [
    path("nhap-quyet-dinh/", views.import_decision, name="import"),
]
