"""The web application's addresses (readable Vietnamese): the dashboard, the account pages and
the administration pages (read-mostly)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("chitieu.app.dashboard.urls")),
    path("tai-khoan/", include("chitieu.app.accounts.urls")),
    path("bao-cao/", include("chitieu.app.reports.urls")),
    path("nhat-ky/", include("chitieu.app.audit.urls")),
    path("so-lieu/", include("chitieu.app.data.urls")),
    path("chi-tieu/", include("chitieu.app.targets.urls")),
    path("api/", include("chitieu.app.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
