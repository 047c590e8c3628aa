"""The procedure catalogue, publications, feedback, manual values and officials of a demo."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest

from chitieu.demo import DemoSummary
from chitieu.demo.procedures import load_sectors
from chitieu.domain import OrgUnit
from chitieu.domain.workdays import working_days_before
from tests.demo.duck import connect, count, scalar

CODE = re.compile(r"^[12]\.\d{6}$")


@pytest.fixture(scope="module")
def con(small_demo: DemoSummary) -> duckdb.DuckDBPyConnection:
    """The small demo's files."""
    return connect(small_demo)


def test_the_bundled_procedures_have_national_codes_once() -> None:
    codes = [p.code for sector in load_sectors() for p in sector.procedures]
    assert all(CODE.match(code) for code in codes)
    assert len(codes) == len(set(codes))
    assert all(
        p.online in ("eligible", "partial", "none") for s in load_sectors() for p in s.procedures
    )


def test_procedures_are_one_row_per_unit_with_online_levels(
    con: duckdb.DuckDBPyConnection, small_units: list[OrgUnit]
) -> None:
    assert (
        scalar(con, "SELECT count(*) - count(DISTINCT (procedure_code, unit_code)) FROM procedures")
        == 0
    )
    levels = {
        row[0] for row in con.execute("SELECT DISTINCT online_level FROM procedures").fetchall()
    }
    assert levels == {"full", "partial", "none"}
    assert (
        scalar(
            con,
            "SELECT count(*) FROM procedures WHERE online_level = 'full' AND NOT eligible_full_online",
        )
        == 0
    )
    handlers = {u.code for u in small_units if u.parent_code is not None}
    assert {
        row[0] for row in con.execute("SELECT DISTINCT unit_code FROM procedures").fetchall()
    } == handlers
    names = [row[0] for row in con.execute("SELECT DISTINCT name FROM procedures").fetchall()]
    assert "Đăng ký khai sinh" in names


def test_departments_differ_in_full_online_services(con: duckdb.DuckDBPyConnection) -> None:
    shares = [
        row[0]
        for row in con.execute(
            "SELECT avg(CASE WHEN online_level = 'full' THEN 1 ELSE 0 END) FROM procedures "
            "WHERE eligible_full_online AND unit_code NOT LIKE '%.H%' AND unit_code NOT LIKE '%.X%' GROUP BY unit_code"
        ).fetchall()
    ]
    assert len(shares) == 5
    assert min(shares) < max(shares)


def test_publications_are_departments_some_late(
    con: duckdb.DuckDBPyConnection, small_units: list[OrgUnit]
) -> None:
    departments = {u.code for u in small_units if u.level == "province_department"}
    rows = con.execute(
        "SELECT unit_code, legal_basis_effective_on, published_on FROM publications"
    ).fetchall()
    assert rows
    assert {row[0] for row in rows} <= departments
    on_time = [published <= working_days_before(effective, 5) for _, effective, published in rows]
    assert any(on_time)
    assert not all(on_time)
    assert all(published.year == 2024 for _, _, published in rows)
    assert (
        scalar(
            con,
            "SELECT count(*) - count(DISTINCT (procedure_code, unit_code, published_on)) FROM publications",
        )
        == 0
    )


def test_feedback_of_departments_and_district_committees(
    con: duckdb.DuckDBPyConnection, small_units: list[OrgUnit]
) -> None:
    holders = {u.code for u in small_units if u.level == "province_department"} | {
        u.code for u in small_units if u.level == "district" and u.parent_code == "70"
    }
    units = {row[0] for row in con.execute("SELECT DISTINCT unit_code FROM feedback").fetchall()}
    assert units <= holders
    assert scalar(con, "SELECT count(*) - count(DISTINCT feedback_code) FROM feedback") == 0
    assert (
        scalar(
            con,
            "SELECT count(*) FROM feedback WHERE resolved_at < received_at OR due_at < received_at",
        )
        == 0
    )
    assert count(con, "SELECT count(*) FROM feedback WHERE resolved_at IS NULL") > 0
    late = count(con, "SELECT count(*) FROM feedback WHERE resolved_at > due_at")
    on_time = count(con, "SELECT count(*) FROM feedback WHERE resolved_at <= due_at")
    assert 0 < late < on_time


