"""App configuration."""

from django.apps import AppConfig


class TargetsConfig(AppConfig):
    """Target sets and overrides."""

    name = "chitieu.app.targets"
    label = "targets"
    verbose_name = "Chỉ tiêu"
