"""The pages' own charts (one Altair definition each, embedded with the vendored vega-embed):
a unit's monthly values against the quarter's milestones, an indicator's distribution over
units, and the units on a map coloured by their status. The quarterly report's charts are
``chitieu.reports.charts``'."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from chitieu import wording
from chitieu.app.dashboard.snapshot import Snapshot
from chitieu.evaluation.model import Status, UnitEvaluation
from chitieu.reports.charts import VIETNAMESE_NUMBERS

VALUE = "#12355b"
MONTHS = "#7fa7d6"
MILESTONE = "#b42318"
FONT = "Be Vietnam Pro, Arial, sans-serif"


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    themed = (
        chart.configure(font=FONT, locale={"number": dict(VIETNAMESE_NUMBERS)})
        .configure_axis(labelFontSize=11, titleFontSize=11)
        .configure_legend(orient="bottom", labelFontSize=11, title=None, columns=2)
        .configure_view(strokeWidth=0)
    )
    # Altair validates against the whole Vega-Lite schema by default (70 ms a chart); the
    # definitions are fixed and their validation is a test's job.
    result: dict[str, Any] = themed.to_dict(validate=False)
    return result


def unit_trend(
    row: UnitEvaluation,
    months: Sequence[tuple[str, float | None]],
    quarters: Sequence[tuple[int, float | None]],
    *,
    basis: str,
) -> dict[str, Any]:
    """A unit's value month by month (each month's own value, a thin line), its value at each
    quarter's end on the milestones' basis (year to date or within the quarter: the value that
    is judged, large points) and the milestone of each quarter (a red step)."""
    milestones = {m.quarter: m.value for m in row.target.milestones}
    judged = "Lũy kế đến cuối quý" if basis == "ytd" else "Giá trị của quý"
    series = ["Giá trị của tháng", judged, "Mốc của quý"]
    data: list[dict[str, Any]] = []
    for period, value in months:
        month = int(period[5:7])
        data.append({"tháng": month, "chuỗi": series[0], "giá trị": value})
    for number, value in quarters:
        data.append({"tháng": number * 3, "chuỗi": series[1], "giá trị": value})
    # A step: each quarter's milestone from its first month, the last one held to December.
    for month, number in ((1, 1), (4, 2), (7, 3), (10, 4), (12, 4)):
        if number in milestones:
            data.append({"tháng": month, "chuỗi": series[2], "giá trị": milestones[number]})
    return _with_data(_trend_template(judged), data)


def _with_data(template: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    # The chart's definition is made once; each chart is that definition and its own rows.
    spec = dict(template)
    spec["datasets"] = {DATA: rows}
    return spec


DATA = "so-lieu"


@functools.cache
def _trend_template(judged: str) -> dict[str, Any]:
    series = ["Giá trị của tháng", judged, "Mốc của quý"]
    x = alt.X(
        "tháng:Q",
        title=None,
        scale=alt.Scale(domain=[1, 12], nice=False),
        axis=alt.Axis(values=list(range(1, 13)), labelExpr="'T' + datum.value", labelAngle=0),
    )
    y = alt.Y("giá trị:Q", title="%", scale=alt.Scale(domain=[0, 100]))
    color = alt.Color("chuỗi:N", scale=alt.Scale(domain=series, range=[MONTHS, VALUE, MILESTONE]))
    tooltip = [
        alt.Tooltip("tháng:Q", title="Tháng"),
        alt.Tooltip("chuỗi:N", title=" "),
        alt.Tooltip("giá trị:Q", title="%", format=",.2f"),
    ]
    source = alt.Chart()
    layers = [
        source.transform_filter(f"datum['chuỗi'] == '{series[2]}'")
        .mark_line(strokeWidth=2, interpolate="step-after")
        .encode(x=x, y=y, color=color, tooltip=tooltip),
        source.transform_filter(f"datum['chuỗi'] == '{series[0]}'")
        .mark_line(point=True, strokeWidth=1)
        .encode(x=x, y=y, color=color, tooltip=tooltip),
        source.transform_filter(f"datum['chuỗi'] == '{series[1]}'")
        .mark_point(filled=True, size=90)
        .encode(x=x, y=y, color=color, tooltip=tooltip),
    ]
    chart = alt.layer(*layers, data=alt.NamedData(name=DATA)).properties(
        width="container", height=170
    )
    return _spec(chart)


def distribution(rows: Sequence[UnitEvaluation], name: str, snap: Snapshot) -> dict[str, Any]:
    """How the units' values of an indicator spread (bins of 10 points), coloured by whether
    each unit met its milestone."""
    data = [
        {
            "giá trị": r.value,
            "đánh giá": "Đạt" if r.status is Status.MET else "Không đạt",
            "cấp": snap.catalogue.level(r.unit.level).label,
        }
        for r in rows
        if r.value is not None and r.status.judged
    ]
    spec = _with_data(_distribution_template(), data)
    spec["title"] = f"Phân bố giá trị — {name}"
    return spec


@functools.cache
def _distribution_template() -> dict[str, Any]:
    chart = (
        alt.Chart(alt.NamedData(name=DATA))
        .mark_bar()
        .encode(
            x=alt.X("giá trị:Q", bin=alt.Bin(step=10, extent=[0, 100]), title="Giá trị (%)"),
            y=alt.Y("count():Q", title="Số đơn vị"),
            color=alt.Color(
                "đánh giá:N",
                scale=alt.Scale(domain=["Đạt", "Không đạt"], range=["#2e7d32", MILESTONE]),
            ),
            tooltip=[alt.Tooltip("count():Q", title="Số đơn vị"), "đánh giá:N"],
        )
        .properties(width="container", height=180)
    )
    return _spec(chart)


STATUS_INK = {
    Status.MET: "#1b5e20",
    Status.NOT_MET: "#a11212",
    Status.NOT_APPLICABLE: "#455a64",
    Status.NO_DATA: "#7a5b00",
}
"""Each status's colour on a chart: the heat map's ink colours (``--met-ink``… in app.css), so
that a status looks the same on every page."""

STATUS_SHAPE = {
    Status.MET: "circle",
    Status.NOT_MET: "triangle-down",
    Status.NOT_APPLICABLE: "square",
    Status.NO_DATA: "diamond",
}
"""Each status's symbol on the map: the status reads without colour (colour blindness, print),
as the heat map's letters do."""

