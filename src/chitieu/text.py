"""Vietnamese text as offices write it: normal forms, folding for comparison, cell cleaning.

Documents arrive in NFC or NFD, with old and new tone placement (``hoá``/``hóa``), with HTML or
Markdown emphasis left over from conversions and with non-breaking spaces. Everything the user
sees is kept as written (NFC); everything compared is *folded*: no diacritics, ``đ`` as ``d``,
lower case, punctuation as spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
