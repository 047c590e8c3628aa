"""Overrides (chỉ tiêu riêng): the province changes one unit's target for one indicator, the
annual target and/or some quarters' milestones, leaving the annex's values for the rest."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from itertools import pairwise

from chitieu.domain.targets import (
    ANNUAL_LABEL,
    Milestone,
    Target,
    above_annual,
    milestone_label,
    out_of_range,
)
from chitieu.formatting import percent

QUARTERS = (1, 2, 3, 4)


def _quarter(number: int) -> str:
    return milestone_label(number)


@dataclass(frozen=True, slots=True)
class Override:
    """A province's change to one unit's target for one indicator: the annual target and/or
    some quarters' milestones replace the annex's for that unit only (``None``/absent: kept).

    >>> o = Override("X1", "online_dossiers", milestones=(Milestone(4, 120.0),))
    >>> o.problems(indicators={"online_dossiers"})
    ['mốc quý IV phải từ 0% đến 100%, không phải 120%']
    """

    unit_code: str
    indicator: str
    annual: float | None = None
    milestones: tuple[Milestone, ...] = ()
    note: str = ""

    def milestone(self, quarter: int) -> float | None:
        """The override's milestone of quarter 1..4, or ``None`` when it keeps the annex's."""
        for milestone in self.milestones:
            if milestone.quarter == quarter:
                return milestone.value
        return None

    def applied_to(self, target: Target) -> Target:
        """The annex row as this unit holds it: the override's values where it gives them."""
        milestones = tuple(
            Milestone(
                m.quarter, value if (value := self.milestone(m.quarter)) is not None else m.value
            )
            for m in target.milestones
        )
        annual = target.annual if self.annual is None else self.annual
        return replace(target, annual=annual, milestones=milestones)

    def problems(self, *, indicators: Collection[str], annex: Target | None = None) -> list[str]:
        """Every reason to refuse this override, in Vietnamese (empty: it may be stored).

        ``indicators`` are the codes the catalogue knows; ``annex`` is the row of the year's
        target set the unit holds for the indicator, when there is one: its values fill in
        what the override leaves, so that the milestones as the unit will hold them must not
        decrease from quarter to quarter nor exceed the annual target, and the override must
        change at least one of them.
        """
        found: list[str] = []
        if self.indicator not in indicators:
            found.append(f"không có chỉ số «{self.indicator}» trong danh mục")
        quarters = [m.quarter for m in self.milestones]
        for quarter in sorted(set(quarters)):
            if quarter not in QUARTERS:
                found.append(f"quý phải từ 1 đến 4, không phải {quarter}")
            elif quarters.count(quarter) > 1:
                found.append(f"{_quarter(quarter)} được cho hai lần")
        if self.annual is None and not self.milestones:
            found.append("chỉ tiêu riêng phải thay ít nhất chỉ tiêu năm hoặc một mốc quý")
        found.extend(self._out_of_range())
        if found:
            # The order checks below compare values that are themselves wrong: noise.
            return found
        held = self._as_held(annex)
        found.extend(self._decreasing(held))
        found.extend(self._above_annual(held))
        if annex is not None and held == (annex.annual, self._annex_milestones(annex)):
            found.append(
                "chỉ tiêu riêng không thay đổi gì so với phụ lục "
                f"(nhiệm vụ {annex.task}: chỉ tiêu năm {percent(annex.annual)})"
            )
        return found

    def _out_of_range(self) -> list[str]:
        # The same rule and words as the annex's (``targets.out_of_range``).
        values = [(ANNUAL_LABEL, self.annual)]
        values += [(_quarter(m.quarter), m.value) for m in self.milestones if m.quarter in QUARTERS]
        return [
            reason
            for what, value in values
            if value is not None and (reason := out_of_range(what, value)) is not None
        ]

    @staticmethod
    def _annex_milestones(annex: Target) -> dict[int, float]:
        return {m.quarter: m.value for m in annex.milestones}

    def _as_held(self, annex: Target | None) -> tuple[float | None, dict[int, float]]:
        """The annual target and milestones the unit would hold (the annex's where the
        override gives none; without an annex, only what the override gives)."""
        milestones = {} if annex is None else self._annex_milestones(annex)
        milestones.update({m.quarter: m.value for m in self.milestones})
        annual = self.annual if self.annual is not None or annex is None else annex.annual
        return annual, dict(sorted(milestones.items()))

    def _source(self, quarter: int) -> str:
        return "" if self.milestone(quarter) is not None else " của phụ lục"

    def _decreasing(self, held: tuple[float | None, dict[int, float]]) -> list[str]:
        milestones = list(held[1].items())
        return [
            f"{_quarter(later)}{self._source(later)} ({percent(value)}) thấp hơn "
            f"{_quarter(earlier)}{self._source(earlier)} ({percent(before)}): "
            "mốc các quý không được giảm dần"
            for (earlier, before), (later, value) in pairwise(milestones)
            if value < before
        ]

    def _above_annual(self, held: tuple[float | None, dict[int, float]]) -> list[str]:
        # The rule the annex applies when a decision is imported (``targets.above_annual``).
        annual, milestones = held
        if annual is None:
            return []
        found = above_annual(
            annual,
            [Milestone(q, v) for q, v in milestones.items()],
            from_annex={q for q in milestones if self.milestone(q) is None},
            annual_from_annex=self.annual is None,
        )
        return [a.reason for a in found]
