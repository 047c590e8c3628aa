"""What a lead-unit cell (cơ quan chủ trì) of an annex means: levels of the tree and named units.

"Các sở, ngành và tương đương thuộc UBND tỉnh; UBND cấp huyện, UBND cấp xã" is three levels;
"Sở Tư pháp, UBND cấp huyện, UBND cấp xã" is one named department and two levels. Level phrases
come from the catalogue (``levels.toml``); whatever they do not cover, cut at separators, is a
named unit, kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chitieu.catalog.model import Catalogue
from chitieu.text import Token, clean, tokens

_SEPARATOR_GAP = re.compile(r"[,;\n/]|\s[-–]\s|\+")
_SEPARATOR_WORDS = frozenset({"va"})
_FILLER_WORDS = frozenset({"cac", "va", "cung", "tat", "ca", "toan", "bo"})


@dataclass(frozen=True, slots=True)
class LeadReading:
    """The levels and named units a lead cell designates."""

    levels: tuple[str, ...]
    units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    token: int


def _words(cell_tokens: list[Token], catalogue: Catalogue) -> list[_Word]:
    words: list[_Word] = []
    for index, token in enumerate(cell_tokens):
        expansion = catalogue.abbreviations.get(token.folded, token.folded)
        words.extend(_Word(part, index) for part in expansion.split())
    return words


def _starts_with_head(cell_tokens: list[Token], first: int, catalogue: Catalogue) -> bool:
    words = [t.folded for t in cell_tokens[first : first + 4]]
    expanded = " ".join(catalogue.abbreviations.get(w, w) for w in words) + " "
    return any(expanded.startswith(head + " ") for head in catalogue.unit_heads)


def read_lead(cell: str, catalogue: Catalogue) -> LeadReading:
    """Read a lead cell into levels (ordered as the catalogue's levels) and named units.

    >>> from chitieu.catalog import load_catalogue
    >>> read_lead("Sở Tư pháp, UBND cấp huyện, UBND cấp xã", load_catalogue())
    LeadReading(levels=('district', 'commune'), units=('Sở Tư pháp',))
    """
    text = clean(cell)
    cell_tokens = tokens(text)
    if not cell_tokens:
        return LeadReading((), ())
    words = _words(cell_tokens, catalogue)
    joined = " ".join(w.text for w in words)
    word_at: dict[int, int] = {}
    offset = 0
    for index, word in enumerate(words):
        word_at[offset] = index
        offset += len(word.text) + 1
    ends = {start + len(words[i].text): i for start, i in word_at.items()}

    def separated(left: int, right: int) -> bool:
        """Whether tokens ``left`` and ``right`` (adjacent) are in different fragments."""
        gap = text[cell_tokens[left].end : cell_tokens[right].start]
        return bool(_SEPARATOR_GAP.search(gap))

    def starts_fragment(token: int) -> bool:
        return (
            token == 0
            or separated(token - 1, token)
            or cell_tokens[token - 1].folded in _SEPARATOR_WORDS
        )

    def ends_fragment(token: int) -> bool:
        last = len(cell_tokens) - 1
        return (
            token == last
            or separated(token, token + 1)
            or cell_tokens[token + 1].folded in _SEPARATOR_WORDS
        )

    found: list[tuple[int, int, tuple[str, ...]]] = []
    for phrase in catalogue.lead_phrases:
        for pattern in phrase.patterns:
            for match in pattern.finditer(joined):
                first, last = word_at.get(match.start()), ends.get(match.end())
                if first is None or last is None:
                    continue
                first_token, last_token = words[first].token, words[last].token
                if starts_fragment(first_token) and ends_fragment(last_token):
                    found.append((first_token, last_token, phrase.levels))

    covered: set[int] = set()
    levels: set[str] = set()
    for first, last, phrase_levels in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        span = set(range(first, last + 1))
        if span & covered:
            continue
        covered |= span
        levels.update(phrase_levels)

    fragments: list[list[int]] = []
    current: list[int] = []
    for index, token in enumerate(cell_tokens):
        boundary = index in covered or token.folded in _SEPARATOR_WORDS
        if boundary or (current and separated(current[-1], index)):
            if current:
                fragments.append(current)
            current = []
        if not boundary:
            current.append(index)
    if current:
        fragments.append(current)

    # A unit's own name may hold "và" or a comma ("Sở Văn hóa, Thể thao và Du lịch"): a fragment
    # that does not begin with a unit head word continues the unit just before it.
    spans: list[tuple[int, int]] = []
    for fragment in fragments:
        if all(cell_tokens[i].folded in _FILLER_WORDS for i in fragment):
            continue
        first, last = fragment[0], fragment[-1]
        between = range(spans[-1][1] + 1, first) if spans else range(0)
        adjacent = bool(spans) and not any(i in covered for i in between)
        if adjacent and not _starts_with_head(cell_tokens, first, catalogue):
            spans[-1] = (spans[-1][0], last)
        else:
            spans.append((first, last))
    units = [text[cell_tokens[a].start : cell_tokens[b].end] for a, b in spans]

    ordered = tuple(level.code for level in catalogue.levels if level.code in levels)
    return LeadReading(ordered, tuple(dict.fromkeys(units)))
