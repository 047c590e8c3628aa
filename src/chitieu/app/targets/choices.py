"""Typed choices of the targets app: the quarter columns of an override and the states of a
stored target set."""

from __future__ import annotations

from enum import StrEnum

QUARTER_FIELDS = ("q1", "q2", "q3", "q4")
"""The override's milestone columns, quarter 1 to 4."""


class TargetSetState(StrEnum):
    """Whether a stored target set is the year's in force or was replaced by a later import."""

    CURRENT = "current"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        """The state in Vietnamese."""
        return STATE_LABELS[self]


STATE_LABELS: dict[TargetSetState, str] = {
    TargetSetState.CURRENT: "Đang áp dụng",
    TargetSetState.SUPERSEDED: "Đã thay thế",
}
