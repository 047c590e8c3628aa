"""What every document is built from: a quarter's evaluation with its tree, target set and
catalogue, the home's settings and the day the document is dated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from chitieu.catalog import Catalogue
from chitieu.domain import OrgUnit, Quarter, Target, TargetSet
from chitieu.evaluation import Evaluation
from chitieu.evaluation.model import UnitEvaluation
from chitieu.reports.settings import ReportSettings
from chitieu.units import UnitTree


@dataclass(frozen=True, slots=True)
class ReportContext:
    """A quarter's evaluation and everything needed to write it for a reader."""

    quarter: Quarter
    evaluation: Evaluation
    tree: UnitTree
    target_set: TargetSet
    catalogue: Catalogue
    settings: ReportSettings
    today: date
    trend: Mapping[str, tuple[tuple[int, float | None], ...]] = field(default_factory=dict)
    """Per task, the province's value at the end of each quarter of the year so far (for the
    trend charts); empty when not gathered."""

    @property
    def provisional(self) -> bool:
        """Whether the quarter had not ended when it was evaluated (figures «tạm tính»)."""
        return self.evaluation.provisional

    def indicator_name(self, code: str) -> str:
        """An indicator's name for a reader (its code when the catalogue does not know it)."""
        indicator = self.catalogue.get(code)
        return indicator.name if indicator else code

    def noun(self, code: str) -> str:
        """What an indicator counts, for «cần thêm 12 hồ sơ trực tuyến»."""
        indicator = self.catalogue.get(code)
        return indicator.needed_noun if indicator else ""

    def level_label(self, code: str) -> str:
        """A level's label («Cấp xã»)."""
        try:
            return self.catalogue.level(code).label
        except KeyError:
            return code

    def targets(self) -> tuple[Target, ...]:
        """The target set's rows that are measured (mapped to an indicator), in annex order."""
        return tuple(t for t in self.target_set.targets if t.indicator)

    def rows_of(self, row: int) -> list[UnitEvaluation]:
        """The evaluation's rows of one annex row (by its index in the target set)."""
        return [r for r in self.evaluation.rows if r.row == row]

    def units(self) -> Sequence[OrgUnit]:
        """The units holding at least one target, in the tree's order."""
        held = {r.unit.code for r in self.evaluation.rows}
        return [u for u in self.tree.units if u.code in held]
