"""App configuration."""

from django.apps import AppConfig


class OrgUnitsConfig(AppConfig):
    """The organisation tree."""

    name = "chitieu.app.orgunits"
    label = "orgunits"
    verbose_name = "Đơn vị"
