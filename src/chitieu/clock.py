"""What time it is, in one place, so that "today" can be fixed by a test or a script.

Everything that depends on the present — which dates lie in the future, whether a quarter has
ended, where a demo year stops — asks this module. ``CHITIEU_TODAY`` (``2026-12-02`` or
``2026-12-02T09:30``, local time) fixes it for a whole process, as the command-line tests do;
functions that take a ``now``/``today`` argument let unit tests pass it directly.
"""

from __future__ import annotations

import datetime as dt
import os

from chitieu.domain.periods import LOCAL_TZ

TODAY_ENV = "CHITIEU_TODAY"


def now() -> dt.datetime:
    """The present as a naive local wall-clock time (how the facts store holds times).

    >>> os.environ[TODAY_ENV] = "2026-12-02T09:30"
    >>> now()
    datetime.datetime(2026, 12, 2, 9, 30)
    >>> del os.environ[TODAY_ENV]
    """
    fixed = os.environ.get(TODAY_ENV, "").strip()
    if fixed:
        try:
            moment = dt.datetime.fromisoformat(fixed)
        except ValueError as error:
            raise ValueError(
                f"{TODAY_ENV}: «{fixed}» không phải ngày dạng 2026-12-02 hoặc 2026-12-02T09:30"
            ) from error
        if moment.tzinfo is not None:
            moment = moment.astimezone(LOCAL_TZ).replace(tzinfo=None)
        if len(fixed) <= 10:
            # A date alone means the end of that day: everything dated that day has happened.
            moment = moment.replace(hour=23, minute=59, second=59)
        return moment
    return dt.datetime.now(LOCAL_TZ).replace(tzinfo=None, microsecond=0)


def today() -> dt.date:
    """Today's local date.

    >>> os.environ[TODAY_ENV] = "2026-12-02"
    >>> today()
    datetime.date(2026, 12, 2)
    >>> del os.environ[TODAY_ENV]
    """
    return now().date()
