"""``ReadOnlyAdmin``: the administration pages show the application's data but never write it;
every write goes through a service function, which checks it and records it in the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """A model's list and detail pages, without add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Never: rows are added by the services (imports, the command line, pages)."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Never: a change saved here would bypass the service's checks and the audit."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Never: units and target sets are kept for the history."""
        return False
