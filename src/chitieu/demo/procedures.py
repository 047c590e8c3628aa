"""The demo's procedure catalogue: which procedures each unit provides, how popular they are there,
and at which online level (``data/procedures.toml`` holds the sectors and procedures)."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from chitieu.demo.model import NAMED_COPY_CERTIFICATION_WEIGHT
from chitieu.demo.tree import DemoTree, Role, named
from chitieu.domain import OrgUnit
from chitieu.text import fold

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ONLINE_LEVELS = ("none", "partial", "full")
"""Online levels by number: the arrays hold 0, 1, 2."""

ELIGIBLE = "eligible"


@dataclass(frozen=True, slots=True)
class ProcedureSpec:
    """One procedure of a sector: national code, name, working days to handle it, fee in đồng,
    popularity within a unit, and ``online`` (``eligible``, ``partial`` or ``none``)."""

    code: str
    name: str
    days: int
    fee: int
    popularity: float
    online: str


@dataclass(frozen=True, slots=True)
class Sector:
    """A group of procedures and the units that provide them (see ``data/procedures.toml``)."""

    key: str
    role: str
    field_code: str
    field: str
    volume: float
    procedures: tuple[ProcedureSpec, ...]
    keywords: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    fallback: bool = False
    commune_without_district: bool = False
    copy_certification: bool = False
    with_copy_certification: bool = False
    per_page: bool = False

    def matches(self, unit: OrgUnit) -> bool:
        """Whether a department or division takes this sector, by its code or folded name."""
        if any(unit.code.endswith(suffix) for suffix in self.suffixes):
            return True
        name = f" {fold(unit.name)} "
        return any(f" {keyword} " in name for keyword in self.keywords)


def load_sectors() -> tuple[Sector, ...]:
    """The bundled sectors, in the file's order (the first matching sector wins)."""
    text = resources.files("chitieu.demo").joinpath("data/procedures.toml").read_text("utf-8")
    return tuple(_sector(entry) for entry in tomllib.loads(text)["sector"])


def _sector(entry: dict[str, Any]) -> Sector:
    procedures = tuple(
        ProcedureSpec(str(code), str(name), int(days), int(fee), float(popularity), str(online))
        for code, name, days, fee, popularity, online in entry["procedures"]
    )
    return Sector(
        key=str(entry["key"]),
        role=str(entry["role"]),
        field_code=str(entry["field_code"]),
        field=str(entry["field"]),
        volume=float(entry["volume"]),
        procedures=procedures,
        keywords=tuple(str(k) for k in entry.get("keywords", ())),
        suffixes=tuple(str(s) for s in entry.get("suffixes", ())),
        fallback=bool(entry.get("fallback", False)),
        commune_without_district=bool(entry.get("commune_without_district", False)),
        copy_certification=bool(entry.get("copy_certification", False)),
        with_copy_certification=bool(entry.get("with_copy_certification", False)),
        per_page=bool(entry.get("per_page", False)),
    )


@dataclass(frozen=True, slots=True)
class Offerings:
    """The sectors each handler provides and the volume factor of its own sector."""

    sectors: tuple[tuple[tuple[Sector, float], ...], ...]
    volume: FloatArray

    @classmethod
    def of(
        cls, tree: DemoTree, sectors: Sequence[Sector], copy_holders: Sequence[str]
    ) -> Offerings:
        """Match every handler with its sectors; ``copy_holders`` are the unit names a
        copy-certification target names (they certify a few copies too)."""
        by_role: dict[str, list[Sector]] = {}
        for sector in sectors:
            by_role.setdefault(sector.role, []).append(sector)
        copy = by_role.get("copy_certification", [])
        moved = [s for s in by_role.get("district_division", []) if s.commune_without_district]
        offered: list[tuple[tuple[Sector, float], ...]] = []
        volume: list[float] = []
        for unit, role in zip(tree.handlers, tree.roles, strict=True):
            if role is Role.COMMUNE:
                own = [(s, 1.0) for s in by_role.get("commune", [])]
                own += [(s, 1.0) for s in copy]
                if not tree.has_district:
                    own += [(s, 1.0) for s in moved]
                offered.append(tuple(own))
                volume.append(1.0)
                continue
            role_key = {
                Role.DEPARTMENT: "province_department",
                Role.COMMITTEE: "district_committee",
                Role.DIVISION: "district_division",
            }[role]
            sector = _match(unit, by_role.get(role_key, []))
            chosen: list[tuple[Sector, float]] = [(sector, 1.0)]
            if sector.with_copy_certification:
                chosen += [(s, 1.0) for s in copy]
            elif role is Role.DEPARTMENT and named(unit, copy_holders):
                chosen += [(s, NAMED_COPY_CERTIFICATION_WEIGHT) for s in copy]
            offered.append(tuple(chosen))
            volume.append(sector.volume)
        return cls(tuple(offered), np.asarray(volume, dtype=np.float64))


