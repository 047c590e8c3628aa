"""The dossiers keep the rules of INDICATORS.md and look like a province's year."""

from __future__ import annotations

import duckdb
import pytest

from chitieu.demo import DemoSummary
from chitieu.domain.workdays import calendar
from tests.demo.duck import connect, count, number, scalar

WORKED_WEEKENDS = (
    ", ".join(
        f"DATE '{d.day.isoformat()}'"
        for d in calendar(2000, 2100)
        if d.day.weekday() >= 5 and d.is_working
    )
    or "NULL"
)
"""The Saturdays and Sundays the calendar makes working days, as SQL literals."""


@pytest.fixture(scope="module")
def con(small_demo: DemoSummary) -> duckdb.DuckDBPyConnection:
    """The small demo's files."""
    return connect(small_demo)


@pytest.mark.parametrize(
    ("rule", "violation"),
    [
        (
            "dossier codes are unique",
            "SELECT count(*) - count(DISTINCT dossier_code) FROM dossiers",
        ),
        ("received in the year", "SELECT count(*) FROM dossiers WHERE year(received_at) <> 2024"),
        (
            "finished after received",
            "SELECT count(*) FROM dossiers WHERE finished_at < received_at",
        ),
        ("due after received", "SELECT count(*) FROM dossiers WHERE due_at <= received_at"),
        (
            "returned after finished",
            "SELECT count(*) FROM dossiers WHERE returned_at < finished_at",
        ),
        (
            "finished and stopped dossiers have a finish",
            "SELECT count(*) FROM dossiers WHERE status IN (8, 9, 10) AND finished_at IS NULL",
        ),
        (
            "open dossiers have none",
            "SELECT count(*) FROM dossiers WHERE status IN (1, 2, 3, 4, 5, 6) AND finished_at IS NOT NULL",
        ),
        (
            "returned only when 10",
            "SELECT count(*) FROM dossiers WHERE (returned_at IS NOT NULL) <> (status = 10)",
        ),
        (
            "nothing finished after the year's end",
            "SELECT count(*) FROM dossiers WHERE finished_at >= TIMESTAMP '2025-01-01' OR returned_at >= TIMESTAMP '2025-01-01'",
        ),
        (
            "received dossiers have a due date",
            "SELECT count(*) FROM dossiers WHERE status NOT IN (1, 3) AND due_at IS NULL",
        ),
        (
            "due dates on working days",
            # A weekend day made a working day in exchange for a holiday (4/5/2024) may be one.
            "SELECT count(*) FROM dossiers WHERE dayofweek(due_at) IN (0, 6) AND "
            f"CAST(due_at AS DATE) NOT IN ({WORKED_WEEKENDS})",
        ),
        (
            "ratings only of finished dossiers",
            "SELECT count(*) FROM dossiers WHERE rating IS NOT NULL AND status NOT IN (9, 10)",
        ),
        ("ratings 1..5", "SELECT count(*) FROM dossiers WHERE rating NOT BETWEEN 1 AND 5"),
        (
            "electronic results only when finished",
            "SELECT count(*) FROM dossiers WHERE e_result AND status NOT IN (9, 10)",
        ),
        (
            "paid online only with a fee",
            "SELECT count(*) FROM dossiers WHERE paid_online AND fee_amount = 0",
        ),
        (
            "reuse only of digitized components",
            "SELECT count(*) FROM dossiers WHERE reused_data AND NOT components_digitized",
        ),
        (
            "a handler unless only registered",
            "SELECT count(*) FROM dossiers WHERE (handler_code IS NULL) <> (status = 1)",
        ),
        (
            "handlers are officials of the unit",
            "SELECT count(*) FROM dossiers d LEFT JOIN officials o ON o.code = d.handler_code "
            "WHERE d.handler_code IS NOT NULL AND o.parent_code IS DISTINCT FROM d.unit_code",
        ),
        (
            "procedures are provided by the unit",
            "SELECT count(*) FROM dossiers d ANTI JOIN procedures p USING (procedure_code, unit_code)",
        ),
        (
            "no online dossier of a procedure offered only at the counter",
            "SELECT count(*) FROM dossiers d JOIN procedures p USING (procedure_code, unit_code) "
            "WHERE d.channel = 'online' AND p.online_level = 'none' AND d.status <> 1",
        ),
        (
            "free procedures cost nothing",
            "SELECT count(*) FROM dossiers WHERE fee_amount < 0",
        ),
    ],
)
def test_rules_hold(con: duckdb.DuckDBPyConnection, rule: str, violation: str) -> None:
    assert scalar(con, violation) == 0, rule


