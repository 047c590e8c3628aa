"""The pages' charts are valid Vega-Lite (they are made without Altair's validation, for speed:
it is checked here) and carry the figures they show."""

from __future__ import annotations

from typing import Any

import altair as alt

from tests.web.conftest import WebHome


def _specs(page: str) -> dict[str, dict[str, Any]]:
    import json
    import re

    return {
        m.group(1): json.loads(m.group(2))
        for m in re.finditer(
            r'<script id="([^"]+)" type="application/json">(.*?)</script>', page, re.S
        )
    }


def test_the_unit_and_indicator_charts_are_valid_vega_lite(web: WebHome) -> None:
    client = web.client("vanphong")
    unit = client.get("/don-vi/D1/?quy=2024-Q3").content.decode()
    specs = _specs(unit)
    for spec in specs.values():
        alt.LayerChart.from_dict(spec)  # validates against the schema
    trend = specs["bieu-do-II.3"]
    rows = trend["datasets"]["so-lieu"]
    months = [r for r in rows if r["chuỗi"] == "Giá trị của tháng"]
    assert [(r["tháng"], r["giá trị"]) for r in months] == [(m, 70.0) for m in range(1, 10)]
    [judged] = [r for r in rows if r["chuỗi"] == "Lũy kế đến cuối quý"]
    assert (judged["tháng"], judged["giá trị"]) == (9, 70.0)
    milestones = {r["tháng"]: r["giá trị"] for r in rows if r["chuỗi"] == "Mốc của quý"}
    assert milestones == {1: 50, 4: 60, 7: 70, 10: 80, 12: 80}
    indicator = client.get("/chi-so/online_dossiers/?quy=2024-Q3").content.decode()
    spread = _specs(indicator)["phan-bo"]
    alt.Chart.from_dict(spread)  # validates against the schema
    values = sorted(r["giá trị"] for r in spread["datasets"]["so-lieu"])
    assert values == [50.0, 65.0, 70.0]
