"""``generate_demo``: a realistic year of a province's data, written as files.

The model in brief (the numbers are in ``model.py``):

* **Units.** The units that handle dossiers are the departments, the district committees and
  their divisions, and the communes. A year's dossiers split between the levels (about a third
  to the departments, a quarter to the district level, the rest to the communes), then between
  the units of a level by a log-normal draw times their sector's volume: a few departments
  (land, transport, business registration) are large, the many communes small.
* **Procedures.** Each unit provides the procedures of its sector (``data/procedures.toml``,
  matched on its name); communes and the district justice divisions (code ``….PTP``) also
  certify copies, as does a department a copy-certification target names. Departments provide
  fully online the share of their eligible procedures that their aim on
  ``full_online_services`` says.
* **Time.** Days weigh by the calendar: working days, a few Saturday mornings, month factors
  with a rush at the year's end, the rush before Tết and the slow weeks after it (Tết from a
  table of dates). Reception in office hours; due dates by the procedure's working days.
* **Leaders and laggards.** Each unit has a skill; on each indicator its factor is the
  indicator's attainment times a draw that follows the skill. Its year-to-date value is aimed at
  factor × the quarter's milestone, starting in January near the decision's last baseline
  (``profiles.py``), so some units meet each milestone and others do not; the province reaches
  an annual target where the attainment is above 1 and falls short where it is below (and
  always misses a 100% target: a year to date cannot make up for a January below it).
* **Dossiers.** Late finishes (a unit's late rate, varied by official), dossiers still open at
  the year's end, a few refused, withdrawn, stopped or stuck; unrated ones; fees, paid online or
  not; synchronised or not (``dossiers.py``).
* **The current year stops at today** (``chitieu.clock.today()``): nothing is received,
  finished, returned, resolved or published after it, so the dossiers of the last weeks are
  still open with their due dates ahead, as are recent feedback items; manual values exist for
  the quarters already reported (``manual.py``), and the national sync sample holds dossiers of
  the months that have ended. A past year runs to its end, exactly as before; a year not yet
  begun is refused.

Files written (canonical columns of ``domain.facts.FACT_COLUMNS``, booleans 1/0 in CSV):
``dossiers.parquet`` and ``dossiers.csv`` (the same rows, in order of reception),
``dossiers_dvcqg_sample.json`` (a sample in the national sync shape, ``dvcqg.py``),
``procedures.csv``, ``publications.csv``, ``feedback.csv``, ``manual.csv``, and
``officials.csv`` (``code,name,level,parent_code``: the unit loader's columns).

Deterministic for a seed: every part draws from its own stream of one ``SeedSequence``. The
generator is for demos and benchmarks; it is never a test oracle for the engine.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from chitieu import clock
from chitieu.catalog import load_catalogue
from chitieu.demo.calendar import SECONDS_PER_DAY, DemoCalendar
from chitieu.demo.dossiers import (
    DOSSIER_INDICATORS,
    DOSSIER_SCHEMA,
    Chunk,
    DossierModel,
    chunks,
    csv_table,
)
from chitieu.demo.dvcqg import SAMPLE_SIZE, SKIPPED_STATUSES, portal_unit_names, sync_records
from chitieu.demo.feedback import draw_feedback
from chitieu.demo.manual import draw_manual
from chitieu.demo.model import FEEDBACK_MIN, FEEDBACK_PER_DOSSIERS
from chitieu.demo.officials import Officials
from chitieu.demo.procedures import DemoCatalogue, Offerings, load_sectors
from chitieu.demo.profiles import FloatArray, UnitProfiles
from chitieu.demo.publications import draw_publications
from chitieu.demo.tree import DemoTree
from chitieu.domain import FACT_COLUMNS, OrgUnit, Source, TargetSet
from chitieu.errors import ChitieuError

COPY_CERTIFICATION_INDICATOR = "e_certified_copies"

PARQUET = "dossiers.parquet"
CSV = "dossiers.csv"
SAMPLE = "dossiers_dvcqg_sample.json"
PROCEDURES = "procedures.csv"
PUBLICATIONS = "publications.csv"
FEEDBACK = "feedback.csv"
MANUAL = "manual.csv"
OFFICIALS = "officials.csv"
OFFICIAL_COLUMNS = ("code", "name", "level", "parent_code")
"""The unit loader's columns: the officials can be loaded as units."""

