"""App configuration."""

from django.apps import AppConfig


class DataConfig(AppConfig):
    """The audited imports of the web application and the manual entry page."""

    name = "chitieu.app.data"
    label = "data"
    verbose_name = "Nhập số liệu"
