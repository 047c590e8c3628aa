"""The portal's fixture responses: a copy of ``../shared/dvcqg/fixtures`` kept with the tests, so
that a clean clone (CI) runs every test that reads them; ``test_fixture_copy`` checks the copy
against the shared folder when it is beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "dvcqg" / "fixtures"
ENDPOINTS = (
    "transparency",
    "dvc-progress-tree",
    "provide-online-tree",
    "formality-online-payment-tree",
)


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The fixtures folder."""
    return FIXTURES
