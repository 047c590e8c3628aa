"""The data the shared suite computes: hand-computed cases (``cases/*.toml``) and random worlds.

Every case has the same small tree (below). So that an engine computes all of them at once
(Spark takes seconds per compute), each case gets its own copy of the tree: case 3's units are
``K3:T``, ``K3:T.SA``…, its dossiers ``K3:A1``…; one import and one compute serve every case.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chitieu.domain import OrgUnit, Source

CASES_DIR = Path(__file__).parent / "cases"

TREE = [
    OrgUnit("T", "UBND tỉnh Thử", "province", None),
    OrgUnit("T.SA", "Sở A", "province_department", "T"),
    OrgUnit("H1", "UBND huyện Một", "district", "T"),
    OrgUnit("H1.PTP", "Phòng Tư pháp huyện Một", "district", "H1"),
    OrgUnit("X1", "UBND xã Một", "commune", "H1"),
]
"""The tree of every case."""

PROCEDURES = """
procedure_code,name,unit_code,eligible_full_online,online_level,is_copy_certification
CC1,Chứng thực bản sao,X1,0,partial,1
P1,Cấp phép,T.SA,1,full,0
"""
"""The procedure catalogue of a case that gives none: CC1 is a copy certification, P1 is not."""

COPIES = {"CC1"}

SOURCES = {
    "procedures": Source.PROCEDURES,
    "dossiers": Source.DOSSIERS,
    "publications": Source.PUBLICATIONS,
    "feedback": Source.FEEDBACK,
    "manual": Source.MANUAL,
}
"""Case fields holding CSV facts, in the order they are imported (procedures first)."""

_PREFIXED = ("unit_code", "dossier_code", "feedback_code")


@dataclass(frozen=True)
class Case:
    """One hand-computed case."""

    file: str
    name: str
    why: str
    facts: dict[str, str]
    expected: tuple[str, ...]

    @property
    def id(self) -> str:
        """The test id."""
        return f"{self.file}: {self.name}"


def load_cases() -> list[Case]:
    """Every case of every file, in file order."""
    found = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        for entry in tomllib.loads(path.read_text("utf-8"))["case"]:
            facts = {field: entry[field] for field in SOURCES if field in entry}
            facts.setdefault("procedures", PROCEDURES)
            found.append(
                Case(path.stem, entry["name"], entry["why"], facts, tuple(entry["expected"]))
            )
    return found


def prefix(index: int) -> str:
    """The prefix of a case's unit and fact codes."""
    return f"K{index}:"


def case_tree(index: int) -> list[OrgUnit]:
    """A case's own copy of the tree."""
    p = prefix(index)
    return [
        OrgUnit(
            p + u.code, u.name + f" ({p})", u.level, p + u.parent_code if u.parent_code else None
        )
        for u in TREE
    ]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.strip())))


