"""App configuration."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail."""

    name = "chitieu.app.audit"
    label = "audit"
    verbose_name = "Nhật ký thay đổi"
