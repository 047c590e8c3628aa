"""The pages where the province, each unit and each leader see where they stand."""
