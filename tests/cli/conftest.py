"""Run the command line in-process, as a user would from a shell."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from chitieu.cli import main


@dataclass(frozen=True)
class Result:
    """What a command printed and how it exited."""

    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """``run("decision", "show", path)`` → exit code, stdout, stderr."""

    def invoke(*args: object) -> Result:
        monkeypatch.setattr(sys, "argv", ["chitieu", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as done:
            code = int(done.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
