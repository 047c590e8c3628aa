"""Where the portal's fixture responses are (``../shared/dvcqg/fixtures`` beside the checkout)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "dvcqg" / "fixtures"
ENDPOINTS = (
    "transparency",
    "dvc-progress-tree",
    "provide-online-tree",
    "formality-online-payment-tree",
)


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The fixtures folder; the tests that need it are skipped when it is not beside the project."""
    if not FIXTURES.is_dir():
        pytest.skip(f"{FIXTURES} không có: ../shared is not beside this checkout")
    return FIXTURES
