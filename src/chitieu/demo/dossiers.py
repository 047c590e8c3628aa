"""Dossiers of the demo, drawn in chunks of whole days with numpy: no Python loop per dossier.

The year's dossiers are first split between its days (the calendar's weights); chunks are runs
of consecutive days, so the files come out in the order of reception and memory stays bounded.
Within a chunk each dossier gets a handler (by volume), a procedure the handler provides (by
popularity), a reception time in office hours, a channel, a due date by working days, a finish
(on time or late; after the year's end, or after today in the current year, it is still
open), a status, and the flags the indicators
count, drawn with the handler's monthly shares: received-based flags by the month of reception,
finished-based ones (electronic result, rating) by the month of the finish.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from chitieu.demo.calendar import SECONDS_PER_DAY, DemoCalendar
from chitieu.demo.model import ONLINE_SHARE_POSTAL, OPEN_STATUSES, STATUS_SHARES
from chitieu.demo.procedures import DemoCatalogue
from chitieu.domain import FACT_COLUMNS, ColumnType, Source

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

CHUNK_ROWS = 200_000
"""Dossiers per chunk (a Parquet row group): about 60 MB of working memory."""

DOSSIER_INDICATORS = (
    "online_dossiers",
    "online_payment",
    "digitized",
    "e_results",
    "e_certified_copies",
    "data_reuse",
    "synced_national",
    "satisfaction",
)
"""The indicators whose monthly shares drive the dossiers' columns."""

CHANNELS = ("counter", "online", "postal")

OPENING = 7 * 3600 + 30 * 60
MORNING = 4 * 3600
AFTERNOON = 13 * 3600 + 30 * 60
AFTERNOON_LENGTH = 3 * 3600 + 30 * 60
CLOSING = 17 * 3600
SAME_DAY_CUTOFF = 15 * 3600
"""Office hours 7:30–11:30 and 13:30–17:00; a same-day procedure received after 15:00 is due the
next working day."""

SQL_ARROW: Mapping[ColumnType, pa.DataType] = {
    ColumnType.TEXT: pa.string(),
    ColumnType.INTEGER: pa.int32(),
    ColumnType.DECIMAL: pa.int64(),
    ColumnType.BOOLEAN: pa.bool_(),
    ColumnType.TIMESTAMP: pa.timestamp("s"),
    ColumnType.DATE: pa.date32(),
}
"""Parquet types of the canonical columns; fees are whole đồng."""

DOSSIER_SCHEMA = pa.schema(
    [(name, SQL_ARROW[kind]) for name, kind in FACT_COLUMNS[Source.DOSSIERS].items()]
)


@dataclass(frozen=True, slots=True)
class DossierModel:
    """Everything a chunk is drawn from.

    ``volume_cumulative`` is the running sum of the handlers' volumes; ``shares`` maps each of
    ``DOSSIER_INDICATORS`` to the handlers' monthly shares ``[handler, month]``. Officials are
    numbered consecutively per handler from ``official_first``; ``official_late`` multiplies
    the handler's late rate for each of them.
    """

    calendar: DemoCalendar
    catalogue: DemoCatalogue
    handler_codes: pa.StringArray
    volume_cumulative: FloatArray
    shares: Mapping[str, FloatArray]
    late_rate: FloatArray
    rated_share: FloatArray
    official_first: IntArray
    official_count: IntArray
    official_late: FloatArray
    official_codes: pa.StringArray


@dataclass(frozen=True, slots=True)
class Chunk:
    """A chunk of dossiers: the canonical table (Parquet types), and for each row its procedure's
    number and its page count (for the national sync sample)."""

    table: pa.Table
    procedure: IntArray
    pages: IntArray


def daily_counts(calendar: DemoCalendar, total: int, rng: np.random.Generator) -> IntArray:
    """How many dossiers each day of the year receives, ``total`` in all, none after today (none
    at all when no desk has opened yet this year)."""
    weight = calendar.happened_weight()
    if weight.sum() == 0:
        return np.zeros(len(weight), dtype=np.int64)
    return rng.multinomial(total, weight / weight.sum()).astype(np.int64)


