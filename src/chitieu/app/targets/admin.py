"""Target sets and overrides in the administration pages, read only (``services`` writes
them: ``import_target_set``, ``set_override``, ``remove_override``)."""

from __future__ import annotations

from django.contrib import admin

from chitieu.app.readonly import ReadOnlyAdmin
from chitieu.app.targets.models import TargetOverride, TargetSetVersion


@admin.register(TargetSetVersion)
class TargetSetVersionAdmin(ReadOnlyAdmin):
    """Every imported target set, the year's in force first."""

    list_display = (
        "year",
        "province",
        "source_file",
        "imported_at",
        "imported_by",
        "superseded_at",
    )
    list_filter = ("year",)
    search_fields = ("province", "source_file")


@admin.register(TargetOverride)
class TargetOverrideAdmin(ReadOnlyAdmin):
    """Units' own targets, by year, unit and indicator."""

    list_display = ("year", "unit", "indicator", "annual", "q1", "q2", "q3", "q4", "updated_by")
    list_filter = ("year", "indicator")
    search_fields = ("unit__code", "unit__name", "indicator")
    list_select_related = ("unit",)
