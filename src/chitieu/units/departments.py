"""The shipped, editable list of provincial departments and district divisions, and the units
built from it.

The official GSO lists hold territorial units only; the departments of a province (sở, ban, ngành)
and the divisions of a district committee (phòng, ban) hold targets too, so they come from
``data/departments.toml``, which a province may edit. Every problem of the file is reported at
once, with the line of the entry concerned.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from chitieu.domain import OrgUnit
from chitieu.errors import InputError, Place, Problem
from chitieu.text import clean, fold
from chitieu.units.structure import DISTRICT, PROVINCE_DEPARTMENT, Structure, validity

DISTRICT_TYPES = ("huyện", "quận", "thị xã", "thành phố")
_CODE = re.compile(r"[A-Z][A-Z0-9_]*")
_KINDS = ("department", "division")
_ENTRY_KEYS: dict[str, frozenset[str]] = {
    "department": frozenset({"code", "name"}),
    "division": frozenset({"code", "name", "district_types"}),
}
_HEADER = re.compile(
    r"""^\s*\[\[\s*(?P<q>["']?)(?P<structure>[^"'\s.\]]+)(?P=q)\s*\.\s*(?P<kind>\w+)\s*\]\]"""
)
_TOML_PLACE = re.compile(r"at line (\d+), column (\d+)")


@dataclass(frozen=True, slots=True)
class DepartmentSpec:
    """A provincial department of the list: its short stable code and its name."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class DivisionSpec:
    """A division of every district committee (of the listed district types; all when empty)."""

    code: str
    name: str
    district_types: frozenset[str] = frozenset()

    def applies_to(self, district_type: str) -> bool:
        """Whether a district of this type (``huyện``, ``quận``, ``thị xã``, ``thành phố``) has
        this division."""
        return not self.district_types or district_type in self.district_types


@dataclass(frozen=True, slots=True)
class DepartmentList:
    """The departments of each structure and the district divisions (legacy structure only)."""

    departments: Mapping[Structure, tuple[DepartmentSpec, ...]]
    divisions: tuple[DivisionSpec, ...]
    file: str

    def for_structure(self, structure: Structure) -> tuple[DepartmentSpec, ...]:
        """The departments of a province in this structure, in the file's order."""
        return self.departments.get(structure, ())


def builtin_departments_path() -> Path:
    """The path of the shipped list, ``chitieu/units/data/departments.toml``."""
    return Path(str(resources.files("chitieu.units") / "data" / "departments.toml"))


def load_departments(path: Path | None = None) -> DepartmentList:
    """The list in this file (the shipped one by default), validated.

    Raises ``InputError`` naming the line of every faulty entry at once.
    """
    path = path or builtin_departments_path()
    reader = _Reader(path.name)
    text, data = reader.parse(path)
    departments: dict[Structure, tuple[DepartmentSpec, ...]] = {}
    divisions: tuple[DivisionSpec, ...] = ()
    if data is not None:
        lines = _header_lines(text)
        reader.check_sections(data)
        for structure in Structure:
            section = data.get(structure.value, {})
            entries = reader.entries(section, structure, "department", lines)
            departments[structure] = tuple(DepartmentSpec(e.code, e.name) for e in entries)
            if not entries:
                reader.problem(
                    None, f"thiếu danh sách sở, ngành [[{_quoted(structure)}.department]]"
                )
        divisions = tuple(
            DivisionSpec(e.code, e.name, e.district_types)
            for e in reader.entries(
                data.get(Structure.LEGACY.value, {}), Structure.LEGACY, "division", lines
            )
        )
    if reader.problems:
        raise InputError(sorted(reader.problems, key=lambda p: p.place.line or 0))
    return DepartmentList(departments, divisions, path.name)


def department_units(
    root: OrgUnit, specs: Iterable[DepartmentSpec], structure: Structure
) -> list[OrgUnit]:
    """The departments under a provincial committee: code ``<root code>.<short>``."""
    valid_from, valid_to = validity(structure)
    return [
        OrgUnit(
            code=f"{root.code}.{spec.code}",
            name=spec.name,
            level=PROVINCE_DEPARTMENT,
            parent_code=root.code,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        for spec in specs
    ]


def division_units(
    committee: OrgUnit, district_type: str, district_name: str, specs: Iterable[DivisionSpec]
) -> list[OrgUnit]:
    """The divisions of one district committee (legacy structure): code
    ``<district code>.<short>``, level ``district``, named after the district, e.g.
    "Phòng Tư pháp thành phố Đồng Xoài" for type ``thành phố`` and name ``Đồng Xoài``."""
    valid_from, valid_to = validity(Structure.LEGACY)
    return [
        OrgUnit(
            code=f"{committee.code}.{spec.code}",
            name=f"{spec.name} {district_type} {district_name}",
            level=DISTRICT,
            parent_code=committee.code,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        for spec in specs
        if spec.applies_to(district_type)
    ]


@dataclass(frozen=True, slots=True)
class _Entry:
    code: str
    name: str
    district_types: frozenset[str]


class _Reader:
    """Reads the file, noting every problem instead of stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, line: int | None, reason: str, column: int | None = None) -> None:
        self.problems.append(Problem(Place(self.file, line=line, column=column), reason))

    def parse(self, path: Path) -> tuple[str, dict[str, Any] | None]:
        text = ""
        try:
            text = path.read_text(encoding="utf-8-sig")
            return text, tomllib.loads(text)
        except FileNotFoundError:
            self.problem(None, "không tìm thấy tệp danh sách sở, ngành")
        except UnicodeDecodeError:
            self.problem(None, "tệp không phải văn bản UTF-8")
        except tomllib.TOMLDecodeError as error:
            found = _TOML_PLACE.search(str(error))
            line, column = (int(found[1]), int(found[2])) if found else (None, None)
            detail = _TOML_PLACE.sub("", str(error)).replace("()", "").strip()
            self.problem(line, f"cú pháp TOML sai ({detail})", column)
        return text, None

    def check_sections(self, data: dict[str, Any]) -> None:
        known = {s.value for s in Structure}
        for key, value in data.items():
            if key not in known:
                self.problem(
                    None, f"mục «{key}» không được hỗ trợ (chỉ nhận: {', '.join(sorted(known))})"
                )
            elif not isinstance(value, dict):
                self.problem(None, f"mục «{key}» phải là một bảng")
            else:
                allowed = ("department",) if key == Structure.Y2025.value else _KINDS
                for kind in value:
                    if kind not in allowed:
                        self.problem(None, _unknown_kind(key, kind))

    def entries(
        self,
        section: object,
        structure: Structure,
        kind: str,
        lines: Mapping[tuple[str, str], list[int]],
    ) -> list[_Entry]:
        if not isinstance(section, dict):
            return []
        raw = section.get(kind, [])
        header = f"[[{_quoted(structure)}.{kind}]]"
        if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
            self.problem(None, f"«{kind}» của mục «{structure.value}» phải là mảng bảng {header}")
            return []
        where = lines.get((structure.value, kind), [])
        entries: list[_Entry] = []
        codes: dict[str, int | None] = {}
        names: dict[str, int | None] = {}
        for index, table in enumerate(raw):
            line = where[index] if index < len(where) else None
            entry = self._entry(table, kind, header, index + 1, line)
            if entry is None:
                continue
            if entry.code in codes:
                self.problem(line, f"{header} «{entry.code}»: mã bị trùng{_at(codes[entry.code])}")
                continue
            if fold(entry.name) in names:
                self.problem(
                    line,
                    f"{header} «{entry.code}»: tên «{entry.name}» bị trùng{_at(names[fold(entry.name)])}",
                )
                continue
            codes[entry.code] = line
            names[fold(entry.name)] = line
            entries.append(entry)
        return entries

    def _entry(
        self, table: dict[str, Any], kind: str, header: str, number: int, line: int | None
    ) -> _Entry | None:
        before = len(self.problems)
        subject = f"{header} thứ {number}"
        for key in table:
            if key not in _ENTRY_KEYS[kind]:
                allowed = ", ".join(sorted(_ENTRY_KEYS[kind]))
                self.problem(
                    line, f"{subject}: trường «{key}» không được hỗ trợ (chỉ nhận: {allowed})"
                )
        code = self._text(table, "code", subject, line)
        if code and not _CODE.fullmatch(code):
            self.problem(
                line,
                f"{subject}: mã «{code}» chỉ được gồm chữ in hoa không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ",
            )
        name = self._text(table, "name", subject, line)
        types = self._district_types(table, subject, line)
        if len(self.problems) > before:
            return None
        return _Entry(code, name, types)

    def _text(self, table: dict[str, Any], key: str, subject: str, line: int | None) -> str:
        value = table.get(key)
        if value is None:
            self.problem(line, f"{subject}: thiếu trường «{key}»")
            return ""
        if not isinstance(value, str) or not clean(value):
            self.problem(line, f"{subject}: trường «{key}» phải là chuỗi ký tự không rỗng")
            return ""
        return clean(value)

    def _district_types(
        self, table: dict[str, Any], subject: str, line: int | None
    ) -> frozenset[str]:
        raw = table.get("district_types", [])
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.problem(line, f"{subject}: «district_types» phải là danh sách chuỗi ký tự")
            return frozenset()
        types = frozenset(clean(v).lower() for v in raw)
        for unknown in sorted(types - set(DISTRICT_TYPES)):
            allowed = ", ".join(DISTRICT_TYPES)
            self.problem(
                line,
                f"{subject}: loại đơn vị cấp huyện «{unknown}» không hợp lệ (chỉ nhận: {allowed})",
            )
        return types


def _header_lines(text: str) -> dict[tuple[str, str], list[int]]:
    """The line of each ``[[structure.kind]]`` header, in order, so that an entry's problem can
    name its line (``tomllib`` keeps no positions)."""
    lines: dict[tuple[str, str], list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        found = _HEADER.match(line)
        if found:
            lines.setdefault((found["structure"], found["kind"]), []).append(number)
    return lines


def _quoted(structure: Structure) -> str:
    # A bare TOML key may be all digits, but quoting it reads less like a number.
    return f'"{structure.value}"' if structure.value[0].isdigit() else structure.value


def _unknown_kind(section: str, kind: str) -> str:
    if section == Structure.Y2025.value and kind == "division":
        return "cấu trúc 2025 không có cấp huyện nên không có phòng, ban cấp huyện («division»)"
    allowed = "department" if section == Structure.Y2025.value else "department, division"
    return f"«{kind}» của mục «{section}» không được hỗ trợ (chỉ nhận: {allowed})"


def _at(line: int | None) -> str:
    return f" với dòng {line}" if line is not None else ""
