"""Which catalogue indicator a task's Vietnamese wording means.

Decisions of different provinces and years word the same task differently ("Tỷ lệ hồ sơ trực
tuyến trên tổng số hồ sơ…", "Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến"). The wording is folded
(NFC/NFD, tone placement, case and punctuation no longer matter), abbreviations are expanded, and
compared with every known wording of every indicator by TF-IDF cosine over syllables and syllable
pairs; the pairs carry the Vietnamese words ("thanh toán", "trực tuyến"). A match must be clear:
good enough, and ahead of the next indicator by a margin; otherwise the task is reported unmapped.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chitieu.domain import Indicator
from chitieu.text import nfc, tokens

MIN_SCORE = 0.40
MIN_MARGIN = 0.06


def words(text: str, abbreviations: Mapping[str, str]) -> list[str]:
    """The folded words of a text, abbreviations expanded."""
    result: list[str] = []
    for token in tokens(nfc(text)):
        result.extend(abbreviations.get(token.folded, token.folded).split())
    return result


def wording_key(text: str, abbreviations: Mapping[str, str]) -> str:
    """A wording reduced to what matching sees; two wordings with one key are the same."""
    return " ".join(words(text, abbreviations))


def _features(text: str, abbreviations: Mapping[str, str]) -> Counter[str]:
    ws = words(text, abbreviations)
    return Counter([*ws, *(f"{a} {b}" for a, b in itertools.pairwise(ws))])


@dataclass(frozen=True, slots=True)
class Candidate:
    """An indicator and how well a wording matches it (cosine, 0..1)."""

    indicator: str
    score: float


@dataclass(frozen=True, slots=True)
class Match:
    """The outcome of matching one wording: the indicator, or ``None`` with the nearest ones."""

    indicator: str | None
    candidates: tuple[Candidate, ...]


class IndicatorMatcher:
    """Matches wordings against a catalogue's indicators."""

    def __init__(self, indicators: Sequence[Indicator], abbreviations: Mapping[str, str]) -> None:
        self._abbreviations = abbreviations
        documents = [
            (indicator.code, _features(wording, abbreviations))
            for indicator in indicators
            for wording in indicator.wordings
            if wording
        ]
        frequency: Counter[str] = Counter()
        for _, features in documents:
            frequency.update(features.keys())
        total = len(documents)
        self._idf = {f: math.log((total + 1) / (n + 1)) + 1.0 for f, n in frequency.items()}
        self._default_idf = math.log(total + 1) + 1.0
        self._documents = [(code, self._vector(features)) for code, features in documents]
        self._excludes = {
            indicator.code: [wording_key(e, abbreviations) for e in indicator.excludes]
            for indicator in indicators
        }

    def _vector(self, features: Counter[str]) -> dict[str, float]:
        vector = {f: n * self._idf.get(f, self._default_idf) for f, n in features.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {f: v / norm for f, v in vector.items()}

    def candidates(self, text: str) -> list[Candidate]:
        """Every indicator with its best score for this wording, best first."""
        query = self._vector(_features(text, self._abbreviations))
        padded = f" {wording_key(text, self._abbreviations)} "
        best: dict[str, float] = {}
        for code, document in self._documents:
            if any(f" {e} " in padded for e in self._excludes.get(code, ())):
                best.setdefault(code, 0.0)
                continue
            score = sum(weight * document.get(f, 0.0) for f, weight in query.items())
            best[code] = max(best.get(code, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return [Candidate(code, round(score, 4)) for code, score in ranked]

    def match(self, text: str) -> Match:
        """The indicator this wording clearly means, or none."""
        ranked = self.candidates(text)
        top = tuple(ranked[:3])
        if not ranked or ranked[0].score < MIN_SCORE:
            return Match(None, top)
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if ranked[0].score - runner_up < MIN_MARGIN:
            return Match(None, top)
        return Match(ranked[0].indicator, top)