PLACES = "dia-danh"


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A unit on the map: where it is and what its tooltip says (texts as the table writes
    them)."""

    code: str
    name: str
    level: str
    latitude: float
    longitude: float
    value: str
    milestone: str
    status: Status
    status_text: str
    href: str


@dataclass(frozen=True, slots=True)
class Place:
    """A place name written on the map for orientation (there are no tiles): a unit's short
    name at its coordinates."""

    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Bounds:
    """The part of the earth a map shows, in degrees, with a margin around its points."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, coordinates: Sequence[tuple[float, float]]) -> Bounds:
        """The box around ``coordinates`` (latitude, longitude), a twentieth wider on each side
        so that no symbol is cut at the edge; a single point gets a box of its own."""
        latitudes = [c[0] for c in coordinates]
        longitudes = [c[1] for c in coordinates]
        south, north = min(latitudes), max(latitudes)
        west, east = min(longitudes), max(longitudes)
        pad_lat = max((north - south) / 20, 0.02)
        pad_lon = max((east - west) / 20, 0.02)
        return cls(west - pad_lon, south - pad_lat, east + pad_lon, north + pad_lat)

    @property
    def aspect(self) -> float:
        """Width over height of the box in the Mercator projection the map is drawn in, kept
        between 1/2 and 5/2 so that a line of units along a river is not a ribbon."""
        width = math.radians(self.east - self.west)
        height = _mercator(self.north) - _mercator(self.south)
        return min(2.5, max(0.5, width / height))


