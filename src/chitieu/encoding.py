"""Turning the bytes offices send into text: UTF-8 (with or without BOM), UTF-16, Windows-1258,
and the legacy TCVN3 (ABC) and VNI.

Vietnamese files from older Windows machines are Windows-1258, which writes tone marks as
combining characters; the result is normalised to NFC so that it compares equal to UTF-8 text.

Files typed in the ``.VnTime`` fonts (TCVN3) or the VNI fonts decode without error as
Windows-1258 too, into mojibake (``®¨ng kư khai sinh``). They are told apart by their words: the
words holding bytes above 0x7F are read in each of the three encodings, and an encoding is right
when its words are Vietnamese syllables (``_syllable``). A file is converted from TCVN3 or VNI
only when that reading is clearly right and the Windows-1258 one clearly wrong; when the legacy
reading is likely but not certain the file is refused with the reason (``NotTextError``), as
storing a wrong guess would rename units and procedures. Everything else decodes as before.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import charset_normalizer

from chitieu.legacy_encodings import (
    TCVN3,
    TCVN3_UNCERTAIN,
    VNI,
    tcvn3_text,
    vni_text,
)
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
    """The encoding of these bytes (a Python codec name, ``tcvn3`` and ``vni`` included);
    ``NotTextError`` if they are binary, or written in TCVN3 or VNI in a way that cannot be
    converted with certainty."""
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
    legacy = _legacy_encoding(data)
    if legacy is not None:
        return legacy
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


# ---------------------------------------------------------------------------------------------
# Legacy encodings: TCVN3 (ABC) and VNI told from Windows-1258 by the syllables they make.

_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_FINALS = "ch|ng|nh|c|m|n|p|t"
_OPEN_OR_CLOSED = "a e ê i o ô ơ u ư y oa oe uê uy"
"""Vowels that end a syllable or take a final consonant (``ba``, ``ban``; ``hoa``, ``hoàn``)."""
_CLOSED = "ă â oă uâ iê yê uô ươ uyê oo ôô"
"""Vowels that need a final consonant (``ăn``, ``tiến``, ``người``… ``ươi`` is below)."""
_OPEN = (
    "ai ao au ay âu ây eo êu ia iu iêu oai oao oay oeo oi ôi ơi ua ui uơ uya uyu uây uôi "
    "ưa ưi ưu ươi ươu yêu"
)
"""Vowels ending in a glide, which end the syllable (``giấy``, ``người``, ``khuya``)."""


def _alternatives(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


_SYLLABLE = re.compile(
    rf"(?:{_INITIALS})?(?:(?:{_alternatives(_OPEN_OR_CLOSED)})(?:{_FINALS})?"
    rf"|(?:{_alternatives(_CLOSED)})(?:{_FINALS})|(?:{_alternatives(_OPEN)}))"
)
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _syllable(word: str) -> bool:
    """Whether a word is one Vietnamese syllable: Vietnamese initial, vowels and final, at most
    one tone mark. Mojibake such as ``®¨ng``, ``Ñaêng`` or ``kyù`` is not."""
    parts = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in parts if c in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
    if not all(c in "ăâêôơưđ" or c.isascii() for c in bare):
        # a mark that composes with nothing (``ĩ̂``, after a consonant), a foreign letter
        return False
    return _SYLLABLE.fullmatch(bare) is not None


_HIGH_WORD = re.compile(rb"[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*")
_SCAN_BYTES = 1 << 20
_SCAN_WORDS = 5000


def _cp1258(data: bytes) -> str:
    return data.decode("cp1258", errors="replace")


_READINGS: dict[str, Callable[[bytes], str]] = {
    TCVN3: tcvn3_text,
    VNI: vni_text,
}
_NAMES = {
    TCVN3: "TCVN3 (ABC, phông chữ .VnTime)",
    VNI: "VNI (phông chữ VNI-Times)",
}
_RESAVE = (
    "hãy chuyển tệp sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) và lưu lại dạng UTF-8"
)


@dataclass(frozen=True, slots=True)
class _Reading:
    """How the words of a text read in one legacy encoding, against a baseline reading (the
    Windows-1258 one for bytes). Words that read the same in both say nothing and are left
    out (``ký`` is the same in TCVN3 and Latin-1)."""

    words: int  # distinct words with a byte above 0x7F that the two readings differ on
    valid: int  # how many of them are Vietnamese syllables in the legacy reading
    baseline: int  # how many of them are in the baseline reading
    example: tuple[bytes, int] | None  # a word that is not a syllable in the legacy reading

    def likely(self) -> bool:
        """Whether the legacy reading is the better one and makes at least half the words."""
        return self.valid > self.baseline and self.valid * 2 >= self.words

    def certain(self) -> bool:
        """Whether the text is surely in this encoding: nearly every word a syllable in it, and
        clearly fewer in the baseline.

        Many TCVN3 and VNI words are also words in Windows-1258 (``ký`` in TCVN3 reads ``kư``,
        ``hộ`` reads ``hé``): in real legacy files up to about 60 % of the words are, while an
        ordinary Windows-1258 file makes a syllable of every word in the baseline and of at most
        half in the legacy readings. At least two words must tell the readings apart, unless
        none reads in the baseline.
        """
        enough = self.valid - self.baseline >= 2 or (
            self.valid == self.words and self.baseline == 0
        )
        return enough and self.valid * 10 >= self.words * 9 and self.baseline * 10 <= self.words * 7


def _reading(
    words: list[tuple[bytes, int]], read: Callable[[bytes], str], baseline: Callable[[bytes], str]
) -> _Reading:
    count = valid = base = 0
    example: tuple[bytes, int] | None = None
    for word, offset in words:
        legacy, usual = nfc(read(word)), nfc(baseline(word))
        if legacy == usual:
            continue
        count += 1
        base += _syllable(usual)
        if _syllable(legacy):
            valid += 1
        elif example is None:
            example = (word, offset)
    return _Reading(count, valid, base, example)


def _likely_legacy(
    words: list[tuple[bytes, int]], baseline: Callable[[bytes], str]
) -> tuple[str, _Reading] | None:
    """The legacy encoding the words most likely are in, with its reading, or None."""
    readings = {name: _reading(words, _READINGS[name], baseline) for name in (TCVN3, VNI)}
    name = max(readings, key=lambda n: readings[n].valid - readings[n].baseline)
    return (name, readings[name]) if readings[name].likely() else None


def _high_words(data: bytes) -> list[tuple[bytes, int]]:
    """The distinct words of two letters or more holding a byte above 0x7F, with the offset of
    the first of each."""
    seen: dict[bytes, int] = {}
    for match in _HIGH_WORD.finditer(data, 0, _SCAN_BYTES):
        word = match.group()
        if len(word) >= 2 and word not in seen:
            seen[word] = match.start()
            if len(seen) >= _SCAN_WORDS:
                break
    return list(seen.items())


def _uncertain_tcvn3(words: list[tuple[bytes, int]]) -> tuple[bytes, int] | None:
    for word, offset in words:
        if any(b in TCVN3_UNCERTAIN for b in word):
            return word, offset
    return None


def _refusal(data: bytes, name: str, at: tuple[bytes, int] | None, why: str) -> NotTextError:
    where = ""
    if at is not None:
        word, offset = at
        line = data.count(b"\n", 0, offset) + 1
        where = f" (dòng {line}: «{nfc(_READINGS[name](word))}»)"
    return NotTextError(f"tệp có vẻ viết bằng bảng mã {_NAMES[name]}, {why}{where}; {_RESAVE}")


def _legacy_encoding(data: bytes) -> str | None:
    """``tcvn3`` or ``vni`` when bytes that are not UTF-8 are surely in that encoding, None when
    they are not in either; ``NotTextError`` when they likely are but the reading is unsure."""
    words = _high_words(data)
    likely = _likely_legacy(words, _cp1258) if words else None
    if likely is None:
        return None
    name, reading = likely
    if not reading.certain():
        raise _refusal(
            data, name, reading.example, "nhưng không chuyển chắc chắn được sang Unicode"
        )
    if name == TCVN3:
        uncertain = _uncertain_tcvn3(words)
        if uncertain is not None:
            raise _refusal(
                data,
                name,
                uncertain,
                "nhưng có chữ viết bằng mã không thuộc bảng TCVN3 (chữ hoa có dấu của bảng VN1?)",
            )
    return name


def _latin_bytes(text: str) -> bytes | None:
    """The bytes a text decoded as Latin-1 or Windows-1252 came from, None if it holds other
    characters."""
    out = bytearray()
    for char in text:
        if ord(char) < 0x100:
            out.append(ord(char))
            continue
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def _as_written(data: bytes) -> str:
    """The text ``_latin_bytes`` took these bytes from."""
    return "".join(
        bytes([b]).decode("cp1252", errors="replace") if 0x80 <= b < 0xA0 else chr(b) for b in data
    )


def _judge_text(text: str) -> tuple[str, bool, str | None] | None:
    """The legacy encoding a decoded text is likely written in, whether surely, and a word of it
    that reads as no syllable (or holds a code TCVN3 lacks), as that encoding reads it; None
    when the text is not likely in either."""
    data = _latin_bytes(nfc(text))
    if data is None:
        return None
    words = _high_words(data)
    # The baseline is the text as it stands, not its Windows-1258 reading.
    likely = _likely_legacy(words, _as_written) if words else None
    if likely is None:
        return None
    name, reading = likely
    certain, example = reading.certain(), reading.example
    other = VNI if name == TCVN3 else TCVN3
    if certain and _reading(words, _READINGS[other], _as_written).likely():
        # A short text can read as both (VNI «khoâng» is «không», in TCVN3 «khoõng»).
        certain = False
    if certain and name == TCVN3:
        uncertain = _uncertain_tcvn3(words)
        if uncertain is not None:
            certain, example = False, uncertain
    word = None if example is None else nfc(_READINGS[name](example[0]))
    return name, certain, word


def legacy_text(text: str) -> str | None:
    """The legacy encoding (``"tcvn3"`` or ``"vni"``) a text already decoded is surely written in,
    else None.

    A workbook or Word cell typed in a ``.VnTime`` or VNI font holds Unicode made of the Latin-1
    characters of the font's bytes (``®¨ng ký``); such a text is recognised as the bytes are
    (``detect_encoding``), against the text as it stands, and :func:`from_legacy_text` converts
    it. Ordinary Vietnamese or other Latin text gives None; so does a text that is only likely
    legacy (the caller then cannot convert it safely and should refuse it: :func:`cell_text`).
    """
    judged = _judge_text(text)
    return judged[0] if judged is not None and judged[1] else None


def from_legacy_text(text: str, encoding: str) -> str:
    """A text recognised by :func:`legacy_text` as ``encoding``, converted to Unicode NFC."""
    data = _latin_bytes(text)
    if data is None:
        raise ValueError("văn bản có ký tự ngoài bảng mã cũ, không chuyển được")
    return nfc(_READINGS[encoding](data))


# ---------------------------------------------------------------------------------------------
# Cells of workbooks and Word documents typed in a legacy font: the one rule every reader keeps.

_FONTS = {
    TCVN3: "TCVN3 (.VnTime)",
    VNI: "VNI (VNI-Times)",
}
_FONT_LETTER = re.compile("[\u00a1-\u00ff]")
"""A character that a legacy font's letter is read as: every TCVN3 letter is a byte 0xA1–0xFE and
every VNI letter or mark one of 0xC0–0xFF. A text without any (ASCII, most Vietnamese Unicode,
numbers, dates) is settled by this one search."""
_SHOWN = 60


class LegacyCellError(NotTextError):
    """A cell likely typed in a legacy font, which cannot be converted with certainty; the
    message is the reason, in Vietnamese, for the reader to place."""


def legacy_context(texts: Iterable[str]) -> str | None:
    """The legacy encoding the texts of one sheet or document, taken together, are surely typed
    in (the rule for a file's bytes, on their words pooled), else None. A short cell alone may
    not tell (``cã`` is a word, and is «có» in TCVN3); in such a sheet it can."""
    seen: set[str] = set()
    pool: list[str] = []
    for text in texts:
        if text in seen or _FONT_LETTER.search(text) is None:
            continue
        seen.add(text)
        if _latin_bytes(nfc(text)) is not None:
            pool.append(text)
            if len(pool) >= _SCAN_WORDS:
                break
    judged = _judge_text("\n".join(pool)) if pool else None
    return judged[0] if judged is not None and judged[1] else None


def _fits(text: str, encoding: str) -> bool:
    """Whether, in a sheet surely typed in ``encoding``, this cell is too: its words that read
    differently in the encoding are (nearly) all syllables in it, and more of them than as
    written. A cell that is Vietnamese both ways stays as written: «chú» would be «chỳ» in
    TCVN3, and so «cã» (TCVN3 for «có») is not converted either."""
    data = _latin_bytes(nfc(text))
    if data is None:
        return False
    words = _high_words(data)
    reading = _reading(words, _READINGS[encoding], _as_written)
    if not reading.words or reading.valid <= reading.baseline:
        return False
    if encoding == TCVN3 and _uncertain_tcvn3(words) is not None:
        return False
    return reading.valid * 10 >= reading.words * 9


def cell_text(text: str, context: str | None = None) -> tuple[str, str | None]:
    """A cell's text as a reader should store it, and the legacy encoding it was converted from.

    The rule of every workbook and Word reader: a text surely typed in a ``.VnTime`` (TCVN3) or
    VNI font (:func:`legacy_text`) is converted to Unicode NFC and comes back with its encoding
    (``"tcvn3"`` or ``"vni"``), so that the reader can warn where it was; any other text comes
    back unchanged, with None. A text only likely typed in such a font raises
    ``LegacyCellError``: storing a wrong guess would rename a unit or a task.

    ``context`` is the encoding the whole sheet or document is surely in (``legacy_context``):
    a cell whose words are syllables in it is converted even when alone it would not tell.

    Cheap for the cells of a large sheet: only a text holding a character of U+00A1–U+00FF is
    examined, and the verdict on each distinct such text is remembered.

    >>> cell_text("Sở Tư pháp"), cell_text("Së T\xad ph¸p")
    (('Sở Tư pháp', None), ('Sở Tư pháp', 'tcvn3'))
    """
    if _FONT_LETTER.search(text) is None:
        return text, None
    return _judged_cell(text, context)


@functools.lru_cache(maxsize=8192)
def _judged_cell(text: str, context: str | None) -> tuple[str, str | None]:
    if context is not None and _fits(text, context):
        return from_legacy_text(text, context), context
    judged = _judge_text(text)
    if judged is None:
        return text, None
    name, certain, word = judged
    if not certain:
        at = f" («{word}»)" if word else ""
        raise LegacyCellError(
            f"có vẻ gõ bằng phông {_FONTS[name]} nhưng không chuyển chắc chắn được sang "
            f"Unicode{at}; hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi "
            "gửi lại"
        )
    return from_legacy_text(text, name), name


def converted_warning(encoding: str, text: str) -> str:
    """The warning a reader gives where it converted a cell typed in a legacy font, e.g.
    «gõ bằng phông TCVN3 (.VnTime), đã chuyển sang Unicode: «Sở Tư pháp»» (the place, such as
    «ô B5», is the caller's)."""
    shown = text if len(text) <= _SHOWN else text[: _SHOWN - 1].rstrip() + "…"
    return f"gõ bằng phông {_FONTS[encoding]}, đã chuyển sang Unicode: «{shown}»"
