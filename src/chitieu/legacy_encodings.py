"""The two 8-bit Vietnamese encodings older offices still send: TCVN3 (ABC) and VNI.

Both are registered as Python codecs (``tcvn3`` and ``vni``) when this module is imported, so that
every reader that decodes by codec name (Arrow's CSV transcoding, ``open(encoding=…)``) reads them.

**TCVN3 (ABC)** is the VN3 table of TCVN 5712:1993, the 8-bit encoding of the ``.VnTime`` font
family: one byte per letter, the 67 lower-case letters and the seven upper-case base letters
Ă Â Ê Ô Ơ Ư Đ in 0xA1–0xFE. Upper-case letters *with a tone mark* have no code of their own: in
the one-font variant they are written with the lower-case code and shown in capitals by the
``.VnTimeH`` font. A word such as ``TịCH`` (upper-case ASCII around a lower-case toned letter) can
only be upper case and is decoded ``TỊCH``; a word whose only capital is its first letter
(``Ký``: «Ký» or «KÝ» in .VnTimeH?) is left as decoded, in title case — the letters are right,
only the case the font showed is unknown. The slots where the VN1 table of the same standard puts
upper-case toned letters (0x80–0x9F, 0xAF, 0xB0–0xB4, 0xBA, 0xBF, 0xC0–0xC5, 0xCD, 0xD9–0xDB,
0xE0, 0xF0, 0xFF) are not VN3 letters; they decode as Windows-1258 would (0x80–0x9F are the
quotes and dashes Windows writes there), and :data:`TCVN3_UNCERTAIN` lists them so that a file
using them inside a word is refused rather than guessed.

**VNI** (VNI-Times) writes a base letter followed by a separate byte for each mark: ``a`` +
``ù`` (0xF9) is «á», ``a`` + ``ê`` (0xEA) is «ă», ``o`` + ``á`` (0xE1) is «ố»; a few letters have
one byte (``ô`` 0xF4 is «ơ», ``ö`` 0xF6 «ư», ``ñ`` 0xF1 «đ», ``í ì æ ó ò`` are «í ì ỉ ĩ ị»,
``î`` «ỵ», and their capitals). Mark bytes decode to Unicode combining marks; the readers
normalise to NFC, which composes them.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # only a type: the bytes-like objects a codec is given
    from typing_extensions import Buffer

TCVN3: Final = "tcvn3"
"""The codec name of TCVN3 (ABC)."""
VNI: Final = "vni"
"""The codec name of VNI (VNI-Times)."""

_LOWER_BASES = {0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ"}
_UPPER_BASES = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}
# Each row: the bytes of a vowel with the grave, hook, tilde, acute and dot-below tones, in the
# order of the standard's table (huyền, hỏi, ngã, sắc, nặng).
_TONED_ROWS = (
    ("a", (0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
    ("ă", (0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
    ("â", (0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
    ("e", (0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
    ("ê", (0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
    ("i", (0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
    ("o", (0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
    ("ô", (0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
    ("ơ", (0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
    ("u", (0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
    ("ư", (0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
    ("y", (0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
)
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền, hỏi, ngã, sắc, nặng


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _tcvn3_letters() -> dict[int, str]:
    letters: dict[int, str] = {**_LOWER_BASES, **_UPPER_BASES}
    for base, codes in _TONED_ROWS:
        for code, tone in zip(codes, _TONES, strict=True):
            letters[code] = _toned(base, tone)
    return letters


TCVN3_LETTERS: Final[dict[int, str]] = _tcvn3_letters()
"""Byte → letter of TCVN3 (VN3): 67 lower-case letters and 7 upper-case base letters."""

TCVN3_UNCERTAIN: Final[frozenset[int]] = frozenset(
    b for b in range(0x80, 0x100) if b not in TCVN3_LETTERS and b != 0xA0
)
"""High bytes that are not VN3 letters (the VN1 capitals' slots, 0x80–0x9F): inside a word they
make a TCVN3 reading uncertain."""

_VNI_MARKS = {
    # lower-case and upper-case forms of the same mark byte
    (0xF9, 0xD9): "\u0301",  # sắc
    (0xF8, 0xD8): "\u0300",  # huyền
    (0xFB, 0xDB): "\u0309",  # hỏi
    (0xF5, 0xD5): "\u0303",  # ngã
    (0xEF, 0xCF): "\u0323",  # nặng
    (0xE2, 0xC2): "\u0302",  # mũ (â ê ô)
    (0xE1, 0xC1): "\u0302\u0301",
    (0xE0, 0xC0): "\u0302\u0300",
    (0xE5, 0xC5): "\u0302\u0309",
    (0xE3, 0xC3): "\u0302\u0303",
    (0xE4, 0xC4): "\u0302\u0323",
    (0xEA, 0xCA): "\u0306",  # trăng (ă)
    (0xE9, 0xC9): "\u0306\u0301",
    (0xE8, 0xC8): "\u0306\u0300",
    (0xFA, 0xDA): "\u0306\u0309",
    (0xFC, 0xDC): "\u0306\u0303",
    (0xEB, 0xCB): "\u0306\u0323",
}
_VNI_SINGLE = {
    0xF4: "ơ",
    0xD4: "Ơ",
    0xF6: "ư",
    0xD6: "Ư",
    0xF1: "đ",
    0xD1: "Đ",
    0xED: "í",
    0xCD: "Í",
    0xEC: "ì",
    0xCC: "Ì",
    0xE6: "ỉ",
    0xC6: "Ỉ",
    0xF3: "ĩ",
    0xD3: "Ĩ",
    0xF2: "ị",
    0xD2: "Ị",
    0xEE: "ỵ",
    0xCE: "Ỵ",
}


def _vni_bytes() -> dict[int, str]:
    table: dict[int, str] = dict(_VNI_SINGLE)
    for (lower, upper), marks in _VNI_MARKS.items():
        table[lower] = marks
        table[upper] = marks
    return table


VNI_BYTES: Final[dict[int, str]] = _vni_bytes()
"""Byte → text of VNI: a letter for the one-byte letters, combining marks for the mark bytes."""

VNI_MARK_BYTES: Final[frozenset[int]] = frozenset(b for pair in _VNI_MARKS for b in pair)
"""The VNI bytes that are marks placed after a base letter."""


def _windows_1258(byte: int) -> str:
    # Bytes neither table defines read as Windows-1258 would (Latin-1 where it has no character).
    try:
        return bytes([byte]).decode("cp1258")
    except UnicodeDecodeError:
        return chr(byte)


def _translation(letters: dict[int, str]) -> dict[int, str]:
    """A ``str.translate`` table applied to bytes decoded as Latin-1."""
    return {b: letters.get(b, _windows_1258(b)) for b in range(0x80, 0x100)}


_TCVN3_TRANSLATION: Final = _translation(TCVN3_LETTERS)
_VNI_TRANSLATION: Final = _translation(VNI_BYTES)

_SHARED = frozenset(
    c for b, c in TCVN3_LETTERS.items() if b not in _UPPER_BASES and c not in _LOWER_BASES.values()
)
"""The lower-case toned letters, whose codes TCVN3 also uses for their capitals."""
_WORD = re.compile(r"[^\W\d_]+")


def _upper_case_word(match: re.Match[str]) -> str:
    word = match.group()
    if not any(c in _SHARED for c in word):
        return word
    others = [c for c in word if c not in _SHARED]
    capitals = sum(1 for c in others if c.isupper())
    # Upper-case letters around a lower-case toned one: the word was written in capitals.
    if capitals >= 2 and not any(c.islower() for c in others):
        return word.upper()
    return word


def tcvn3_text(data: bytes) -> str:
    """The text of TCVN3 bytes (not yet NFC), words written in capitals made upper case."""
    return _WORD.sub(_upper_case_word, data.decode("latin-1").translate(_TCVN3_TRANSLATION))


def vni_text(data: bytes) -> str:
    """The text of VNI bytes, marks as combining characters (normalise to NFC to compose)."""
    return data.decode("latin-1").translate(_VNI_TRANSLATION)


def _tcvn3_encoding() -> dict[str, bytes]:
    table = {c: bytes([b]) for b, c in TCVN3_LETTERS.items()}
    for char in list(table):
        upper = char.upper()
        if upper not in table:
            # One-font TCVN3: a capital with a tone mark is written with the lower-case code.
            table[upper] = table[char]
    return table


_VNI_ENCODING_MARKS = {marks: (lower, upper) for (lower, upper), marks in _VNI_MARKS.items()}
_TCVN3_ENCODING: Final = _tcvn3_encoding()


def _punctuation(text: str, index: int, encoding: str) -> bytes:
    # Dashes and quotes as Windows writes them beside the font's letters (0x80–0x9F).
    char = text[index]
    try:
        if char.isalpha():
            raise UnicodeEncodeError(encoding, text, index, index + 1, "not a Vietnamese letter")
        return char.encode("cp1252")
    except UnicodeEncodeError:
        raise UnicodeEncodeError(encoding, text, index, index + 1, f"not in {encoding}") from None


def encode_tcvn3(text: str) -> bytes:
    """The TCVN3 bytes of a text (for tests and tools), punctuation outside ASCII as Windows-1252
    writes it; ``UnicodeEncodeError`` for a letter outside ASCII and the Vietnamese ones."""
    out = bytearray()
    for index, char in enumerate(unicodedata.normalize("NFC", text)):
        if ord(char) < 0x80:
            out.append(ord(char))
        elif char in _TCVN3_ENCODING:
            out += _TCVN3_ENCODING[char]
        else:
            out += _punctuation(text, index, TCVN3)
    return bytes(out)


_VNI_SINGLE_ENCODING = {c: b for b, c in _VNI_SINGLE.items()}


def encode_vni(text: str) -> bytes:
    """The VNI bytes of a text (for tests and tools), punctuation outside ASCII as Windows-1252
    writes it; ``UnicodeEncodeError`` for a letter outside ASCII and the Vietnamese ones."""
    out = bytearray()
    for index, char in enumerate(unicodedata.normalize("NFC", text)):
        if ord(char) < 0x80:
            out.append(ord(char))
            continue
        if char in _VNI_SINGLE_ENCODING:
            out.append(_VNI_SINGLE_ENCODING[char])
            continue
        if not char.isalpha():
            out += _punctuation(text, index, VNI)
            continue
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        if marks.startswith("\u031b"):  # ơ ư with a tone: the one-byte letter, then the tone
            base = unicodedata.normalize("NFC", base + "\u031b")
            marks = marks[1:]
            if base not in _VNI_SINGLE_ENCODING:
                raise UnicodeEncodeError(VNI, text, index, index + 1, "not in VNI")
            prefix = bytes([_VNI_SINGLE_ENCODING[base]])
        elif ord(base) < 0x80 and base.isalpha():
            prefix = base.encode("ascii")
        else:
            raise UnicodeEncodeError(VNI, text, index, index + 1, "not in VNI")
        # NFD puts the dot below before the circumflex or breve; VNI writes the shape mark first.
        ordered = "".join(sorted(marks, key=lambda m: m not in "\u0302\u0306"))
        pair = _VNI_ENCODING_MARKS.get(ordered)
        if pair is None:
            raise UnicodeEncodeError(VNI, text, index, index + 1, "not in VNI")
        out += prefix + bytes([pair[1] if base.isupper() else pair[0]])
    return bytes(out)


class _Tcvn3Decoder(codecs.IncrementalDecoder):
    """Decodes in chunks, holding back a word cut at the end of a chunk: whether it was
    written in capitals is known only once it is whole."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self._pending = b""

    def decode(self, input: Buffer, final: bool = False) -> str:
        data = self._pending + bytes(input)
        if final:
            self._pending = b""
            return tcvn3_text(data)
        cut = len(data)
        while cut > 0 and (data[cut - 1] >= 0x80 or chr(data[cut - 1]).isalpha()):
            cut -= 1
        self._pending = data[cut:]
        return tcvn3_text(data[:cut])

    def reset(self) -> None:
        """Forget a held-back word."""
        self._pending = b""

    def getstate(self) -> tuple[bytes, int]:
        """The held-back bytes, as the codec API asks."""
        return (self._pending, 0)

    def setstate(self, state: tuple[bytes, int]) -> None:
        """Restore held-back bytes."""
        self._pending = state[0]


class _VniDecoder(codecs.IncrementalDecoder):
    """Decodes VNI byte by byte: a mark byte never needs the next one."""

    def decode(self, input: Buffer, final: bool = False) -> str:
        return vni_text(bytes(input))


def _decode_tcvn3(data: Buffer, errors: str = "strict", /) -> tuple[str, int]:
    raw = bytes(data)
    return tcvn3_text(raw), len(raw)


def _decode_vni(data: Buffer, errors: str = "strict", /) -> tuple[str, int]:
    raw = bytes(data)
    return vni_text(raw), len(raw)


def _encode_tcvn3(text: str, errors: str = "strict") -> tuple[bytes, int]:
    return encode_tcvn3(text), len(text)


def _encode_vni(text: str, errors: str = "strict") -> tuple[bytes, int]:
    return encode_vni(text), len(text)


class _Tcvn3Encoder(codecs.IncrementalEncoder):
    def encode(self, input: str, final: bool = False) -> bytes:
        return encode_tcvn3(input)


class _VniEncoder(codecs.IncrementalEncoder):
    def encode(self, input: str, final: bool = False) -> bytes:
        return encode_vni(input)


_CODECS: Final = {
    TCVN3: codecs.CodecInfo(
        _encode_tcvn3,
        _decode_tcvn3,
        name=TCVN3,
        incrementalencoder=_Tcvn3Encoder,
        incrementaldecoder=_Tcvn3Decoder,
    ),
    VNI: codecs.CodecInfo(
        _encode_vni,
        _decode_vni,
        name=VNI,
        incrementalencoder=_VniEncoder,
        incrementaldecoder=_VniDecoder,
    ),
}


def _search(name: str) -> codecs.CodecInfo | None:
    return _CODECS.get(name.replace("-", "").replace("_", ""))


codecs.register(_search)
