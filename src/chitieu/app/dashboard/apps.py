"""App configuration."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The dashboard pages."""

    name = "chitieu.app.dashboard"
    label = "dashboard"
    verbose_name = "Bảng điều khiển"
