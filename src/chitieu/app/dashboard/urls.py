"""The dashboard's addresses, in readable Vietnamese."""

from __future__ import annotations

from django.urls import path

from chitieu.app.dashboard import health, views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("don-vi/<str:code>/", views.unit, name="unit"),
    path("chi-so/<str:code>/", views.indicator, name="indicator"),
    path("ban-do/", views.unit_map, name="map"),
    path("suc-khoe/", health.health, name="health"),
]