def chunks(model: DossierModel, total: int, rng: np.random.Generator) -> Iterator[Chunk]:
    """The year's dossiers, ``total`` of them, in chunks of whole days in date order."""
    counts = daily_counts(model.calendar, total, rng)
    start = 0
    pending = 0
    written = 0
    for index, count in enumerate(counts.tolist()):
        pending += count
        if pending >= CHUNK_ROWS or index == len(counts) - 1:
            if pending:
                days = model.calendar.first + np.arange(start, index + 1, dtype=np.int64)
                yield _chunk(model, days, counts[start : index + 1], written, rng)
                written += pending
            start, pending = index + 1, 0


def _office_seconds(u: FloatArray, saturday: BoolArray) -> IntArray:
    span = np.where(saturday, MORNING, MORNING + AFTERNOON_LENGTH)
    x = (u * span).astype(np.int64)
    return np.where(x < MORNING, OPENING + x, AFTERNOON + x - MORNING)


@dataclass(frozen=True, slots=True)
class _Arrivals:
    """Who files what and when: day number, seconds after midnight, handler, procedure, pages,
    fee and month (0..11) of each dossier of a chunk."""

    day: IntArray
    second: IntArray
    handler: IntArray
    offer: IntArray
    procedure: IntArray
    pages: IntArray
    fee: IntArray
    month: IntArray


@dataclass(frozen=True, slots=True)
class _Course:
    """How each dossier runs: channel (0 counter, 1 online, 2 postal), official, due day, finish
    (day number and seconds; meaningful where the status has one), status."""

    channel: IntArray
    official: IntArray
    due_day: IntArray
    finish_day: IntArray
    finish_second: IntArray
    status: IntArray


def _chunk(
    model: DossierModel, days: IntArray, counts: IntArray, first_row: int, rng: np.random.Generator
) -> Chunk:
    arrivals = _arrive(model, days, counts, rng)
    course = _run(model, arrivals, rng)
    return Chunk(
        _table(model, arrivals, course, days, first_row, rng), arrivals.procedure, arrivals.pages
    )


def _arrive(
    model: DossierModel, days: IntArray, counts: IntArray, rng: np.random.Generator
) -> _Arrivals:
    """Reception times in office hours in date order; handlers by volume; procedures by their
    popularity at the handler."""
    cal, cat = model.calendar, model.catalogue
    n = int(counts.sum())
    day = np.repeat(days, counts)
    second = _office_seconds(rng.random(n), ~cal.working[day])
    second = second[np.lexsort((second, day))]
    last = len(model.volume_cumulative) - 1
    handler = np.minimum(np.searchsorted(model.volume_cumulative, rng.random(n), "right"), last)
    offer = np.searchsorted(cat.offer_cumulative, handler + rng.random(n), "right")
    offer = np.minimum(offer, len(cat.offer_cumulative) - 1)
    procedure = cat.offer_procedure[offer]
    pages = np.where(cat.per_page[procedure], np.minimum(rng.geometric(0.45, n), 20), 1)
    return _Arrivals(
        day=day,
        second=second,
        handler=handler,
        offer=offer,
        procedure=procedure,
        pages=pages,
        fee=cat.fee[procedure] * pages,
        month=cal.month[day - cal.first],
    )


