"""Manual values whose periods overlap: refused, because the engine would count them twice.

A manual value counts in its own period and in every longer one containing it (``engine.sql``'s
``MANUAL_OWN``): a value for ``2024`` and one for ``2024-Q1`` of the same indicator and unit are
summed into the year, so a figure entered once for the year and again by quarter would count the
first quarter twice. The rule chosen is to refuse, not to guess which one is meant: within the
files of one import, and against the values already stored (the same period again is a
replacement, not an overlap). The message names both places and says how to proceed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import duckdb

from chitieu.errors import Place, Problem

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")

PlaceOf = Callable[[int, str], Place]
"""A row's position and a column to its place in the file (``StagedFile.place``)."""

MAX_REPORTED = 20
"""Overlaps named in a refusal (the rest are counted)."""


def months_of(period: str) -> tuple[int, int, int] | None:
    """The year and the first and last month a manual period label covers.

    >>> [months_of(p) for p in ("2024", "2024-Q2", "2024-03", "bad")]
    [(2024, 1, 12), (2024, 4, 6), (2024, 3, 3), None]
    """
    if match := _QUARTER.match(period):
        number = int(match.group(2))
        return int(match.group(1)), 3 * number - 2, 3 * number
    if match := _MONTH.match(period):
        return int(match.group(1)), int(match.group(2)), int(match.group(2))
    if match := _YEAR.match(period):
        return int(match.group(1)), 1, 12
    return None


def overlap(first: str, second: str) -> bool:
    """Whether two different period labels share a month (the same label does not overlap: it is
    the same value given again).

    >>> overlap("2024", "2024-Q1"), overlap("2024-Q1", "2024-03"), overlap("2024-Q1", "2024-04")
    (True, True, False)
    """
    if first == second:
        return False
    a, b = months_of(first), months_of(second)
    if a is None or b is None or a[0] != b[0]:
        return False
    return a[1] <= b[2] and b[1] <= a[2]


@dataclass(frozen=True, slots=True)
class ManualKey:
    """One manual value's key, and where it was given (a place in a file, or the store)."""

    indicator: str
    unit_code: str
    period: str
    place: Place | None = None
    """``None`` for a value already in the store."""


def file_keys(con: duckdb.DuckDBPyConnection, typed: str, place_of: PlaceOf) -> list[ManualKey]:
    """The keys of a typed manual table's valid rows, each with its place in the file."""
    rows = con.execute(
        f"SELECT indicator, unit_code, period, min(_position) FROM {typed} "
        "WHERE len(_errors) = 0 AND indicator IS NOT NULL AND unit_code IS NOT NULL "
        "AND period IS NOT NULL GROUP BY indicator, unit_code, period ORDER BY 4"
    ).fetchall()
    return [
        ManualKey(str(i), str(u), str(p), place_of(int(position), "period"))
        for i, u, p, position in rows
    ]


def manual_overlaps(
    new: Sequence[ManualKey], stored: Iterable[tuple[str, str, str]]
) -> list[Problem]:
    """Problems for every new value whose period overlaps another new one's, or a stored one's
    (keys of ``stored``: indicator, unit code, period). Values given again for the same period
    replace the stored ones and are not overlaps."""
    by_owner: dict[tuple[str, str], list[ManualKey]] = defaultdict(list)
    for key in new:
        by_owner[(key.indicator, key.unit_code)].append(key)
    stored_by_owner: dict[tuple[str, str], set[str]] = defaultdict(set)
    for indicator, unit_code, period in stored:
        if (indicator, unit_code) in by_owner:
            stored_by_owner[(indicator, unit_code)].add(period)
    found: list[Problem] = []
    total = 0
    for owner, given in by_owner.items():
        new_periods = {k.period for k in given}
        keys = given  # in the order given: files as on the command line, then by line
        for index, key in enumerate(keys):
            for other in keys[index + 1 :]:
                if overlap(key.period, other.period):
                    total += 1
                    if len(found) < MAX_REPORTED:
                        found.append(_within(key, other))
            for period in sorted(stored_by_owner.get(owner, ())):
                # A stored period given again in this import is replaced, so it cannot overlap.
                if period not in new_periods and overlap(key.period, period):
                    total += 1
                    if len(found) < MAX_REPORTED:
                        found.append(_against_store(key, period))
    if total > len(found):
        place = found[-1].place
        found.append(
            Problem(Place(place.file), f"và {total - len(found)} trường hợp kỳ trùng nhau khác")
        )
    return found


def _where(place: Place | None) -> str:
    return place.describe() if place is not None else "kho dữ liệu"


def _within(first: ManualKey, second: ManualKey) -> Problem:
    assert second.place is not None
    return Problem(
        second.place,
        f"kỳ {second.period} của chỉ số {second.indicator}, đơn vị {second.unit_code} trùng "
        f"với kỳ {first.period} đã ghi ở {_where(first.place)}: số liệu của một kỳ ngắn được "
        "cộng vào kỳ dài chứa nó, nên sẽ bị tính hai lần; hãy chỉ ghi theo một loại kỳ "
        "(tháng, quý hoặc năm)",
    )


def _against_store(key: ManualKey, stored: str) -> Problem:
    assert key.place is not None
    return Problem(
        key.place,
        f"kỳ {key.period} của chỉ số {key.indicator}, đơn vị {key.unit_code} trùng với kỳ "
        f"{stored} đã có trong kho dữ liệu: số liệu sẽ bị tính hai lần; hãy nạp lại theo kỳ "
        f"{stored} (thay số liệu cũ) hoặc giữ nguyên một loại kỳ cho chỉ số này",
    )
