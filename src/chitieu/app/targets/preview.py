"""What the decision import page shows before anything is stored: the upload kept privately in
the home, read by the same reader as ``chitieu decision import``, its rows as a table, and what
differs from the year's target set in force.

An upload is kept as ``HOME/tmp/uploads/<sha256>.<ext>``: named by its content, so that the
confirmation carries only the checksum and the server reads its own copy again; never served,
never executed (the readers only parse it)."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from chitieu.catalog import Catalogue, load_catalogue
from chitieu.decisions import DecisionReading, read_decision, read_document
from chitieu.decisions.header import read_heading
from chitieu.decisions.presentation import applies_to, baseline_note, split_task
from chitieu.domain import Target, TargetSet
from chitieu.domain.periods import ROMAN_QUARTERS
from chitieu.domain.targets import province_label, province_name, same_province
from chitieu.errors import InputError, Place, Problem, Severity
from chitieu.facts.store import SCRATCH_DIR
from chitieu.formatting import percent
from chitieu.units import UnitTree

UPLOADS = "uploads"
KEEP_SECONDS = 24 * 3600
"""How long an upload that was never confirmed is kept (removed at the next upload)."""


def uploads_dir(home: Path) -> Path:
    """The private folder of the uploads (created readable by this process's user only)."""
    folder = home / SCRATCH_DIR / UPLOADS
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def upload_path(home: Path, sha256: str, extension: str) -> Path:
    """Where the upload of checksum ``sha256`` is kept."""
    return uploads_dir(home) / f"{sha256}.{extension}"


def store_upload(home: Path, data: bytes, extension: str) -> str:
    """Keep ``data`` privately; its checksum, which names it. Uploads older than a day that
    were never confirmed are removed first."""
    folder = uploads_dir(home)
    now = time.time()
    for old in folder.iterdir():
        try:
            if now - old.stat().st_mtime > KEEP_SECONDS:
                old.unlink()
        except OSError:
            # Another request removed it first: nothing to do.
            continue
    sha256 = hashlib.sha256(data).hexdigest()
    path = folder / f"{sha256}.{extension}"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return sha256


WEB_WORDING = {
    # The reader's advice names the command line's options; the page has its own fields.
    "hãy ghi rõ bằng --year": "hãy ghi năm ở ô «Năm của chỉ tiêu» rồi tải lên lại",
    "hãy ghi rõ bằng --province": "văn bản cần ghi rõ «UBND tỉnh …» ở phần đầu",
}


def _renamed(problem: Problem, name: str) -> Problem:
    # The reader names the stored copy (its checksum); the official knows the file by its name.
    reason = problem.reason
    for cli, web in WEB_WORDING.items():
        reason = reason.replace(cli, web)
    return replace(problem, place=replace(problem.place, file=name), reason=reason)


def read_upload(
    path: Path, name: str, year: int | None, home_province: str | None = None
) -> DecisionReading:
    """The decision in the stored ``path`` read as ``chitieu decision import`` reads it, every
    place naming the file as uploaded (``name``); ``InputError`` when it is refused.

    A document that names no province is read as of ``home_province`` (the unit tree's), with
    a warning saying so: the page has no province field, and the office imports its own
    province's decisions."""
    province = None
    warnings: tuple[Problem, ...] = ()
    if home_province is not None:
        try:
            named = read_heading(read_document(path).lines).province
        except InputError:
            # Unreadable: the reader below refuses it with its own sentences.
            named = "?"
        if named is None:
            province = province_name(home_province)
            warnings = (
                Problem(
                    Place(name),
                    f"văn bản không ghi rõ tỉnh ban hành; đọc là của {province_label(province)} "
                    "(tỉnh của cây đơn vị)",
                    Severity.WARNING,
                ),
            )
    try:
        reading = read_decision(path, load_catalogue(), province=province, year=year)
    except InputError as error:
        raise InputError([_renamed(p, name) for p in error.problems]) from None
    return DecisionReading(
        reading.target_set, tuple(_renamed(p, name) for p in (*reading.warnings, *warnings))
    )


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the preview's table: a section's title, or an annex row."""

    section: str
    task: str
    title: str
    indicator: str
    mapped: bool
    applies_to: str
    annual: str
    milestones: tuple[str, ...]
    baselines: str
    first: bool
    changed: bool = False


def rows(
    target_set: TargetSet,
    catalogue: Catalogue | None = None,
    stored: TargetSet | None = None,
) -> list[Row]:
    """The annex as the preview's table shows it, each section's title before its tasks; a row
    that differs from the ``stored`` set's (or is not in it) is marked ``changed``."""
    catalogue = catalogue or load_catalogue()
    before = {_key(t): t for t in stored.targets} if stored is not None else None
    found: list[Row] = []
    section = None
    previous = None
    for target in target_set.targets:
        target_section, _ = split_task(target.task)
        if target_section and target_section != section:
            section = target_section
            title = target_set.sections.get(section, "")
            found.append(Row(section, "", title, "", True, "", "", (), "", first=True))
        first = target.task != previous
        previous = target.task
        indicator = catalogue.get(target.indicator) if target.indicator else None
        found.append(
            Row(
                section="",
                task=target.task,
                title=target.title,
                indicator=indicator.name if indicator else "(chưa khớp chỉ số)",
                mapped=indicator is not None,
                applies_to=applies_to(target, catalogue),
                annual=percent(target.annual),
                milestones=tuple(percent(m.value) for m in target.milestones),
                baselines=baseline_note(target.baselines).strip("()"),
                first=first,
                changed=before is not None and before.get(_key(target)) != target,
            )
        )
    return found


def unmapped(target_set: TargetSet) -> list[Target]:
    """The rows whose task maps to no indicator of the catalogue (not measured)."""
    return [t for t in target_set.targets if t.indicator is None]


def unknown_units(target_set: TargetSet, tree: UnitTree | None) -> list[str]:
    """Warnings for the units an annex row names that the unit tree lacks (that row will not
    apply to them), as the command line prints after an import."""
    if tree is None:
        return []
    return [
        f"nhiệm vụ {t.task}: cây đơn vị không có đơn vị «{name}»; dòng chỉ tiêu này sẽ không "
        "áp dụng cho đơn vị đó"
        for t in target_set.targets
        for name in t.units
        if not tree.find_by_name(name)
    ]


def other_province(target_set: TargetSet, tree_province: str | None) -> str:
    """The sentence saying the decision is of another province than the unit tree's, or empty."""
    if tree_province is None or same_province(target_set.province, tree_province):
        return ""
    return (
        f"Quyết định này là của {province_label(target_set.province)}, nhưng cây đơn vị của hệ "
        f"thống là {province_label(tree_province)}. Có thể đây là nhầm tệp; chỉ lưu khi đúng là "
        "muốn dùng chỉ tiêu của tỉnh khác."
    )


@dataclass(frozen=True, slots=True)
class Change:
    """A row of the annex that the import adds, changes or removes."""

    kind: str
    """«Thêm», «Sửa» or «Bỏ»."""
    task: str
    applies_to: str
    details: tuple[str, ...]


def _key(target: Target) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return target.task, target.levels, target.units


def _figures(target: Target) -> list[tuple[str, float]]:
    return [("Chỉ tiêu năm", target.annual)] + [
        (f"Quý {ROMAN_QUARTERS[m.quarter - 1]}", m.value) for m in target.milestones
    ]


def _details(before: Target, after: Target) -> tuple[str, ...]:
    said: list[str] = []
    old = dict(_figures(before))
    for label, value in _figures(after):
        if old.get(label) != value:
            said.append(f"{label}: {percent(old.get(label))} → {percent(value)}")
    if before.indicator != after.indicator:
        said.append(
            f"chỉ số: {before.indicator or '(chưa khớp)'} → {after.indicator or '(chưa khớp)'}"
        )
    if before.title != after.title:
        said.append("tên nhiệm vụ")
    if before.baselines != after.baselines:
        said.append(
            f"số liệu năm trước: {baseline_note(before.baselines).strip('()') or '—'} → "
            f"{baseline_note(after.baselines).strip('()') or '—'}"
        )
    if before.lead != after.lead or before.coordinating != after.coordinating:
        said.append("cơ quan chủ trì/phối hợp")
    return tuple(said) or ("cách ghi trong phụ lục",)


def changes(
    stored: TargetSet | None, read: TargetSet, catalogue: Catalogue | None = None
) -> list[Change]:
    """The rows the import adds, changes or removes against the year's set in force (none when
    there is no set yet: then everything is new, and the table says it)."""
    if stored is None:
        return []
    catalogue = catalogue or load_catalogue()
    before = {_key(t): t for t in stored.targets}
    after = {_key(t): t for t in read.targets}
    found: list[Change] = []
    for key, target in after.items():
        if key not in before:
            figures = ", ".join(f"{label} {percent(v)}" for label, v in _figures(target))
            found.append(Change("Thêm", target.task, applies_to(target, catalogue), (figures,)))
        elif before[key] != target:
            details = _details(before[key], target)
            found.append(Change("Sửa", target.task, applies_to(target, catalogue), details))
    found += [
        Change("Bỏ", target.task, applies_to(target, catalogue), ())
        for key, target in before.items()
        if key not in after
    ]
    if stored.basis != read.basis:
        found.append(Change("Sửa", "", "cả bộ chỉ tiêu", ("cách tính lộ trình (lũy kế/từng quý)",)))
    return found


def described(problems: Iterable[Problem]) -> list[str]:
    """Each problem as one line, its place first."""
    return [p.describe() for p in problems]
