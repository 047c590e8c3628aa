"""Accounts in the administration pages, read only (accounts are written by the service)."""

from django.contrib import admin

from chitieu.app.accounts.models import Membership
from chitieu.app.readonly import ReadOnlyAdmin


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Who has which role over which unit."""

    list_display = ("user", "role", "unit")
    list_filter = ("role",)