def _mercator(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def unit_map(points: Sequence[MapPoint], places: Sequence[Place], bounds: Bounds) -> dict[str, Any]:
    """The units at their coordinates in a Mercator projection fitted to ``bounds``, each a
    symbol of its status's colour and shape that leads to the unit's page; ``places`` written
    in grey beneath them. No tiles and no outlines: nothing is fetched."""
    spec = _with_data(_map_template(), [_point_row(p) for p in points])
    spec["datasets"][PLACES] = [
        {"tên": p.name, "vĩ độ": p.latitude, "kinh độ": p.longitude} for p in places
    ]
    corners = [[bounds.west, bounds.south], [bounds.east, bounds.north]]
    spec["projection"] = {
        "type": "mercator",
        "fit": {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "MultiPoint", "coordinates": corners},
        },
    }
    return spec


def _point_row(point: MapPoint) -> dict[str, Any]:
    return {
        "mã": point.code,
        "đơn vị": point.name,
        "cấp": point.level,
        "vĩ độ": point.latitude,
        "kinh độ": point.longitude,
        "giá trị": point.value,
        "mốc": point.milestone,
        "trạng thái": wording.STATUS[point.status.value],
        "đánh giá": point.status_text,
        "href": point.href,
        "thứ tự": int(point.status is Status.NOT_MET),
    }


NARROW = "width < 480"
"""A Vega expression: the map is drawn on a phone (smaller names and symbols, two legend
columns)."""


@functools.cache
def _map_template() -> dict[str, Any]:
    words = [wording.STATUS[s.value] for s in Status]
    latitude, longitude = alt.Latitude("vĩ độ:Q"), alt.Longitude("kinh độ:Q")
    label = alt.Chart(alt.NamedData(name=PLACES)).encode(
        latitude=latitude, longitude=longitude, text="tên:N"
    )
    size = alt.ExprRef(f"{NARROW} ? 9 : 11")
    # A white halo under each name keeps it readable where it crosses a symbol; the names are
    # drawn under the symbols so that they never hide one from the pointer.
    halo = label.mark_text(dy=-10, fontSize=size, stroke="#fff", strokeWidth=3, opacity=0.9)
    name = label.mark_text(dy=-10, fontSize=size, fill="#37474f")
    units = (
        alt.Chart(alt.NamedData(name=DATA))
        .mark_point(
            filled=True,
            size=alt.ExprRef(f"{NARROW} ? 45 : 80"),
            opacity=0.9,
            stroke="#fff",
            strokeWidth=0.6,
        )
        .encode(
            color=alt.Color(
                "trạng thái:N",
                scale=alt.Scale(domain=words, range=[STATUS_INK[s] for s in Status]),
                legend=alt.Legend(
                    orient="top",
                    columns=alt.ExprRef(f"{NARROW} ? 2 : 4"),
                    labelFontSize=12,
                    symbolSize=100,
                    columnPadding=16,
                ),
            ),
            shape=alt.Shape(
                "trạng thái:N",
                scale=alt.Scale(domain=words, range=[STATUS_SHAPE[s] for s in Status]),
            ),
            # The units short of their milestone are drawn last, never hidden under others.
            order=alt.Order("thứ tự:Q"),
            href=alt.Href("href:N"),
            tooltip=[
                alt.Tooltip("đơn vị:N", title="Đơn vị"),
                alt.Tooltip("cấp:N", title="Cấp"),
                alt.Tooltip("giá trị:N", title="Giá trị"),
                alt.Tooltip("mốc:N", title="Mốc"),
                alt.Tooltip("đánh giá:N", title="Đánh giá"),
            ],
            latitude=latitude,
            longitude=longitude,
        )
    )
    chart = alt.layer(halo, name, units).properties(width="container", height="container")
    return _spec(chart)
