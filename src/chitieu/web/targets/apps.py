"""App configuration."""

from django.apps import AppConfig


class TargetsConfig(AppConfig):
    """Target sets and overrides."""

    name = "chitieu.web.targets"
    label = "targets"
    verbose_name = "Chỉ tiêu"
