"""The command-line fixture, for the tests of the data services too."""

from tests.cli.conftest import run

__all__ = ["run"]
