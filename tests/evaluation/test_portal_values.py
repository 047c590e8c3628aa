"""The portal's figures as values of our indicators, and our values reconciled with them."""

from __future__ import annotations

import pytest

from chitieu.evaluation import PortalFigure, portal_values, reconcile
from tests.evaluation.builders import value

LINKS = {"REUSED_DIGITIZED_DATA": "data_reuse", "DOSSIER_SYNC": "synced_national"}


def _keyed(figures: list[PortalFigure]) -> dict[tuple[str, str, str, str], tuple[float, float]]:
    return {
        (v.unit_code, v.kind, v.period, v.scope): (v.numerator, v.denominator)
        for v in portal_values(figures, LINKS, root="P")
        if v.indicator == "data_reuse"
    }


def test_months_sum_to_year_to_date() -> None:
    figures = [
        PortalFigure("X1", f"2024-{m:02d}", "REUSED_DIGITIZED_DATA", m, 10 * m) for m in (1, 2, 3)
    ]
    keyed = _keyed(figures)
    assert keyed[("X1", "month", "2024-02", "tier")] == (2, 20)
    # Q1 year to date: 1+2+3 over 10+20+30; Q2 lacks months, so no year-to-date value.
    assert keyed[("X1", "ytd", "2024-Q1", "tier")] == (6, 60)
    assert ("X1", "ytd", "2024-Q2", "tier") not in keyed
    assert all(v.source == "dvcqg" for v in portal_values(figures, LINKS))


def test_quarters_sum_to_year_to_date_and_the_province_is_its_subtree() -> None:
    figures = [
        PortalFigure("P", "2024-Q1", "REUSED_DIGITIZED_DATA", 5, 100),
        PortalFigure("P", "2024-Q2", "REUSED_DIGITIZED_DATA", 15, 100),
        PortalFigure("P", "2024-Q2", "NOT_OURS", 1, 1),
        PortalFigure("P", "2024-W7", "REUSED_DIGITIZED_DATA", 1, 1),
    ]
    keyed = _keyed(figures)
    assert keyed[("P", "quarter", "2024-Q2", "subtree")] == (15, 100)
    assert keyed[("P", "ytd", "2024-Q2", "subtree")] == (20, 200)
    assert len(keyed) == 4  # two quarters, two year-to-date; the unknown period is left out


def test_a_year_figure_is_the_fourth_quarter_to_date() -> None:
    keyed = _keyed([PortalFigure("X1", "2024", "REUSED_DIGITIZED_DATA", 3, 4)])
    assert keyed[("X1", "ytd", "2024-Q4", "tier")] == (3, 4)
    assert keyed[("X1", "year", "2024", "tier")] == (3, 4)


def test_reconcile_lists_differences_above_the_threshold() -> None:
    values = [
        value("D1", "data_reuse", "ytd", "2024-Q3", 60, 100),
        value("D1", "data_reuse", "ytd", "2024-Q3", 40, 100, source="dvcqg"),  # 20 points
        value("D2", "data_reuse", "ytd", "2024-Q3", 52, 100),
        value("D2", "data_reuse", "ytd", "2024-Q3", 50, 100, source="dvcqg"),  # 2 points
        value("X1", "data_reuse", "ytd", "2024-Q3", 10, 100, source="manual"),
        value("X1", "data_reuse", "ytd", "2024-Q3", 70, 100, source="dvcqg"),  # −60 points
        value("X2", "data_reuse", "ytd", "2024-Q3", 0, 0),
        value("X2", "data_reuse", "ytd", "2024-Q3", 70, 100, source="dvcqg"),  # ours: no data
        value("H1", "data_reuse", "ytd", "2024-Q3", 70, 100),  # the portal has none
    ]
    found = reconcile(values, threshold=5.0)
    assert [(d.ours.unit_code, round(d.difference, 9)) for d in found] == [
        ("X1", -60.0),
        ("D1", 20.0),
    ]
    assert found[0].ours.source == "manual"
    assert [d.ours.unit_code for d in reconcile(values, threshold=1.0)] == ["X1", "D1", "D2"]


def test_reconcile_prefers_computed_over_manual() -> None:
    values = [
        value("D1", "data_reuse", "ytd", "2024-Q3", 10, 100, source="manual"),
        value("D1", "data_reuse", "ytd", "2024-Q3", 90, 100),
        value("D1", "data_reuse", "ytd", "2024-Q3", 80, 100, source="dvcqg"),
    ]
    [difference] = reconcile(values, threshold=5.0)
    assert difference.ours.source == "dossiers"
    assert difference.difference == pytest.approx(10.0)


def test_monthly_series_come_from_one_source() -> None:
    from chitieu.evaluation import ValueBook
    from tests.evaluation.builders import months

    ours_empty = months("D1", "data_reuse", dict.fromkeys(range(1, 4), (0, 0)))
    portal = months("D1", "data_reuse", {1: (1, 10), 2: (2, 10)}, source="dvcqg")
    book = ValueBook([*ours_empty, *portal])
    # Ours measured nothing: the portal's months are the series.
    assert book.months("D1", "data_reuse", 2024) == {1: (1, 10), 2: (2, 10)}
    ours = months("D1", "data_reuse", {3: (5, 10)})
    mixed = ValueBook([*ours, *portal])
    # Ours measured March: ours alone, not a mix of sources.
    assert mixed.months("D1", "data_reuse", 2024) == {3: (5, 10)}
    assert ValueBook(ours_empty).months("D1", "data_reuse", 2024) == dict.fromkeys(
        range(1, 4), (0, 0)
    )
