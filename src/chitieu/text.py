"""Vietnamese text as offices write it: normal forms, folding for comparison, cell cleaning.

Documents arrive in NFC or NFD, with old and new tone placement (``hoá``/``hóa``), with HTML or
Markdown emphasis left over from conversions and with non-breaking spaces. Everything the user
sees is kept as written (NFC); everything compared is *folded*: no diacritics, ``đ`` as ``d``,
lower case, punctuation as spaces. Text written out to files a spreadsheet opens is made safe
first (``spreadsheet_safe``): every CSV and XLSX writer goes through it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

_TAG = re.compile(r"<[^<>]{1,40}>")
_EMPHASIS = re.compile(r"(?<!\w)(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """The text in Unicode normal form C, as it is stored and shown."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """A cell's text as a reader should see it: NFC, tags and emphasis markers removed, spaces
    collapsed.

    >>> clean("<i>(Năm 2023:\u00a011,35%)</i>  ")
    '(Năm 2023: 11,35%)'
    """
    text = nfc(text).replace("\u00a0", " ").replace("\u200b", "")
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _SPACES.sub(" ", text).strip()


def fold_char(char: str) -> str:
    """One character folded: base letter, lower case; ``đ`` becomes ``d``; punctuation a space."""
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    if base.isalnum():
        return base.lower()
    return " "


def fold(text: str) -> str:
    """Text folded for comparison, spaces collapsed.

    >>> fold("Số hoá HỒ SƠ, kết quả!")
    'so hoa ho so ket qua'
    """
    folded = "".join(fold_char(c) for c in nfc(text))
    return _SPACES.sub(" ", folded).strip()


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a text: its folded form and where it stands in the original (NFC) text."""

    folded: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The words of an NFC text, folded, with their spans in that text."""
    result: list[Token] = []
    current: list[str] = []
    start = 0
    for index, char in enumerate(text):
        folded = fold_char(char)
        if folded == " ":
            if current:
                result.append(Token("".join(current), start, index))
                current = []
            continue
        if not current:
            start = index
        current.append(folded)
    if current:
        result.append(Token("".join(current), start, len(text)))
    return result


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet takes a cell starting with for a formula (or, for a tab or a carriage
return, strips before reading one: ``\\t=1+1`` is still a formula to some)."""


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet would read this text cell as a formula.

    >>> looks_like_formula("=SUM(A1:A9)"), looks_like_formula("\\t@x"), looks_like_formula("Sở Y tế")
    (True, True, False)
    """
    return value.startswith(FORMULA_START)


def spreadsheet_safe(value: str) -> str:
    """A text cell for a CSV file, quoted with ``'`` when a spreadsheet would take it for a
    formula (exports must be safe to open in Excel); other text is left as it is.

    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")"), spreadsheet_safe("-5"), spreadsheet_safe("T.SA")
    ('\\'=HYPERLINK("http://x")', "'-5", 'T.SA')
    """
    return "'" + value if looks_like_formula(value) else value


def plain_number(value: float | None) -> str:
    """A number as machine-readable files write it: ``184513``, ``7.67``, ``0.5``, a dot for the
    decimals and no exponent; empty for ``None``.

    >>> plain_number(184513), plain_number(7.67), plain_number(6.0), plain_number(None)
    ('184513', '7.67', '6', '')
    >>> plain_number(1e-7)
    '0.0000001'
    """
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")
