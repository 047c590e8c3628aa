"""The addresses of the data pages, in readable Vietnamese."""

from __future__ import annotations

from django.urls import path

from chitieu.app.data import views

app_name = "data"

urlpatterns = [
    path("nhap-tay/", views.manual, name="manual"),
    path("minh-chung/<int:year>/<str:unit>/<str:name>/", views.evidence_file, name="evidence"),
]