def test_manual_values_per_quarter_for_the_units_holding_them(
    con: duckdb.DuckDBPyConnection, small_units: list[OrgUnit]
) -> None:
    assert (
        scalar(
            con,
            "SELECT count(*) FROM manual WHERE numerator > denominator OR numerator < 0 OR denominator <= 0",
        )
        == 0
    )
    rows = con.execute(
        "SELECT indicator, unit_code, list(period ORDER BY period) FROM manual GROUP BY ALL"
    ).fetchall()
    assert {row[2] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"] for row in rows} == {True}
    level = {u.code: u.level for u in small_units}
    regulation = {unit for indicator, unit, _ in rows if indicator == "regulation_update"}
    documents = {unit for indicator, unit, _ in rows if indicator == "online_documents"}
    assert {level[u] for u in regulation} == {"province_department"}
    assert {level[u] for u in documents} == {"province_department", "district", "commune"}
    evidence = [row[0] for row in con.execute("SELECT evidence FROM manual").fetchall()]
    assert all(
        re.match(
            r"^Báo cáo số \d+/BC-[A-Z]+ ngày \d\d/\d\d/20\d\d về .+ quý (I|II|III|IV)/2024$", e
        )
        for e in evidence
    )
    assert (
        scalar(con, "SELECT count(*) FROM manual m ANTI JOIN officials o ON o.code = m.entered_by")
        == 0
    )


def test_officials_are_a_handful_per_unit(
    con: duckdb.DuckDBPyConnection, small_units: list[OrgUnit]
) -> None:
    counts = dict(con.execute("SELECT parent_code, count(*) FROM officials GROUP BY 1").fetchall())
    handlers = {u.code for u in small_units if u.parent_code is not None}
    assert set(counts) == handlers
    assert min(counts.values()) >= 2
    assert max(counts.values()) <= 15
    assert scalar(con, "SELECT count(*) FROM officials WHERE level <> 'official'") == 0
    assert scalar(con, "SELECT count(DISTINCT code) FROM officials") == sum(counts.values())
    codes = {u.code for u in small_units}
    assert not codes & {row[0] for row in con.execute("SELECT code FROM officials").fetchall()}
    names = [row[0] for row in con.execute("SELECT name FROM officials").fetchall()]
    assert all(len(name.split()) == 3 for name in names)


def test_the_2025_structure_has_no_district_level(demo_2025: DemoSummary) -> None:
    con = connect(demo_2025)
    units = {row[0] for row in con.execute("SELECT DISTINCT unit_code FROM dossiers").fetchall()}
    assert len(units) == 48, "8 departments and 40 communes"
    assert not any(".H" in unit for unit in units)
    moved = count(
        con,
        "SELECT count(*) FROM dossiers WHERE unit_code LIKE '%.X%' AND procedure_code = '1.001612'",
    )
    assert moved > 0, "communes register household businesses since the district level went"
    assert scalar(con, "SELECT count(*) FROM feedback WHERE unit_code LIKE '%.X%'") == 0
    copies = scalar(
        con,
        "SELECT count(DISTINCT unit_code) FROM dossiers d JOIN procedures p USING (procedure_code, unit_code) "
        "WHERE p.is_copy_certification AND unit_code LIKE '%.X%'",
    )
    assert copies == 40
    first = scalar(con, "SELECT CAST(min(received_at) AS DATE) FROM dossiers")
    assert isinstance(first, dt.date)
    assert first >= dt.date(2024, 1, 1)
