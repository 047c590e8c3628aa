"""The account pages' addresses."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from chitieu.app.accounts import views

app_name = "accounts"

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("mat-khau/", views.password, name="password"),
]
