"""The organisation tree: units and their levels."""
