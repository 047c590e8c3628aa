"""The officials who handle dossiers: a handful per unit, their codes being the dossiers'
``handler_code``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chitieu.demo.model import OFFICIAL_SPREAD
from chitieu.demo.names import person_names
from chitieu.demo.tree import DemoTree

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

LEVEL = "official"


@dataclass(frozen=True, slots=True)
class Officials:
    """Officials numbered consecutively per handler: handler h has ``count[h]`` of them from
    number ``first[h]``. ``late[i]`` multiplies the handler's late rate for official i."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    parents: tuple[str, ...]
    first: IntArray
    count: IntArray
    late: FloatArray

    @classmethod
    def draw(cls, tree: DemoTree, count: IntArray, rng: np.random.Generator) -> Officials:
        """``count[h]`` officials for each handler, coded ``<unit code>.CB01``, ``.CB02``…"""
        codes: list[str] = []
        parents: list[str] = []
        for unit, n in zip(tree.handlers, count.tolist(), strict=True):
            codes += [f"{unit.code}.CB{i:02d}" for i in range(1, n + 1)]
            parents += [unit.code] * n
        total = len(codes)
        first = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
        late = np.exp(OFFICIAL_SPREAD * rng.standard_normal(total) - OFFICIAL_SPREAD**2 / 2)
        return cls(
            codes=tuple(codes),
            names=tuple(person_names(rng, total)),
            parents=tuple(parents),
            first=first,
            count=count.astype(np.int64),
            late=late,
        )

    def rows(self) -> list[tuple[str, str, str, str]]:
        """The rows of ``officials.csv``: code, name, level, parent code (the unit loader's
        columns)."""
        return [
            (code, name, LEVEL, parent)
            for code, name, parent in zip(self.codes, self.names, self.parents, strict=True)
        ]
