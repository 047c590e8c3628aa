"""The charts of a quarter, one Altair (Vega-Lite) definition each, for the documents (rendered
to PNG by vl-convert, offline) and the pages (the same specification embedded with a locally
served vega-embed).

- ``level_chart``: for one task, the pooled value of each level (all its units' numerators over
  all their denominators) against the quarter's milestone;
- ``trend_chart``: for one task, the province's value at the end of each quarter so far against
  the milestones of the year.

Labels are Vietnamese and numbers are written the Vietnamese way (``56,05%``: the d3 locale
below), in the documents' serif font.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from chitieu.reports.context import ReportContext

VIETNAMESE_NUMBERS: Mapping[str, Any] = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", " ₫"],
    "percent": "%",
}
"""How d3 (and so Vega) writes numbers for a Vietnamese reader."""

FONT = "Liberation Serif, Times New Roman, serif"
VALUE = "#2F5597"
MILESTONE = "#C00000"
QUARTERS = ("Quý I", "Quý II", "Quý III", "Quý IV")


def _theme(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    themed: alt.TopLevelMixin = (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom")
        .configure_view(strokeWidth=0)
    )
    return themed


def _data(rows: list[dict[str, Any]]) -> Any:
    # Altair's schema classes are untyped.
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def level_values(context: ReportContext, task: str) -> list[dict[str, Any]]:
    """Per level holding ``task``: the pooled value and the quarter's milestone (the annex row's;
    levels of one task may have different milestones)."""
    numerators: dict[str, float] = defaultdict(float)
    denominators: dict[str, float] = defaultdict(float)
    milestones: dict[str, float] = {}
    for row in context.evaluation.rows:
        if row.target.task != task:
            continue
        level = row.unit.level
        milestones.setdefault(level, row.milestone)
        if row.denominator:
            numerators[level] += row.numerator or 0.0
            denominators[level] += row.denominator
    order = [level.code for level in context.catalogue.levels]
    return [
        {
            "level": context.level_label(level),
            "order": order.index(level) if level in order else 99,
            "value": numerators[level] / denominators[level] if denominators[level] else None,
            "milestone": milestones[level] / 100,
        }
        for level in milestones
    ]


def level_chart(context: ReportContext, task: str) -> alt.TopLevelMixin:
    """Each level's value of ``task`` (bars) against its milestone (a red tick)."""
    data = _data(level_values(context, task))
    x = alt.X(
        "level:N", title=None, sort=alt.EncodingSortField("order"), axis=alt.Axis(labelAngle=0)
    )
    y_scale = alt.Scale(domain=[0, 1])
    bars = (
        alt.Chart(data)
        .mark_bar(color=VALUE, size=46)
        .encode(
            x=x,
            y=alt.Y("value:Q", title="Giá trị", axis=alt.Axis(format=".0%"), scale=y_scale),
        )
    )
    labels = bars.mark_text(dy=-6, fontSize=12, color="black").encode(
        text=alt.Text("value:Q", format=".2~%")
    )
    ticks = (
        alt.Chart(data)
        .mark_tick(color=MILESTONE, thickness=3, size=64)
        .encode(x=x, y=alt.Y("milestone:Q", scale=y_scale))
    )
    return _theme(
        alt.layer(bars, labels, ticks).properties(
            width=360,
            height=180,
            title=alt.Title(
                f"{task}: giá trị từng cấp so với mốc quý {context.quarter.roman} (vạch đỏ)",
                fontSize=13,
            ),
        )
    )


def trend_values(
    trend: Sequence[tuple[int, float | None]],
    milestones: Sequence[float],
    milestone_label: str = "Mốc",
) -> list[dict[str, Any]]:
    """The rows of a trend chart: per quarter, the province's value (when known) and the
    milestone (of the province's level, or the lowest of the task's rows)."""
    rows = [
        {"quarter": QUARTERS[number - 1], "series": milestone_label, "value": milestone / 100}
        for number, milestone in enumerate(milestones, start=1)
    ]
    rows += [
        {"quarter": QUARTERS[number - 1], "series": "Toàn tỉnh", "value": value / 100}
        for number, value in trend
        if value is not None
    ]
    return rows


def trend_chart(
    task: str,
    trend: Sequence[tuple[int, float | None]],
    milestones: Sequence[float],
    milestone_label: str = "Mốc",
) -> alt.TopLevelMixin:
    """The province's value of ``task`` at each quarter's end against the year's milestones
    (``milestone_label`` says whose: «Mốc sở, ngành» when the task differs by level)."""
    data = _data(trend_values(trend, milestones, milestone_label))
    order = list(QUARTERS)
    chart = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("quarter:N", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "value:Q",
                title="Giá trị",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "series:N",
                title=None,
                legend=alt.Legend(orient="bottom", direction="horizontal"),
                scale=alt.Scale(domain=["Toàn tỉnh", milestone_label], range=[VALUE, MILESTONE]),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                legend=None,
                scale=alt.Scale(domain=["Toàn tỉnh", milestone_label], range=[[1, 0], [5, 3]]),
            ),
        )
    )
    return _theme(
        chart.properties(
            width=360, height=180, title=alt.Title(f"{task}: toàn tỉnh theo quý", fontSize=13)
        )
    )


def spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite specification (what a page embeds)."""
    result: dict[str, Any] = chart.to_dict()
    return result


FONT_DIRECTORIES = (
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/msttcorefonts",
)
"""Where the documents' serif fonts are found on Debian (metric twins of Times New Roman)."""


def _register_fonts(vlc: Any) -> None:
    if getattr(_register_fonts, "done", False):
        return
    from pathlib import Path  # noqa: PLC0415

    for folder in FONT_DIRECTORIES:
        if Path(folder).is_dir():
            vlc.register_font_directory(folder)
    setattr(_register_fonts, "done", True)  # noqa: B010 — once per process


def png(chart: alt.TopLevelMixin, *, scale: float = 2.0) -> bytes:
    """The chart as a PNG image for a document, rendered offline with Vietnamese numbers."""
    import vl_convert as vlc  # noqa: PLC0415 — its engine is loaded only when a chart is drawn

    _register_fonts(vlc)
    data: bytes = vlc.vegalite_to_png(
        spec(chart), scale=scale, format_locale=dict(VIETNAMESE_NUMBERS)
    )
    return data