STREAMS = (
    "profiles",
    "catalogue",
    "officials",
    "dossiers",
    "sample",
    "publications",
    "feedback",
    "manual",
)
"""The random streams, one per part, so that a part's draws do not shift another's."""


@dataclass(frozen=True, slots=True)
class DemoFile:
    """A file written: where, and how many records it holds (rows, or objects of a JSON array)."""

    path: Path
    rows: int


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What ``generate_demo`` wrote."""

    province: str
    year: int
    seed: int
    dossiers_parquet: DemoFile
    dossiers_csv: DemoFile
    dossiers_dvcqg_sample: DemoFile
    procedures: DemoFile
    publications: DemoFile
    feedback: DemoFile
    manual: DemoFile
    officials: DemoFile

    @property
    def files(self) -> tuple[DemoFile, ...]:
        """Every file, in the order above."""
        return (
            self.dossiers_parquet,
            self.dossiers_csv,
            self.dossiers_dvcqg_sample,
            self.procedures,
            self.publications,
            self.feedback,
            self.manual,
            self.officials,
        )


def generate_demo(
    units: Sequence[OrgUnit],
    target_set: TargetSet,
    *,
    dossiers: int,
    seed: int,
    out: Path,
    progress: Callable[[int], None] | None = None,
    today: dt.date | None = None,
) -> DemoSummary:
    """Write a realistic year of ``target_set``'s province and year for ``units`` into ``out``.

    ``units`` is the province's tree (legacy with districts, or the 2025 structure); ``progress``
    is called with the number of dossiers written so far. Files appear under their names only
    once all are written. ``today`` (``chitieu.clock.today()`` unless given) is where the
    current year's data stops: ``dossiers`` are then the dossiers received so far.
    ``ChitieuError`` for a negative count, a year after today's, or a tree with no unit that
    handles dossiers.

    For example ``generate_demo(units, target_set, dossiers=20_000, seed=1, out=Path("demo"))``.
    """
    if dossiers < 0:
        raise ChitieuError(f"Số hồ sơ mẫu phải là số không âm, không phải {dossiers}")
    today = today or clock.today()
    if target_set.year > today.year:
        raise ChitieuError(
            f"Năm {target_set.year} chưa bắt đầu (hôm nay là {today:%d/%m/%Y}): chưa có dữ liệu "
            "nào để sinh"
        )
    province = _Province.draw(units, target_set, seed, today)
    out.mkdir(parents=True, exist_ok=True)
    with _staged(out) as stage:
        written, sample = _write_dossiers(province, dossiers, stage, progress)
        records = sync_records(
            [row for row, _, _ in sample],
            [procedure for _, procedure, _ in sample],
            [pages for _, _, pages in sample],
            province.catalogue,
            portal_unit_names(units),
            dict(zip(province.officials.codes, province.officials.names, strict=True)),
            province.rngs["sample"],
        )
        stage(SAMPLE).write_text(json.dumps(records, ensure_ascii=False, indent=1), "utf-8")
        counts = _write_side_files(province, dossiers, stage)
    return DemoSummary(
        province=target_set.province,
        year=target_set.year,
        seed=seed,
        dossiers_parquet=DemoFile(out / PARQUET, written),
        dossiers_csv=DemoFile(out / CSV, written),
        dossiers_dvcqg_sample=DemoFile(out / SAMPLE, len(records)),
        procedures=DemoFile(out / PROCEDURES, counts[PROCEDURES]),
        publications=DemoFile(out / PUBLICATIONS, counts[PUBLICATIONS]),
        feedback=DemoFile(out / FEEDBACK, counts[FEEDBACK]),
        manual=DemoFile(out / MANUAL, counts[MANUAL]),
        officials=DemoFile(out / OFFICIALS, counts[OFFICIALS]),
    )


@dataclass(frozen=True, slots=True)
class _Province:
    """Everything drawn before any file is written: the tree's roles, the calendar, the units'
    profiles and monthly shares, the catalogue, the officials, and the random streams left for
    the files."""

    target_set: TargetSet
    tree: DemoTree
    calendar: DemoCalendar
    profiles: UnitProfiles
    month_volume: FloatArray
    catalogue: DemoCatalogue
    officials: Officials
    dossiers: DossierModel
    rngs: dict[str, np.random.Generator]

    @classmethod
    def draw(
        cls, units: Sequence[OrgUnit], target_set: TargetSet, seed: int, today: dt.date
    ) -> _Province:
        """Draw the province's units and their year up to ``today``; nothing here depends on
        the number of dossiers, so a larger demo is the same province with more dossiers."""
        tree = DemoTree.of(units)
        calendar = DemoCalendar.of(target_set.year, today)
        seeds = np.random.SeedSequence(seed).spawn(len(STREAMS))
        rngs = {name: np.random.default_rng(s) for name, s in zip(STREAMS, seeds, strict=True)}
        copy_holders = [
            name
            for target in target_set.targets
            if target.indicator == COPY_CERTIFICATION_INDICATOR
            for name in target.units
        ]
        offerings = Offerings.of(tree, load_sectors(), copy_holders)
        profiles = UnitProfiles.build(tree, target_set, offerings.volume, rngs["profiles"])
        month_volume = calendar.month_volume()
        full_online = profiles.monthly("full_online_services", month_volume)[:, -1]
        catalogue = DemoCatalogue.build(offerings, full_online, rngs["catalogue"])
        officials = Officials.draw(tree, profiles.officials, rngs["officials"])
        dossiers = DossierModel(
            calendar=calendar,
            catalogue=catalogue,
            handler_codes=pa.array([unit.code for unit in tree.handlers], type=pa.string()),
            volume_cumulative=np.cumsum(profiles.volume),
            shares={code: profiles.monthly(code, month_volume) for code in DOSSIER_INDICATORS},
            late_rate=profiles.late_rate,
            rated_share=profiles.rated_share,
            official_first=officials.first,
            official_count=officials.count,
            official_late=officials.late,
            official_codes=pa.array(officials.codes, type=pa.string()),
        )
        return cls(
            target_set, tree, calendar, profiles, month_volume, catalogue, officials, dossiers, rngs
        )

    def shares(self, indicator: str) -> FloatArray:
        """The handlers' monthly shares on an indicator."""
        return self.profiles.monthly(indicator, self.month_volume)