def _run(model: DossierModel, arrivals: _Arrivals, rng: np.random.Generator) -> _Course:
    """Channel, official, due date, finish and status of each dossier."""
    cal, cat = model.calendar, model.catalogue
    a = arrivals
    n = len(a.day)
    # Online only where the procedure is offered online; the handler's online share is spread
    # over the volume it offers online, so that its overall share is what its curve says.
    capable = cat.offer_level[a.offer] > 0
    p_online = model.shares["online_dossiers"][a.handler, a.month] / cat.online_capable[a.handler]
    online = capable & (rng.random(n) < p_online)
    postal = ~online & (rng.random(n) < ONLINE_SHARE_POSTAL)
    official = model.official_first[a.handler] + (
        rng.random(n) * model.official_count[a.handler]
    ).astype(np.int64)

    # Due by working days; finished on time (early more often than on the day) or late.
    allowed = cat.days[a.procedure]
    allowed = np.where((allowed == 0) & (a.second >= SAME_DAY_CUTOFF), 1, allowed)
    due_day = cal.add_working_days(a.day, allowed)
    late = rng.random(n) < model.late_rate[a.handler] * model.official_late[official]
    on_time_days = np.minimum((rng.random(n) ** 1.6 * (allowed + 1)).astype(np.int64), allowed)
    late_days = allowed + np.minimum(rng.geometric(0.3, n), 40)
    finish_day = cal.add_working_days(a.day, np.where(late, late_days, on_time_days))
    room = np.maximum(CLOSING - a.second - 60, 0)
    same_day = a.second + 60 + (rng.random(n) * room).astype(np.int64)
    other_day = _office_seconds(rng.random(n), ~cal.working[finish_day])
    finish_second = np.where(finish_day == a.day, same_day, other_day)

    status = _statuses(n, finish_day >= cal.cutoff, rng)
    registered = status == 1
    channel = np.where(online | registered, 1, np.where(postal, 2, 0))
    return _Course(channel, official, due_day, finish_day, finish_second, status)


def _table(
    model: DossierModel,
    a: _Arrivals,
    c: _Course,
    days: IntArray,
    first_row: int,
    rng: np.random.Generator,
) -> pa.Table:
    """The flags the indicators count, the return of results, and the canonical table."""
    cal, cat = model.calendar, model.catalogue
    n = len(a.day)

    def share(indicator: str, month: IntArray) -> FloatArray:
        return model.shares[indicator][a.handler, month]

    finished = (c.status == 9) | (c.status == 10)
    online = c.channel == 1
    finish_month = cal.month[np.clip(c.finish_day - cal.first, 0, cal.days_in_year - 1)]
    components = rng.random(n) < share("digitized", a.month)
    e_share = np.where(
        cat.copy_certification[a.procedure],
        share("e_certified_copies", finish_month),
        share("e_results", finish_month),
    )
    e_result = finished & (rng.random(n) < e_share)
    # Components and result digitized together at exactly the digitized share: a finished
    # dossier's result is digitized when its components are, or when the result is electronic.
    result_digitized = finished & (components | e_result)
    reuse = share("data_reuse", a.month) / np.maximum(share("digitized", a.month), 1e-9)
    reused = components & (rng.random(n) < reuse)
    paid_online = (a.fee > 0) & (rng.random(n) < share("online_payment", a.month))
    synced = rng.random(n) < share("synced_national", a.month)
    rated = finished & (rng.random(n) < model.rated_share[a.handler] * np.where(online, 1.3, 1.0))
    satisfied = rng.random(n) < share("satisfaction", finish_month)
    level = rng.random(n)
    rating = np.where(
        satisfied,
        np.where(level < 0.8, 5, 4),
        np.array([1, 2, 3, 3])[(level * 4).astype(np.int64)],
    )

    received_at = a.day * SECONDS_PER_DAY + a.second
    finished_at = c.finish_day * SECONDS_PER_DAY + c.finish_second
    # Electronic results reach online applicants at once; the others come for theirs.
    pickup = (rng.geometric(0.45, n) - 1) * SECONDS_PER_DAY + (rng.random(n) * 7200).astype(
        np.int64
    )
    at_once = (rng.random(n) * 1800).astype(np.int64)
    returned_at = finished_at + np.where(online & e_result, at_once, pickup)
    status = np.where((c.status == 10) & (returned_at >= cal.cutoff * SECONDS_PER_DAY), 9, c.status)
    has_finish = finished | (status == 7) | (status == 8)
    has_due = (status != 1) & (status != 3)

    codes = model.handler_codes.take(pa.array(a.handler))
    sequence = pc.utf8_lpad(
        pc.cast(pa.array(np.arange(first_row + 1, first_row + n + 1)), pa.string()), 7, "0"
    )
    labels = pa.array([f"{cal.date(d):%y%m%d}" for d in days.tolist()])
    dossier_code = pc.binary_join_element_wise(
        codes, labels.take(pa.array(a.day - days[0])), sequence, "-"
    )
    return pa.table(
        {
            "dossier_code": dossier_code,
            "procedure_code": pa.array(cat.codes).take(pa.array(a.procedure)),
            "unit_code": codes,
            "channel": pa.array(CHANNELS).take(pa.array(c.channel)),
            "received_at": _timestamps(cal, received_at, None),
            "due_at": _timestamps(cal, c.due_day * SECONDS_PER_DAY + CLOSING, ~has_due),
            "finished_at": _timestamps(cal, finished_at, ~has_finish),
            "returned_at": _timestamps(cal, returned_at, status != 10),
            "status": pa.array(status.astype(np.int32)),
            "components_digitized": pa.array(components),
            "result_digitized": pa.array(result_digitized),
            "e_result": pa.array(e_result),
            "reused_data": pa.array(reused),
            "fee_amount": pa.array(a.fee),
            "paid_online": pa.array(paid_online),
            "synced_national": pa.array(synced),
            "handler_code": model.official_codes.take(pa.array(c.official, mask=status == 1)),
            "rating": pa.array(rating.astype(np.int32), mask=~rated),
        },
        schema=DOSSIER_SCHEMA,
    )


