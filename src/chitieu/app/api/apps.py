"""App configuration."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API."""

    name = "chitieu.app.api"
    label = "api"
    verbose_name = "API"
