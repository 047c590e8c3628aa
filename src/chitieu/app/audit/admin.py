"""The audit trail in the administration pages, read only: entries are written only by
``services.record``/``record_many``, inside the change they record."""

from __future__ import annotations

from django.contrib import admin

from chitieu.app.audit.models import AuditEntry
from chitieu.app.readonly import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Who changed what, and when, the newest first."""

    list_display = ("at", "actor", "action", "object_type", "object_key")
    list_filter = ("action", "object_type")
    search_fields = ("actor", "object_key", "note")
    date_hierarchy = "at"
