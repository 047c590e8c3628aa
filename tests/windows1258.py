"""Encoding text the way Windows saves Vietnamese in Windows-1258, for tests of readers."""

from __future__ import annotations

import unicodedata

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_windows_1258(text: str) -> bytes:
    """Encode as Windows does: base letters precomposed (â, ơ, ư…), tone marks combining."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out.append(base + tones)
        else:
            out.append(char)
    return "".join(out).encode("cp1258")