def _write_side_files(
    province: _Province, dossiers: int, stage: Callable[[str], Path]
) -> dict[str, int]:
    """The catalogue, publications, feedback, manual values and officials; their row counts."""
    p = province
    publications = draw_publications(
        p.tree, p.catalogue, p.shares("published_on_time"), p.calendar, p.rngs["publications"]
    )
    feedback = draw_feedback(
        p.tree,
        p.profiles.volume,
        p.shares("feedback_on_time"),
        p.calendar,
        max(FEEDBACK_MIN, dossiers // FEEDBACK_PER_DOSSIERS),
        p.rngs["feedback"],
    )
    focal_points = [p.officials.codes[i] for i in p.officials.first.tolist()]
    manual = [
        value
        for indicator in load_catalogue().indicators
        if indicator.is_manual
        for value in draw_manual(
            p.tree,
            p.target_set,
            indicator,
            p.shares(indicator.code),
            focal_points,
            p.calendar,
            p.rngs["manual"],
        )
    ]
    handler_codes = [unit.code for unit in p.tree.handlers]
    return {
        PROCEDURES: _write_rows(
            stage(PROCEDURES),
            tuple(FACT_COLUMNS[Source.PROCEDURES]),
            p.catalogue.rows(handler_codes),
        ),
        PUBLICATIONS: _write_rows(
            stage(PUBLICATIONS),
            tuple(FACT_COLUMNS[Source.PUBLICATIONS]),
            (x.row() for x in publications),
        ),
        FEEDBACK: _write_rows(
            stage(FEEDBACK), tuple(FACT_COLUMNS[Source.FEEDBACK]), (x.row() for x in feedback)
        ),
        MANUAL: _write_rows(
            stage(MANUAL), tuple(FACT_COLUMNS[Source.MANUAL]), (x.row() for x in manual)
        ),
        OFFICIALS: _write_rows(stage(OFFICIALS), OFFICIAL_COLUMNS, p.officials.rows()),
    }


SampleRow = tuple[dict[str, Any], int, int]


def _write_dossiers(
    province: _Province,
    total: int,
    stage: Callable[[str], Path],
    progress: Callable[[int], None] | None,
) -> tuple[int, list[SampleRow]]:
    """Stream the dossiers into Parquet (one row group per chunk) and CSV, and keep an evenly
    spread sample for the national sync file; how many were written, and the sample."""
    calendar = province.calendar
    # The portal's copy lags the one-stop system: in the current year it holds the dossiers of
    # the months that have ended.
    synced_before = (
        calendar.timestamps(
            np.array([calendar.day(calendar.date(calendar.cutoff - 1).replace(day=1))])
            * SECONDS_PER_DAY
        )[0]
        if calendar.stopped
        else None
    )
    csv_schema = csv_table(DOSSIER_SCHEMA.empty_table()).schema
    wanted = min(SAMPLE_SIZE, total)
    sample: list[SampleRow] = []
    written = 0
    # No value of a dossier holds a comma or a quote, so nothing is quoted (the writer refuses
    # such a value rather than write it bare); the header is written plain, before the writer.
    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
    with (
        pq.ParquetWriter(stage(PARQUET), DOSSIER_SCHEMA, compression="zstd") as parquet,
        stage(CSV).open("wb") as csv_file,
    ):
        csv_file.write((",".join(DOSSIER_SCHEMA.names) + "\n").encode())
        with pa_csv.CSVWriter(csv_file, csv_schema, write_options=options) as writer:
            for chunk in chunks(province.dossiers, total, province.rngs["dossiers"]):
                parquet.write_table(chunk.table, row_group_size=chunk.table.num_rows)
                writer.write_table(csv_table(chunk.table))
                written += chunk.table.num_rows
                sample += _sample(
                    chunk, round(wanted * written / total) - len(sample), synced_before
                )
                if progress is not None:
                    progress(written)
    return written, sample


def _sample(
    chunk: Chunk, count: int, synced_before: np.datetime64 | None = None
) -> list[SampleRow]:
    """``count`` rows evenly spread over a chunk, none of the statuses the sync rewrites, none
    received at or after ``synced_before`` when given."""
    status = chunk.table.column("status").to_numpy()
    wanted = ~np.isin(status, list(SKIPPED_STATUSES))
    if synced_before is not None:
        received = chunk.table.column("received_at").to_numpy()
        wanted &= received < synced_before
    eligible = np.flatnonzero(wanted)
    if count <= 0 or len(eligible) == 0:
        return []
    picks = eligible[np.unique(np.linspace(0, len(eligible) - 1, count).round().astype(np.int64))]
    rows = chunk.table.take(pa.array(picks)).to_pylist()
    return list(
        zip(rows, chunk.procedure[picks].tolist(), chunk.pages[picks].tolist(), strict=True)
    )


def _write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


@contextmanager
def _staged(out: Path) -> Iterator[Callable[[str], Path]]:
    """Files are written as hidden temporaries in ``out`` and renamed to their names when all
    are written; on failure the temporaries are removed and earlier files stay as they were."""
    staged: dict[str, Path] = {}

    def stage(name: str) -> Path:
        staged[name] = out / f".{name}.partial"
        return staged[name]

    try:
        yield stage
    except BaseException:
        for path in staged.values():
            path.unlink(missing_ok=True)
        raise
    for name, path in staged.items():
        os.replace(path, out / name)
