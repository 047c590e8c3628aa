"""A plain-Python implementation of INDICATORS.md's "Precise rules for dossiers", written from the
text, sharing nothing with the engine's SQL: the oracle of the property test.

Dossiers are dicts of canonical columns with local naive datetimes (as the store holds them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from chitieu.domain import OrgUnit

Dossier = Mapping[str, Any]
Key = tuple[str, str, str, str, str]
"""(unit_code, indicator, kind, period, scope)"""

INDICATORS = (
    "online_payment",
    "online_dossiers",
    "digitized",
    "e_results",
    "e_certified_copies",
    "data_reuse",
    "synced_national",
    "satisfaction",
    "on_time",
)
"""The dossier indicators of INDICATORS.md."""

NOT_RECEIVED = {1, 3, 7}
FINISHED = {9, 10}
ENDED = {8, 9, 10}


@dataclass(frozen=True)
class Window:
    """A period P = [start, end)."""

    kind: str
    label: str
    start: dt.datetime
    end: dt.datetime


def windows(year: int) -> list[Window]:
    """Months, quarters within themselves, quarters year to date, the year."""

    def first(month: int) -> dt.datetime:
        return dt.datetime(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    found = [Window("month", f"{year}-{m:02d}", first(m), first(m + 1)) for m in range(1, 13)]
    found += [
        Window("quarter", f"{year}-Q{q}", first(3 * q - 2), first(3 * q + 1)) for q in range(1, 5)
    ]
    found += [Window("ytd", f"{year}-Q{q}", first(1), first(3 * q + 1)) for q in range(1, 5)]
    found.append(Window("year", str(year), first(1), first(13)))
    return found


def _in(value: dt.datetime | None, p: Window) -> bool:
    return value is not None and p.start <= value < p.end


def received(d: Dossier, p: Window) -> bool:
    """status ∉ {1, 3, 7} and start ≤ received_at < end."""
    return d["status"] not in NOT_RECEIVED and _in(d["received_at"], p)


def finished(d: Dossier, p: Window) -> bool:
    """status ∈ {9, 10} and start ≤ finished_at < end."""
    return d["status"] in FINISHED and _in(d["finished_at"], p)


def ended(d: Dossier, p: Window) -> bool:
    """status ∈ {8, 9, 10} and start ≤ finished_at < end."""
    return d["status"] in ENDED and _in(d["finished_at"], p)


def is_open(d: Dossier, p: Window) -> bool:
    """Received before the end and not ended before it."""
    closed = d["status"] in ENDED and d["finished_at"] is not None and d["finished_at"] < p.end
    return d["status"] not in NOT_RECEIVED and d["received_at"] < p.end and not closed


def on_time(d: Dossier) -> bool:
    """The local date of finished_at ≤ that of due_at, or due_at is empty."""
    return d["due_at"] is None or d["finished_at"].date() <= d["due_at"].date()


def counts(d: Dossier, p: Window, copies: set[str]) -> dict[str, tuple[bool, bool]]:
    """For each dossier indicator: (in the numerator, in the denominator)."""
    rec, fin, end, opn = received(d, p), finished(d, p), ended(d, p), is_open(d, p)
    fee = d["fee_amount"] > 0
    copy = d["procedure_code"] in copies
    finished_before_end = (
        d["status"] in FINISHED and d["finished_at"] is not None and d["finished_at"] < p.end
    )
    not_overdue = d["due_at"] is None or d["due_at"].date() >= p.end.date()
    rated = d["rating"] is not None
    return {
        "online_payment": (rec and fee and d["paid_online"], rec and fee),
        "online_dossiers": (rec and d["channel"] == "online", rec),
        "digitized": (
            rec
            and d["components_digitized"]
            and (d["result_digitized"] or not finished_before_end),
            rec,
        ),
        "e_results": (fin and d["e_result"], fin),
        "e_certified_copies": (fin and copy and d["e_result"], fin and copy),
        "data_reuse": (rec and d["reused_data"], rec),
        "synced_national": ((rec or end) and d["synced_national"], rec or end),
        "satisfaction": (fin and rated and d["rating"] >= 4, fin and rated),
        "on_time": ((end and on_time(d)) or (opn and not_overdue), end or opn),
    }


def _closure(units: Sequence[OrgUnit]) -> list[tuple[str, str, bool]]:
    by_code = {u.code: u for u in units}
    pairs = []
    for unit in units:
        current: OrgUnit | None = unit
        uniform = True
        while current is not None:
            uniform = uniform and current.level == unit.level
            pairs.append((current.code, unit.code, uniform))
            current = by_code.get(current.parent_code or "")
    return pairs


def values(
    dossiers: Iterable[Dossier], units: Sequence[OrgUnit], copies: set[str], year: int
) -> dict[Key, tuple[int, int]]:
    """Every (unit, indicator, kind, period, scope) with a non-zero denominator."""
    own: dict[tuple[str, str, str, str], list[int]] = {}
    periods = windows(year)
    for dossier in dossiers:
        for p in periods:
            for code, (numerator, denominator) in counts(dossier, p, copies).items():
                if denominator:
                    cell = own.setdefault((dossier["unit_code"], code, p.kind, p.label), [0, 0])
                    cell[0] += int(bool(numerator))
                    cell[1] += 1
    result: dict[Key, tuple[int, int]] = {}
    for (unit, code, kind, label), (n, d) in own.items():
        result[(unit, code, kind, label, "own")] = (n, d)
    for ancestor, descendant, same_tier in _closure(units):
        for (unit, code, kind, label), (n, d) in own.items():
            if unit != descendant:
                continue
            scopes = ["subtree", "tier"] if same_tier else ["subtree"]
            for scope in scopes:
                key = (ancestor, code, kind, label, scope)
                old = result.get(key, (0, 0))
                result[key] = (old[0] + n, old[1] + d)
    return result
