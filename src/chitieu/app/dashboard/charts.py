"""The pages' own charts (one Altair definition each, embedded with the vendored vega-embed):
a unit's monthly values against the quarter's milestones, and an indicator's distribution over
units. The quarterly report's charts are ``chitieu.reports.charts``'."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import altair as alt

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