def _statuses(n: int, still_open: BoolArray, rng: np.random.Generator) -> IntArray:
    """Status codes: most dossiers end returned (10); those whose finish falls after the year
    (or after today) are open (2, 4, 5, 6); a few take another course (see ``model.STATUS_SHARES``)."""
    open_codes = np.array([code for code, _ in OPEN_STATUSES], dtype=np.int64)
    open_weights = np.cumsum([weight for _, weight in OPEN_STATUSES])
    open_status = open_codes[
        np.minimum(np.searchsorted(open_weights, rng.random(n) * open_weights[-1], "right"), 3)
    ]
    status = np.where(still_open, open_status, 10)
    draw = rng.random(n)
    bounds = np.cumsum(
        [
            STATUS_SHARES["registered"],
            STATUS_SHARES["refused"],
            STATUS_SHARES["withdrawn"],
            STATUS_SHARES["stopped"],
            STATUS_SHARES["stuck"],
        ]
    )
    kind = np.searchsorted(bounds, draw, "right")
    status = np.where(kind == 0, 1, status)
    status = np.where(kind == 1, 3, status)
    status = np.where((kind == 2) & ~still_open, 7, status)
    status = np.where((kind == 3) & ~still_open, 8, status)
    status = np.where(kind == 4, np.where(rng.random(n) < 0.6, 5, 6), status)
    not_collected = rng.random(n) < STATUS_SHARES["not_collected"]
    return np.where((status == 10) & not_collected, 9, status)


def _timestamps(cal: DemoCalendar, seconds: IntArray, absent: BoolArray | None) -> pa.Array:
    """Local timestamps from seconds since the calendar's origin; ``absent`` ones null."""
    return pa.array(cal.timestamps(seconds), type=pa.timestamp("s"), mask=absent)


def csv_table(table: pa.Table) -> pa.Table:
    """The same rows as the CSV writes them: timestamps in ISO 8601 without offset, booleans 1/0,
    absent values empty."""
    columns: list[pa.Array | pa.ChunkedArray] = []
    for field, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_timestamp(field.type):
            # Casting writes "2024-03-15 09:30:00", far faster than strftime.
            columns.append(pc.replace_substring(pc.cast(column, pa.string()), " ", "T"))
        elif pa.types.is_boolean(field.type):
            columns.append(pc.cast(column, pa.int8()))
        else:
            columns.append(column)
    return pa.table(columns, names=table.column_names)