def _match(unit: OrgUnit, sectors: Sequence[Sector]) -> Sector:
    for sector in sectors:
        if sector.matches(unit):
            return sector
    for sector in sectors:
        if sector.fallback:
            return sector
    raise ValueError(f"no sector for {unit.code}")


@dataclass(frozen=True, slots=True)
class DemoCatalogue:
    """Every procedure (arrays by procedure number) and every offer, i.e. one procedure at one
    handler (arrays by offer number, grouped by handler in order).

    ``offer_cumulative`` is the handler's number plus the running share of its volume, so that
    ``searchsorted(offer_cumulative, handler + u)`` with ``u`` in [0, 1) picks an offer of that
    handler by popularity, for many dossiers at once.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]
    days: IntArray
    fee: IntArray
    per_page: BoolArray
    copy_certification: BoolArray
    offer_handler: IntArray
    offer_procedure: IntArray
    offer_eligible: BoolArray
    offer_level: IntArray
    offer_cumulative: FloatArray
    online_capable: FloatArray

    @classmethod
    def build(
        cls,
        offerings: Offerings,
        full_share: FloatArray,
        rng: np.random.Generator,
    ) -> DemoCatalogue:
        """The catalogue of the offerings; each handler provides fully online a share
        ``full_share[h]`` (rounded) of its procedures eligible for it, the rest partly."""
        index: dict[str, int] = {}
        specs: list[tuple[ProcedureSpec, Sector]] = []
        handler_of: list[int] = []
        procedure_of: list[int] = []
        weight_of: list[float] = []
        for handler, chosen in enumerate(offerings.sectors):
            for sector, scale in chosen:
                for spec in sector.procedures:
                    if spec.code not in index:
                        index[spec.code] = len(specs)
                        specs.append((spec, sector))
                    handler_of.append(handler)
                    procedure_of.append(index[spec.code])
                    weight_of.append(spec.popularity * scale)
        handlers = np.asarray(handler_of, dtype=np.int64)
        procedures = np.asarray(procedure_of, dtype=np.int64)
        weights = np.asarray(weight_of, dtype=np.float64)
        online = [specs[p][0].online for p in procedure_of]
        eligible = np.asarray([o == ELIGIBLE for o in online], dtype=np.bool_)
        level = np.asarray([ONLINE_LEVELS.index(o) if o != ELIGIBLE else 1 for o in online])
        level = level.astype(np.int64)
        n_handlers = len(offerings.sectors)
        # Offers are grouped by handler: handler h's are the slice bounds[h]:bounds[h + 1].
        bounds = np.searchsorted(handlers, np.arange(n_handlers + 1))
        running = np.zeros(len(weights), dtype=np.float64)
        for handler in range(n_handlers):
            first, last = int(bounds[handler]), int(bounds[handler + 1])
            candidates = first + np.flatnonzero(eligible[first:last])
            count = round(float(full_share[handler]) * len(candidates))
            level[rng.permutation(candidates)[:count]] = 2
            running[first:last] = np.cumsum(weights[first:last]) / weights[first:last].sum()
            # The last offer must end exactly at the next handler's number.
            running[last - 1] = 1.0
        totals = np.bincount(handlers, weights=weights, minlength=n_handlers)
        capable = np.bincount(handlers, weights=weights * (level > 0), minlength=n_handlers)
        return cls(
            codes=tuple(spec.code for spec, _ in specs),
            names=tuple(spec.name for spec, _ in specs),
            fields=tuple((sector.field_code, sector.field) for _, sector in specs),
            days=np.asarray([spec.days for spec, _ in specs], dtype=np.int64),
            fee=np.asarray([spec.fee for spec, _ in specs], dtype=np.int64),
            per_page=np.asarray([sector.per_page for _, sector in specs], dtype=np.bool_),
            copy_certification=np.asarray(
                [sector.copy_certification for _, sector in specs], dtype=np.bool_
            ),
            offer_handler=handlers,
            offer_procedure=procedures,
            offer_eligible=eligible,
            offer_level=level,
            offer_cumulative=handlers + running,
            online_capable=capable / totals,
        )

    def rows(self, handler_codes: Sequence[str]) -> list[tuple[str, str, str, int, str, int]]:
        """The rows of ``procedures.csv``: code, name, unit, eligible, online level, copy
        certification (booleans as 1/0)."""
        return [
            (
                self.codes[p],
                self.names[p],
                handler_codes[h],
                int(e),
                ONLINE_LEVELS[lv],
                int(self.copy_certification[p]),
            )
            for h, p, e, lv in zip(
                self.offer_handler.tolist(),
                self.offer_procedure.tolist(),
                self.offer_eligible.tolist(),
                self.offer_level.tolist(),
                strict=True,
            )
        ]
