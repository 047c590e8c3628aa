"""The command-line runner, shared with ``tests/cli``."""

from tests.cli.conftest import run

__all__ = ["run"]
