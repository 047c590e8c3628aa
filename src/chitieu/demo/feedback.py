"""Feedback items (phản ánh, kiến nghị) of the departments and district committees.

Items arrive on the calendar's busy days and are due 15 working days later, at the end of that
day. The share resolved on time is the unit's monthly share on ``feedback_on_time`` for the month
of reception; a late one is resolved after the due day; one resolved after the year's end (in the
current year: after today), and a few forgotten ones, are unresolved. None is received after
today; an open item received lately is due in the days ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chitieu.demo.calendar import SECONDS_PER_DAY, DemoCalendar
from chitieu.demo.model import FEEDBACK_WORKING_DAYS
from chitieu.demo.tree import DemoTree, Role

FORGOTTEN = 0.015
"""Share of items nobody resolves."""

OPENING = 7 * 3600 + 30 * 60
OFFICE_SECONDS = 9 * 3600
END_OF_DAY = SECONDS_PER_DAY - 1


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    """One row of ``feedback.csv``."""

    feedback_code: str
    unit_code: str
    received_at: dt.datetime
    due_at: dt.datetime
    resolved_at: dt.datetime | None

    def row(self) -> tuple[str, ...]:
        """The CSV row: local times in ISO 8601 without offset, empty when unresolved."""
        resolved = "" if self.resolved_at is None else self.resolved_at.isoformat()
        return (
            self.feedback_code,
            self.unit_code,
            self.received_at.isoformat(),
            self.due_at.isoformat(),
            resolved,
        )


def draw_feedback(
    tree: DemoTree,
    volume: npt.NDArray[np.float64],
    shares: npt.NDArray[np.float64],
    calendar: DemoCalendar,
    total: int,
    rng: np.random.Generator,
) -> list[FeedbackItem]:
    """``total`` items spread over the departments and district committees by their volume;
    ``shares[h, m]`` is the share handler h resolves on time of the items of month m."""
    holders = np.asarray(tree.indices(Role.DEPARTMENT, Role.COMMITTEE), dtype=np.int64)
    if len(holders) == 0 or total == 0:
        return []
    weight = volume[holders] / volume[holders].sum()
    handler = holders[rng.choice(len(holders), size=total, p=weight)]
    days = calendar.first + np.arange(calendar.days_in_year)
    day_weight = calendar.happened_weight()
    if day_weight.sum() == 0:
        return []
    day = rng.choice(days, size=total, p=day_weight / day_weight.sum())
    received = (
        day * SECONDS_PER_DAY + OPENING + (rng.random(total) * OFFICE_SECONDS).astype(np.int64)
    )
    due_day = calendar.add_working_days(day, np.full(total, FEEDBACK_WORKING_DAYS, dtype=np.int64))
    month = calendar.month[day - calendar.first]
    on_time = rng.random(total) < shares[handler, month]
    taken = np.where(
        on_time,
        1 + (rng.random(total) ** 1.2 * FEEDBACK_WORKING_DAYS).astype(np.int64),
        FEEDBACK_WORKING_DAYS + rng.geometric(0.15, total),
    )
    taken = np.minimum(taken, FEEDBACK_WORKING_DAYS + 60)
    resolved_day = calendar.add_working_days(day, taken)
    resolved = (
        resolved_day * SECONDS_PER_DAY
        + OPENING
        + (rng.random(total) * OFFICE_SECONDS).astype(np.int64)
    )
    unresolved = (resolved_day >= calendar.cutoff) | (rng.random(total) < FORGOTTEN)
    order = np.argsort(received, kind="stable")
    origin = dt.datetime.combine(calendar.origin, dt.time())
    items: list[FeedbackItem] = []
    for number, i in enumerate(order.tolist(), start=1):
        items.append(
            FeedbackItem(
                feedback_code=f"PAKN-{calendar.year}-{number:05d}",
                unit_code=tree.handlers[int(handler[i])].code,
                received_at=origin + dt.timedelta(seconds=int(received[i])),
                due_at=origin
                + dt.timedelta(seconds=int(due_day[i]) * SECONDS_PER_DAY + END_OF_DAY),
                resolved_at=None
                if unresolved[i]
                else origin + dt.timedelta(seconds=int(resolved[i])),
            )
        )
    return items
