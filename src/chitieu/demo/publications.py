"""Publications of procedures (công bố thủ tục hành chính) by the departments, some late.

A department publishes a decision for some of its procedures during the year, each on a
working day. On time means published at least 5 working days before the legal basis takes
effect; the share on time is the department's monthly share on ``published_on_time`` for the
month of publication. A late one is published 4 working days or less before the legal basis
takes effect, or after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chitieu.demo.calendar import DemoCalendar
from chitieu.demo.procedures import DemoCatalogue
from chitieu.demo.tree import DemoTree, Role

FloatArray = npt.NDArray[np.float64]

ON_TIME_LEAD = 5
"""Working days between publication and effect for a publication on time (at least)."""


@dataclass(frozen=True, slots=True)
class Publication:
    """One row of ``publications.csv``."""

    procedure_code: str
    unit_code: str
    legal_basis_effective_on: dt.date
    published_on: dt.date

    def row(self) -> tuple[str, ...]:
        """The CSV row, dates in ISO form."""
        return (
            self.procedure_code,
            self.unit_code,
            self.legal_basis_effective_on.isoformat(),
            self.published_on.isoformat(),
        )


def draw_publications(
    tree: DemoTree,
    catalogue: DemoCatalogue,
    shares: FloatArray,
    calendar: DemoCalendar,
    rng: np.random.Generator,
) -> list[Publication]:
    """The year's publications of every department, by date of publication; ``shares[h, m]`` is
    the share handler h publishes on time in month m."""
    year_days = calendar.working_days[
        (calendar.working_days >= calendar.first) & (calendar.working_days < calendar.cutoff)
    ]
    if len(year_days) == 0:
        return []
    result: list[Publication] = []
    for handler in tree.indices(Role.DEPARTMENT):
        offered = catalogue.offer_procedure[catalogue.offer_handler == handler]
        count = min(len(offered), 1 + int(rng.poisson(0.6 * len(offered))))
        chosen = rng.choice(offered, size=count, replace=False)
        published = rng.choice(year_days, size=count)
        month = calendar.month[published - calendar.first]
        on_time = rng.random(count) < shares[handler, month]
        lead = np.where(
            on_time,
            ON_TIME_LEAD - 1 + rng.geometric(0.12, count),
            rng.integers(-10, ON_TIME_LEAD, count),
        )
        effective = calendar.working_days[calendar.working_index[published] - 1 + lead]
        code = tree.handlers[handler].code
        result += [
            Publication(catalogue.codes[p], code, calendar.date(e), calendar.date(d))
            for p, e, d in zip(chosen.tolist(), effective.tolist(), published.tolist(), strict=True)
        ]
    result.sort(key=lambda p: (p.published_on, p.unit_code, p.procedure_code))
    return result
