"""Fixtures of the unit tests: the command line run in-process."""

from __future__ import annotations

from tests.cli.conftest import run  # noqa: F401 — the command-line fixture, for these tests too
