"""A province's unit tree: validation, navigation (subtree, tier, ancestors), lookup by name, and
merging a new list of units into a stored one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from chitieu.domain import OrgUnit
from chitieu.errors import ChitieuError
from chitieu.text import fold

# Offices write these in full or abbreviated; names are compared with the abbreviation.
_ABBREVIATIONS = (("uy ban nhan dan", "ubnd"), ("hoi dong nhan dan", "hdnd"))


@dataclass(frozen=True, slots=True)
class TreeProblem:
    """One thing wrong with a list of units; ``code`` is the unit concerned, when there is one."""

    code: str | None
    reason: str

    def describe(self) -> str:
        """``đơn vị «code»: reason``, or the reason alone."""
        return self.reason if self.code is None else f"đơn vị «{self.code}»: {self.reason}"


class TreeError(ChitieuError):
    """A list of units that is not a tree; every problem is listed."""

    def __init__(self, problems: list[TreeProblem]) -> None:
        self.problems = problems
        lines = ["Cây đơn vị có lỗi:", *(f"- {p.describe()}" for p in problems)]
        super().__init__("\n".join(lines))


def tree_problems(
    units: Sequence[OrgUnit], levels: Collection[str] | None = None
) -> list[TreeProblem]:
    """Every reason these units are not one tree: empty or duplicate codes, a unit its own parent,
    unknown parents, cycles, unknown levels (when ``levels`` is given), more than one root."""
    problems: list[TreeProblem] = []
    counts = Counter(unit.code for unit in units)
    by_code = {unit.code: unit for unit in units}
    for unit in units:
        if not unit.code.strip():
            problems.append(TreeProblem(None, f"đơn vị «{unit.name}» không có mã"))
    for code, count in counts.items():
        if count > 1 and code.strip():
            problems.append(TreeProblem(code, f"mã bị trùng ({count} đơn vị cùng mã)"))
    for unit in by_code.values():
        if levels is not None and unit.level not in levels:
            allowed = ", ".join(sorted(levels))
            problems.append(
                TreeProblem(unit.code, f"cấp «{unit.level}» không hợp lệ (chỉ nhận: {allowed})")
            )
        if unit.parent_code == unit.code:
            problems.append(TreeProblem(unit.code, "đơn vị cấp trên là chính nó"))
        elif unit.parent_code is not None and unit.parent_code not in by_code:
            problems.append(
                TreeProblem(unit.code, f"đơn vị cấp trên «{unit.parent_code}» không có trong cây")
            )
    parents = {u.code: u.parent_code for u in by_code.values() if u.parent_code != u.code}
    for cycle in find_cycles(parents):
        path = " → ".join([*cycle, cycle[0]])
        problems.append(TreeProblem(cycle[0], f"vòng lặp cấp trên: {path}"))
    roots = [u.code for u in by_code.values() if u.parent_code is None]
    if len(roots) > 1:
        problems.append(
            TreeProblem(
                None,
                f"cây có {len(roots)} đơn vị gốc (không có cấp trên): {', '.join(roots)}; chỉ được có một",
            )
        )
    return problems


def find_cycles(parents: dict[str, str | None]) -> list[list[str]]:
    """Each cycle of a child → parent map once, as codes from its smallest code upwards."""
    state: dict[str, int] = {}  # 1: on the walk being made, 2: done
    cycles: list[list[str]] = []
    for start in sorted(parents):
        walk: list[str] = []
        code: str | None = start
        while code is not None and code in parents and code not in state:
            state[code] = 1
            walk.append(code)
            code = parents[code]
        if code is not None and state.get(code) == 1:
            cycle = walk[walk.index(code) :]
            first = cycle.index(min(cycle))
            cycles.append(cycle[first:] + cycle[:first])
        for seen in walk:
            state[seen] = 2
    return cycles


class UnitTree:
    """A validated tree of units, navigable by code.

    Iteration is depth-first from the root; a unit's children come in code order, those of the
    unit's own level first (a district committee's divisions before its communes), so the order
    is the same whatever order the units were given in.
    """

    def __init__(self, units: Iterable[OrgUnit], levels: Collection[str] | None = None) -> None:
        """Validate ``units`` (against ``levels`` when given); ``TreeError`` lists every problem."""
        given = list(units)
        problems = tree_problems(given, levels)
        if problems:
            raise TreeError(problems)
        self._by_code = {unit.code: unit for unit in given}
        children: dict[str, list[OrgUnit]] = {code: [] for code in self._by_code}
        for unit in given:
            if unit.parent_code is not None:
                children[unit.parent_code].append(unit)
        for code, below in children.items():
            below.sort(key=_child_order(self._by_code[code].level))
        self._children = children
        roots = [unit for unit in given if unit.parent_code is None]
        self._root = roots[0] if roots else None
        self._order = tuple(self._walk(self._root.code)) if self._root else ()

    def __iter__(self) -> Iterator[OrgUnit]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> OrgUnit:
        return self._by_code[code]

    @property
    def units(self) -> tuple[OrgUnit, ...]:
        """Every unit, depth-first from the root."""
        return self._order

    @property
    def root(self) -> OrgUnit:
        """The unit without a parent (the provincial People's Committee)."""
        if self._root is None:
            raise ChitieuError("Cây đơn vị trống: chưa có đơn vị nào")
        return self._root

    def get(self, code: str) -> OrgUnit | None:
        """The unit of this code, or ``None``."""
        return self._by_code.get(code)

    def children(self, code: str) -> list[OrgUnit]:
        """The units directly under this one, in the tree's order; ``KeyError`` if unknown."""
        return list(self._children[code])

    def ancestors(self, code: str) -> list[OrgUnit]:
        """The units above this one, nearest first, up to the root; ``KeyError`` if unknown."""
        result: list[OrgUnit] = []
        parent = self._by_code[code].parent_code
        while parent is not None:
            unit = self._by_code[parent]
            result.append(unit)
            parent = unit.parent_code
        return result

    def subtree(self, code: str) -> list[OrgUnit]:
        """The unit and every unit below it, depth-first; ``KeyError`` if unknown."""
        return list(self._walk(code))

    def tier(self, code: str) -> list[OrgUnit]:
        """The unit and the units below it of its own level, reached without passing through
        another level: a district committee with its divisions, without its communes."""
        level = self._by_code[code].level
        return list(self._walk(code, lambda unit: unit.level == level))

    def find_by_name(self, name: str) -> list[OrgUnit]:
        """The units so named, compared folded ("so tu phap" finds "Sở Tư pháp"; "UBND" and
        "Ủy ban nhân dân" are the same). When no name is equal, the units whose name begins with
        it ("Phòng Tư pháp" finds every district's). Several matches are all returned."""
        wanted = _name_key(name)
        if not wanted:
            return []
        keys = [(unit, _name_key(unit.name)) for unit in self._order]
        exact = [unit for unit, key in keys if key == wanted]
        if exact:
            return exact
        return [unit for unit, key in keys if key.startswith(wanted + " ")]

    def _walk(self, code: str, keep: Callable[[OrgUnit], bool] | None = None) -> Iterator[OrgUnit]:
        stack = [self._by_code[code]]
        while stack:
            unit = stack.pop()
            yield unit
            below = self._children[unit.code]
            stack.extend(reversed([u for u in below if keep is None or keep(u)]))


def _child_order(level: str) -> Callable[[OrgUnit], tuple[bool, str]]:
    """Children of a unit of this level: its own tier first, then by code."""
    return lambda unit: (unit.level != level, unit.code)


def _name_key(name: str) -> str:
    key = fold(name)
    for long, short in _ABBREVIATIONS:
        key = f" {key} ".replace(f" {long} ", f" {short} ").strip()
    return key


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The stored units after a merge, and which codes were added, updated or left unchanged."""

    units: tuple[OrgUnit, ...]
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]


def merge_units(existing: Sequence[OrgUnit], incoming: Sequence[OrgUnit]) -> MergeResult:
    """Add or update ``incoming`` units by code; never delete.

    An incoming unit replaces the stored one of its code, except that its empty validity dates
    and coordinates keep the stored ones (a CSV of ``code,name,level,parent_code`` must not wipe
    what the official list gave). Stored units come first, in their order, then new ones in the
    incoming order. The result is not validated: build a ``UnitTree`` of ``units`` for that.
    Raises ``ChitieuError`` if ``incoming`` holds a code twice.
    """
    duplicates = sorted(code for code, n in Counter(u.code for u in incoming).items() if n > 1)
    if duplicates:
        raise ChitieuError(
            f"Danh sách đơn vị cần nạp có mã trùng: {', '.join(duplicates)}; không lưu gì"
        )
    merged = {unit.code: unit for unit in existing}
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    for unit in incoming:
        old = merged.get(unit.code)
        if old is None:
            merged[unit.code] = unit
            added.append(unit.code)
            continue
        new = replace(
            unit,
            valid_from=unit.valid_from if unit.valid_from is not None else old.valid_from,
            valid_to=unit.valid_to if unit.valid_to is not None else old.valid_to,
            latitude=unit.latitude if unit.latitude is not None else old.latitude,
            longitude=unit.longitude if unit.longitude is not None else old.longitude,
        )
        merged[unit.code] = new
        (unchanged if new == old else updated).append(unit.code)
    return MergeResult(tuple(merged.values()), tuple(added), tuple(updated), tuple(unchanged))
