"""The unit tree in the administration pages, read only (``services.save_units`` writes it)."""

from __future__ import annotations

from django.contrib import admin

from chitieu.app.orgunits.choices import level_name
from chitieu.app.orgunits.models import OrgUnit
from chitieu.app.readonly import ReadOnlyAdmin


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin):
    """Units by code, with their level's name and their parent."""

    list_display = ("code", "name", "level_label", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)

    # Django has no type hints here: its decorator hides this method's types from mypy.
    @admin.display(description="cấp", ordering="level")  # type: ignore[untyped-decorator]
    def level_label(self, unit: OrgUnit) -> str:
        """The level's Vietnamese name."""
        return level_name(unit.level)