def test_every_status_and_channel_occurs(con: duckdb.DuckDBPyConnection) -> None:
    statuses = {row[0] for row in con.execute("SELECT DISTINCT status FROM dossiers").fetchall()}
    assert statuses == set(range(1, 11))
    shares = dict(
        con.execute(
            "SELECT status, count(*) / sum(count(*)) OVER () FROM dossiers GROUP BY 1"
        ).fetchall()
    )
    assert shares[10] + shares[9] > 0.9, "mostly finished"
    channels = {row[0] for row in con.execute("SELECT DISTINCT channel FROM dossiers").fetchall()}
    assert channels == {"counter", "online", "postal"}


def test_open_dossiers_gather_at_the_years_end(con: duckdb.DuckDBPyConnection) -> None:
    late_in_year = number(
        con,
        "SELECT avg(CASE WHEN received_at >= TIMESTAMP '2024-12-01' THEN 1 ELSE 0 END) "
        "FROM dossiers WHERE status IN (2, 4)",
    )
    assert late_in_year > 0.9


def test_some_dossiers_are_late_and_some_unrated(con: duckdb.DuckDBPyConnection) -> None:
    late = number(
        con,
        "SELECT avg(CASE WHEN CAST(finished_at AS DATE) > CAST(due_at AS DATE) THEN 1 ELSE 0 END) "
        "FROM dossiers WHERE status IN (8, 9, 10)",
    )
    unrated = number(
        con,
        "SELECT avg(CASE WHEN rating IS NULL THEN 1 ELSE 0 END) FROM dossiers WHERE status IN (9, 10)",
    )
    assert 0.005 < late < 0.2
    assert 0.3 < unrated < 0.95


def test_tet_empties_the_desks(con: duckdb.DuckDBPyConnection) -> None:
    """Tết 2024 fell on 10 February: its fortnight sees far fewer dossiers than one in March."""
    tet = count(
        con,
        "SELECT count(*) FROM dossiers WHERE received_at >= '2024-02-05' AND received_at < '2024-02-19'",
    )
    march = count(
        con,
        "SELECT count(*) FROM dossiers WHERE received_at >= '2024-03-04' AND received_at < '2024-03-18'",
    )
    assert tet < 0.35 * march


def test_a_few_departments_are_large_and_communes_small(con: duckdb.DuckDBPyConnection) -> None:
    largest_department = count(
        con,
        "SELECT max(n) FROM (SELECT count(*) n FROM dossiers WHERE unit_code NOT LIKE '%.H%' AND unit_code NOT LIKE '%.X%' GROUP BY unit_code)",
    )
    median_commune = number(
        con,
        "SELECT median(n) FROM (SELECT count(*) n FROM dossiers WHERE unit_code LIKE '%.X%' GROUP BY unit_code)",
    )
    assert largest_department > 5 * median_commune


def test_copy_certification_at_communes_and_justice_divisions(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rows = con.execute(
        "SELECT DISTINCT d.unit_code FROM dossiers d JOIN procedures p USING (procedure_code, unit_code) "
        "WHERE p.is_copy_certification"
    ).fetchall()
    units = {row[0] for row in rows}
    communes = {u for u in units if ".X" in u}
    divisions = {u for u in units if ".H" in u}
    assert len(communes) == 30
    assert divisions == {"70.H01.PTP", "70.H02.PTP", "70.H03.PTP"}
    assert units - communes - divisions == {"70.STP"}, "the department the target names"
    codes = {
        row[0]
        for row in con.execute(
            "SELECT DISTINCT procedure_code FROM procedures WHERE is_copy_certification"
        ).fetchall()
    }
    assert {"2.000815", "2.000843", "2.000884", "2.000908", "2.000913", "2.000927"} == codes


def test_online_share_starts_near_the_baseline_and_rises(con: duckdb.DuckDBPyConnection) -> None:
    """2023's online share was 11.35%: January 2024 is far below December."""
    by_month = dict(
        con.execute(
            "SELECT month(received_at), avg(CASE WHEN channel = 'online' THEN 1 ELSE 0 END) "
            "FROM dossiers WHERE status NOT IN (1, 3, 7) GROUP BY 1"
        ).fetchall()
    )
    assert by_month[1] < 0.45
    assert by_month[12] > by_month[1] + 0.3


def test_some_units_meet_a_milestone_and_others_not(con: duckdb.DuckDBPyConnection) -> None:
    """Digitized dossiers of communes, year to date at Q2 against its milestone of 50%."""
    values = [
        row[0]
        for row in con.execute(
            "SELECT 100 * count(*) FILTER (components_digitized AND (result_digitized OR NOT (status IN (9, 10) AND finished_at < '2024-07-01'))) / count(*) "
            "FROM dossiers WHERE unit_code LIKE '%.X%' AND status NOT IN (1, 3, 7) AND received_at < '2024-07-01' GROUP BY unit_code"
        ).fetchall()
    ]
    assert any(v >= 50 for v in values)
    assert any(v < 50 for v in values)
