"""The addresses of the documents' page, in readable Vietnamese."""

from __future__ import annotations

from django.urls import path

from chitieu.app.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("quy/", views.quarterly, name="quarterly"),
    path("dot-xuat/", views.adhoc, name="adhoc"),
    path("cong-van/", views.reminders, name="reminders"),
    path("du-thao/", views.draft, name="draft"),
]
