"""A computed demo home shared by the document tests, and the quarter's context read from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chitieu.cli import app
from chitieu.domain import Quarter
from chitieu.reports.context import ReportContext

QUARTER = Quarter(2024, 3)
DAY = date(2024, 10, 15)


@pytest.fixture(scope="session")
def report_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled decision's province with a year of 20,000 demo dossiers, computed."""
    home = tmp_path_factory.mktemp("report-home")
    result = CliRunner().invoke(app, ["demo", "--home", str(home), "--dossiers", "20000"])
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture(scope="session")
def context(report_home: Path) -> ReportContext:
    """The third quarter's evaluation of the demo home, dated 15 October."""
    from chitieu.app.reports import report_context

    return report_context(report_home, QUARTER, today=DAY)
