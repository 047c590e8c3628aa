"""The charts: the figures they draw, counted here from the evaluation's rows; Vietnamese labels
and numbers; a PNG that a document can hold."""

from __future__ import annotations

from chitieu.reports import charts
from chitieu.reports.context import ReportContext


def test_each_levels_bar_is_its_pooled_value(context: ReportContext) -> None:
    task = "II.3"
    drawn = {row["level"]: row for row in charts.level_values(context, task)}
    for level in ("province_department", "district", "commune"):
        rows = [
            r
            for r in context.evaluation.rows
            if r.target.task == task and r.unit.level == level and r.denominator
        ]
        numerator = sum(r.numerator or 0 for r in rows)
        denominator = sum(r.denominator or 0 for r in rows)
        label = context.level_label(level)
        assert abs(drawn[label]["value"] - numerator / denominator) < 1e-12
        assert drawn[label]["milestone"] * 100 == rows[0].milestone


def test_the_trend_follows_the_province_quarter_by_quarter(context: ReportContext) -> None:
    line = context.trend["II.3"]
    assert [number for number, _ in line] == [1, 2, 3]
    province = next(p for p in context.evaluation.province if p.task == "II.3")
    assert line[-1][1] == province.value


def test_specs_are_vietnamese_and_render_to_png(context: ReportContext) -> None:
    chart = charts.level_chart(context, "II.3")
    spec = charts.spec(chart)
    text = str(spec)
    assert "giá trị từng cấp so với mốc quý III" in text
    assert spec["layer"][0]["encoding"]["y"]["axis"]["format"] == ".0%"
    image = charts.png(chart)
    assert image.startswith(b"\x89PNG")
    trend = charts.png(charts.trend_chart("II.3", context.trend["II.3"], [50, 60, 70, 80]))
    assert trend.startswith(b"\x89PNG")
