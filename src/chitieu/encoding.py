"""Turning the bytes offices send into text: UTF-8 (with or without BOM), UTF-16 and Windows-1258.

Vietnamese files from older Windows machines are Windows-1258, which writes tone marks as
combining characters; the result is normalised to NFC so that it compares equal to UTF-8 text.
"""

from __future__ import annotations

import codecs

import charset_normalizer

from chitieu.text import nfc

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_ALLOWED = frozenset("\t\n\r\f\v")


class NotTextError(ValueError):
    """The bytes are not text in any encoding chitieu reads."""


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in _CONTROL_ALLOWED)
    return "\x00" in sample or controls > max(2, len(sample) // 100)


def detect_encoding(data: bytes) -> str:
    """The encoding of these bytes (a Python codec name); ``NotTextError`` if they are binary."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:8192]:
        raise NotTextError("tệp nhị phân, không phải văn bản")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        data.decode("cp1258")
    except UnicodeDecodeError:
        guess = charset_normalizer.from_bytes(data).best()
        if guess is None:
            raise NotTextError("không nhận ra bảng mã của tệp") from None
        return str(guess.encoding)
    return "cp1258"


def decode(data: bytes) -> str:
    """The text of these bytes, NFC, without a BOM; ``NotTextError`` if they are not text."""
    encoding = detect_encoding(data)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _looks_binary(text):
        raise NotTextError("tệp nhị phân, không phải văn bản")
    return nfc(text)


_NON_ASCII = bytes(range(0x80, 0x100))


def decode_prefix(data: bytes, *, complete: bool) -> tuple[str, str]:
    """The encoding of a file judged by its first bytes, and the text of those bytes (NFC, without
    a BOM); ``NotTextError`` if they are binary.

    When ``complete`` is false the bytes are a prefix of a larger file: a multi-byte character cut
    at the end must not make valid UTF-8 look like Windows-1258, so the encoding is judged on the
    prefix up to its last ASCII byte, and the cut character is left out of the text.
    """
    judged = data if complete else data.rstrip(_NON_ASCII) or data
    encoding = detect_encoding(judged)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        text = decoder.decode(data, final=complete)
    except UnicodeDecodeError as error:
        raise NotTextError(f"không đọc được tệp theo bảng mã {encoding}") from error
    if text.startswith("\ufeff"):
        text = text[1:]
    if _looks_binary(text):
        raise NotTextError("tệp nhị phân, không phải văn bản")
    return encoding, nfc(text)
