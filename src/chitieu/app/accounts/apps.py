"""App configuration."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Accounts and roles."""

    name = "chitieu.app.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
