"""The year's target sets as imported from target decisions, with their history, and the
province's unit-specific overrides."""
