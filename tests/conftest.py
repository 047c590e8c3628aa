"""Shared fixtures: where the bundled and shared inputs are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BUNDLED_DECISION = ROOT / "src" / "chitieu" / "demo" / "data" / "binh-phuoc-2024-cctthc.txt"


@pytest.fixture(scope="session")
def bundled_decision() -> Path:
    """The bundled copy of Bình Phước's 2024 decision (text form)."""
    return BUNDLED_DECISION


@pytest.fixture(scope="session")
def shared_decision() -> Path:
    """The decision as shared beside the project; the bundled copy must be identical."""
    path = SHARED / "decisions" / "binh-phuoc-2024-cctthc.txt"
    if not path.exists():
        pytest.skip("../shared is not beside this checkout")
    return path