def combined(cases: Sequence[Case]) -> tuple[list[OrgUnit], dict[Source, str]]:
    """The forest of every case's tree and, per source, one CSV of every case's facts."""
    units = [u for index in range(len(cases)) for u in case_tree(index)]
    rows: dict[str, list[dict[str, str]]] = {field: [] for field in SOURCES}
    for index, case in enumerate(cases):
        for field, text in case.facts.items():
            for row in _rows(text):
                rows[field].append(
                    {k: prefix(index) + v if k in _PREFIXED and v else v for k, v in row.items()}
                )
    files = {}
    for field, found in rows.items():
        if not found:
            continue
        columns = list(dict.fromkeys(c for row in found for c in row))
        out = io.StringIO()
        writer = csv.DictWriter(out, columns, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(found)
        files[SOURCES[field]] = out.getvalue()
    return units, files


@dataclass(frozen=True)
class Expectation:
    """One expected stored value."""

    key: tuple[str, str, str, str, str]
    numerator: int
    denominator: int


def expectations(index: int, case: Case) -> Iterable[Expectation]:
    """A case's expected lines, with its units' prefix."""
    for line in case.expected:
        unit, indicator, kind, period, scope, numerator, denominator = line.split()
        key = (prefix(index) + unit, indicator, kind, period, scope)
        yield Expectation(key, int(numerator), int(denominator))


# ---------------------------------------------------------------------------------------------
# Random worlds: trees and dossiers as the import would accept them, around the edges the
# rules are about.

LEVELS = ("province_department", "district", "commune")
BOUNDARIES = [dt.datetime(2024, m, 1) for m in range(1, 13)] + [dt.datetime(2025, 1, 1)]

DOSSIER_COLUMNS = [
    "dossier_code", "unit_code", "procedure_code", "channel", "received_at", "due_at",
    "finished_at", "status", "components_digitized", "result_digitized", "e_result",
    "reused_data", "fee_amount", "paid_online", "synced_national", "rating",
]  # fmt: skip


def random_tree(rng: random.Random, name: str, size: int) -> list[OrgUnit]:
    """A province ``name`` with ``size`` units below it, each under an earlier one."""
    units = [OrgUnit(name, f"Tỉnh {name}", "province", None)]
    for index in range(size):
        parent = rng.choice(units)
        units.append(OrgUnit(f"{name}.{index}", f"Đơn vị {name}.{index}", rng.choice(LEVELS),
                             parent.code))  # fmt: skip
    return units


def _moment(rng: random.Random) -> dt.datetime:
    if rng.random() < 0.4:
        return rng.choice(BOUNDARIES) + dt.timedelta(seconds=rng.choice([-1, 0, 1]))
    start = dt.datetime(2023, 11, 1)
    return start + dt.timedelta(seconds=rng.randrange(456 * 86400))


def random_dossier(rng: random.Random, code: str, units: Sequence[OrgUnit]) -> dict[str, Any]:
    """One dossier: every status, empty and boundary timestamps, free and paid ones."""
    status = rng.randint(1, 10)
    received = _moment(rng)
    due = None
    if rng.random() < 0.7:
        due = received + dt.timedelta(days=rng.randint(0, 60), hours=rng.randint(1, 23))
    finished = None
    if status in (8, 9, 10):
        minutes = rng.choice([60, 1, -1, 0, -600, None])
        if due is not None and minutes is not None:
            finished = max(received, due + dt.timedelta(minutes=minutes))
        else:
            finished = received + dt.timedelta(seconds=rng.randrange(120 * 86400))
    return {
        "dossier_code": code,
        "unit_code": rng.choice(units).code,
        "procedure_code": rng.choice(["CC1", "P1", None]),
        "channel": rng.choice(["counter", "online", "postal"]),
        "received_at": received,
        "due_at": due,
        "finished_at": finished,
        "status": status,
        "components_digitized": rng.random() < 0.5,
        "result_digitized": rng.random() < 0.5,
        "e_result": rng.random() < 0.5,
        "reused_data": rng.random() < 0.5,
        "fee_amount": rng.choice([0.0, 0.0, 20000.0]),
        "paid_online": rng.random() < 0.5,
        "synced_national": rng.random() < 0.5,
        "rating": rng.choice([None, 1, 2, 3, 4, 5]),
    }


def random_world(
    seed: int, provinces: int, dossiers: int
) -> tuple[list[OrgUnit], list[dict[str, Any]]]:
    """Several random provinces and dossiers spread over their units."""
    rng = random.Random(seed)
    units: list[OrgUnit] = []
    for index in range(provinces):
        units += random_tree(rng, f"R{index}", rng.randint(1, 8))
    rows = [random_dossier(rng, f"D{i}", units) for i in range(dossiers)]
    return units, rows


def procedure_rows(units: Sequence[OrgUnit]) -> list[dict[str, Any]]:
    """CC1 (copy certification) and P1 at the first unit."""
    return [
        {"procedure_code": "CC1", "name": "a", "unit_code": units[0].code,
         "eligible_full_online": False, "online_level": "partial", "is_copy_certification": True},
        {"procedure_code": "P1", "name": "b", "unit_code": units[0].code,
         "eligible_full_online": True, "online_level": "full", "is_copy_certification": False},
    ]  # fmt: skip
