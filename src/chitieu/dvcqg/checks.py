"""Checking the JSON of a portal response field by field, collecting every problem found.

A problem names the file and the JSON path of the bad element (``data.children[4].totalOnTime``)
so that whoever captured the response can find it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from chitieu.errors import InputError, Place, Problem, Severity
from chitieu.text import nfc


def shown(value: Any) -> str:
    """A JSON value as it is quoted in a message, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


class Checker:
    """Reads typed fields out of JSON objects; a bad field becomes a problem, not an exception."""

    def __init__(self, file: str) -> None:
        self.place = Place(file)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def fail(self, where: str, reason: str) -> None:
        """Record an error at a JSON path."""
        self.problems.append(Problem(self.place, f"phần tử {where}: {reason}"))

    def warn(self, where: str, reason: str) -> None:
        """Record a warning at a JSON path: shown to the user, the response still accepted."""
        self.warnings.append(Problem(self.place, f"phần tử {where}: {reason}", Severity.WARNING))

    def raise_if_failed(self) -> None:
        """Refuse the response if any error was recorded."""
        if self.problems:
            raise InputError(self.problems)

    def obj(self, value: Any, where: str) -> Mapping[str, Any] | None:
        """``value`` if it is a JSON object."""
        if isinstance(value, dict):
            return value
        self.fail(where, f"cần một đối tượng JSON, không phải {shown(value)}")
        return None

    def array(self, value: Any, where: str) -> list[Any] | None:
        """``value`` if it is a JSON array."""
        if isinstance(value, list):
            return value
        self.fail(where, f"cần một mảng JSON, không phải {shown(value)}")
        return None

    def text(self, item: Mapping[str, Any], key: str, where: str, *, required: bool) -> str | None:
        """A non-empty string field, in NFC; ``None`` (and an error if required) when absent."""
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return nfc(value.strip())
        if value is None and not required:
            return None
        if value is None:
            self.fail(f"{where}.{key}", "thiếu, cần một chuỗi")
        else:
            self.fail(f"{where}.{key}", f"cần một chuỗi không rỗng, không phải {shown(value)}")
        return None

    def number(
        self, item: Mapping[str, Any], key: str, where: str, *, required: bool
    ) -> float | None:
        """A non-negative number field, or ``None`` where it is ``null`` or (if not required)
        absent. An ``int`` stays an ``int`` so that counts print as counts."""
        if key not in item:
            if required:
                self.fail(f"{where}.{key}", "thiếu, cần một số")
            return None
        value = item[key]
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"{where}.{key}", f"cần một số, không phải {shown(value)}")
            return None
        if not math.isfinite(value) or value < 0:
            self.fail(f"{where}.{key}", f"cần một số không âm, không phải {shown(value)}")
            return None
        return value

    def count(self, item: Mapping[str, Any], key: str, where: str) -> float | None:
        """A required, non-null counter."""
        value = self.number(item, key, where, required=True)
        if value is None and key in item and item[key] is None:
            self.fail(f"{where}.{key}", "cần một số, không phải null")
        return value


# Fields of a unit object that are the portal's summary of it, not raw counts.
_SUMMARY = frozenset(
    {
        "stt",
        "totalScore",
        "totalMaxScore",
        "ratio",
        "scoreDelta",
        "averageScore",
        "score",
        "maxScore",
    }
)


def raw_counters(item: Mapping[str, Any]) -> dict[str, float]:
    """The numeric fields of a unit object other than its scores and ratio."""
    return {
        key: value
        for key, value in item.items()
        if key not in _SUMMARY
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    }
