"""chitieu: assign, measure and report a province's yearly administrative-reform targets."""

__version__ = "0.1.0"
