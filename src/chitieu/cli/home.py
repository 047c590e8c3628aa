"""What the commands open in a home: ``chitieu.app.home`` (one place for the command line, the
documents and the pages), under the names the command modules import."""

from chitieu.app.home import (
    actor,
    catalogue,
    creates_facts,
    facts_of,
    has_facts,
    require_units,
    units_of,
    use_app_database,
)

__all__ = [
    "actor",
    "catalogue",
    "creates_facts",
    "facts_of",
    "has_facts",
    "require_units",
    "units_of",
    "use_app_database",
]
