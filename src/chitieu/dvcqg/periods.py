"""Which period a portal response covers.

The response does not say: the period was in the request. A capture tool that keeps a
``manifest.m0.json`` (``../shared/dvcqg/fixtures``) records each file's request payload and
SHA-256, so the period is taken from the manifest entry whose checksum equals the file's, in the
file's folder or any folder above it. Otherwise the caller names it; otherwise it stays unknown
(scoring needs no period; storing facts does, and refuses then).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from chitieu.domain import Quarter

MANIFEST_NAME = "manifest.m0.json"

_MONTH = re.compile(r"^\s*(\d{4})\s*-\s*(\d{1,2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


@dataclass(frozen=True, slots=True)
class Capture:
    """A manifest's record of one captured response: where the manifest is and what was asked."""

    manifest: Path
    endpoint: str | None
    payload: Mapping[str, Any]


def parse_period(text: str) -> str | None:
    """The canonical label of a month (``2026-08``), quarter (``2026-Q3``) or year (``2026``), or
    ``None`` if the text is none of them.

    >>> parse_period("2026-8"), parse_period("2026q3"), parse_period("2026"), parse_period("T8")
    ('2026-08', '2026-Q3', '2026', None)
    """
    month = _MONTH.match(text)
    if month is not None:
        number = int(month.group(2))
        return f"{month.group(1)}-{number:02d}" if 1 <= number <= 12 else None
    if _YEAR.match(text) is not None:
        return text.strip()
    try:
        return Quarter.parse(text).label
    except ValueError:
        return None


def _range_label(first: date, last: date) -> str | None:
    """The label of a date range that is exactly one month, quarter or year."""
    if first.day != 1:
        return None
    after = last + timedelta(days=1)
    months = (after.year - first.year) * 12 + after.month - first.month
    if after.day != 1:
        return None
    if months == 1:
        return f"{first.year}-{first.month:02d}"
    if months == 3 and first.month % 3 == 1:
        return Quarter(first.year, first.month // 3 + 1).label
    if months == 12 and first.month == 1:
        return str(first.year)
    return None


def period_of_payload(payload: Mapping[str, Any]) -> str | None:
    """The period a request payload asked for: ``timeType``/``year``/``month``/``quarter``, or
    handling-satisfaction's ``fromDate``/``toDate`` when they span exactly a month, quarter or
    year; ``None`` otherwise.

    >>> period_of_payload({"timeType": "quarter", "year": 2026, "quarter": 3})
    '2026-Q3'
    >>> period_of_payload({"fromDate": "2026-08-01", "toDate": "2026-08-31"})
    '2026-08'
    """
    kind, year = payload.get("timeType"), payload.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        month, quarter = payload.get("month"), payload.get("quarter")
        if kind == "month" and isinstance(month, int) and 1 <= month <= 12:
            return f"{year}-{month:02d}"
        if kind == "quarter" and isinstance(quarter, int) and 1 <= quarter <= 4:
            return f"{year}-Q{quarter}"
        if kind == "year":
            return str(year)
        return None
    first, last = payload.get("fromDate"), payload.get("toDate")
    if isinstance(first, str) and isinstance(last, str):
        try:
            return _range_label(date.fromisoformat(first), date.fromisoformat(last))
        except ValueError:
            return None
    return None


def formality_of_payload(payload: Mapping[str, Any]) -> str | None:
    """The procedure a request was limited to (``formalityId``; dossier-digitized spells it
    ``formalityID``), or ``None`` for a response over all procedures."""
    for key in ("formalityId", "formalityID"):
        value = payload.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _manifests(path: Path) -> Iterator[Path]:
    for folder in path.resolve().parents:
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            yield candidate


def _captures(manifest: Path) -> list[Mapping[str, Any]]:
    # A manifest that cannot be read is no evidence of anything: the period is then asked of
    # the caller, as for a file without a manifest.
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []
    captures = data.get("captures") if isinstance(data, dict) else None
    if not isinstance(captures, list):
        return []
    return [c for c in captures if isinstance(c, dict)]


def find_capture(path: Path, sha256: str) -> Capture | None:
    """The manifest entry, beside or above ``path``, recording a file with this SHA-256."""
    for manifest in _manifests(path):
        for capture in _captures(manifest):
            if str(capture.get("sha256", "")).lower() != sha256:
                continue
            payload = capture.get("payload")
            url = capture.get("url")
            endpoint = url.rstrip("/").rsplit("/", 1)[-1] if isinstance(url, str) else None
            return Capture(manifest, endpoint, payload if isinstance(payload, dict) else {})
    return None
