"""The copy of the portal's fixtures kept with the tests is the shared one."""

from __future__ import annotations

import pytest

from tests.dvcqg.conftest import FIXTURES, SHARED_FIXTURES


def test_the_copy_is_the_shared_fixtures() -> None:
    if not SHARED_FIXTURES.is_dir():
        pytest.skip("../shared is not beside this checkout: nothing to compare the copy with")
    shared = {
        p.relative_to(SHARED_FIXTURES): p.read_bytes()
        for p in SHARED_FIXTURES.rglob("*")
        if p.is_file()
    }
    kept = {p.relative_to(FIXTURES): p.read_bytes() for p in FIXTURES.rglob("*") if p.is_file()}
    assert kept == shared
