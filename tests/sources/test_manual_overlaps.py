"""Manual values of overlapping periods (a year and its quarters, a quarter and its months) are
refused, within an import and against the store; the same period again replaces."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Source
from chitieu.errors import InputError
from chitieu.facts import DuckDBStore
from chitieu.sources.ingest import ingest
from chitieu.sources.overlaps import months_of, overlap

HEADER = "indicator,unit_code,period,numerator,denominator,evidence\n"


def _manual(path: Path, *rows: tuple[str, str, str, int, int]) -> Path:
    lines = [f"{i},{u},{p},{n},{d},Báo cáo số 1/BC" for i, u, p, n, d in rows]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stored(store: DuckDBStore) -> list[tuple[object, ...]]:
    return sorted(store.rows("SELECT indicator, unit_code, period, numerator FROM manual_values"))


def _months(period: str) -> set[tuple[int, int]]:
    """An independent reading of a label: the (year, month) pairs it covers."""
    if "-Q" in period:
        year, number = period.split("-Q")
        return {(int(year), 3 * (int(number) - 1) + k) for k in (1, 2, 3)}
    if "-" in period:
        year, month = period.split("-")
        return {(int(year), int(month))}
    return {(int(period), m) for m in range(1, 13)}


LABELS = [
    "2024",
    "2025",
    *(f"2024-Q{q}" for q in range(1, 5)),
    *(f"2024-{m:02d}" for m in (1, 3, 4, 12)),
]


@pytest.mark.parametrize(("first", "second"), list(itertools.product(LABELS, LABELS)))
def test_overlap_agrees_with_the_months_each_label_covers(first: str, second: str) -> None:
    expected = first != second and bool(_months(first) & _months(second))
    assert overlap(first, second) is expected
    assert months_of(first) is not None


def test_a_year_and_its_quarter_in_one_file_are_refused(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    path = _manual(
        tmp_path / "so-lieu.csv",
        ("online_documents", "70.STP", "2024", 90, 100),
        ("online_documents", "70.STP", "2024-Q1", 20, 25),
        ("online_documents", "70.SYT", "2024-Q1", 20, 25),
        ("online_documents", "70.SYT", "2024-Q2", 20, 25),
    )
    with pytest.raises(InputError) as refused:
        ingest(store, Source.MANUAL, [path], units=units, catalogue=catalogue, actor="t")
    messages = [p.describe() for p in refused.value.problems]
    assert len(messages) == 1, messages
    assert "so-lieu.csv, dòng 3" in messages[0]
    assert "kỳ 2024-Q1" in messages[0]
    assert "kỳ 2024 " in messages[0]
    assert "70.STP" in messages[0]
    assert "dòng 2" in messages[0]
    assert _stored(store) == []


def test_a_month_against_a_stored_quarter_is_refused_and_the_store_kept(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    first = _manual(tmp_path / "quy.csv", ("online_documents", "70.STP", "2024-Q1", 20, 25))
    ingest(store, Source.MANUAL, [first], units=units, catalogue=catalogue, actor="t")
    before = _stored(store)
    month = _manual(tmp_path / "thang.csv", ("online_documents", "70.STP", "2024-03", 5, 9))
    with pytest.raises(InputError) as refused:
        ingest(store, Source.MANUAL, [month], units=units, catalogue=catalogue, actor="t")
    (message,) = [p.describe() for p in refused.value.problems]
    assert "thang.csv, dòng 2" in message
    assert "2024-Q1 đã có trong kho" in message
    assert _stored(store) == before


def test_the_same_period_again_replaces_and_other_quarters_are_not_overlaps(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    first = _manual(tmp_path / "q1.csv", ("online_documents", "70.STP", "2024-Q1", 20, 25))
    ingest(store, Source.MANUAL, [first], units=units, catalogue=catalogue, actor="t")
    again = _manual(
        tmp_path / "q1-q2.csv",
        ("online_documents", "70.STP", "2024-Q1", 21, 25),
        ("online_documents", "70.STP", "2024-Q2", 22, 25),
        ("online_documents", "70.STP", "2025", 50, 60),
        ("regulation_update", "70.STP", "2024", 3, 4),
    )
    ingest(store, Source.MANUAL, [again], units=units, catalogue=catalogue, actor="t")
    assert _stored(store) == [
        ("online_documents", "70.STP", "2024-Q1", 21.0),
        ("online_documents", "70.STP", "2024-Q2", 22.0),
        ("online_documents", "70.STP", "2025", 50.0),
        ("regulation_update", "70.STP", "2024", 3.0),
    ]


def test_overlaps_across_the_files_of_one_import_are_refused(
    store: DuckDBStore, tmp_path: Path, units: list[OrgUnit], catalogue: Catalogue
) -> None:
    year = _manual(tmp_path / "nam.csv", ("online_documents", "70.STP", "2024", 90, 100))
    month = _manual(tmp_path / "thang.csv", ("online_documents", "70.STP", "2024-07", 9, 10))
    with pytest.raises(InputError) as refused:
        ingest(store, Source.MANUAL, [year, month], units=units, catalogue=catalogue, actor="t")
    (message,) = [p.describe() for p in refused.value.problems]
    assert message.startswith("thang.csv, dòng 2")
    assert "nam.csv, dòng 2" in message
    assert _stored(store) == []
