"""Units in and out of CSV (``code,name,level,parent_code``) and JSON.

Reading is all or nothing: every problem of the file is collected and raised as one
``InputError`` naming line, column and reason, so that nothing is stored from a faulty file.
Columns may come in any order and any letter case. Besides the four required columns, the
optional ``valid_from``, ``valid_to``, ``latitude`` and ``longitude`` are read (they are what the
export writes, so an exported file loads back unchanged); any other column (an "STT" or a note a
province keeps in its sheet) is ignored.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from chitieu.domain import OrgUnit
from chitieu.encoding import NotTextError, decode
from chitieu.errors import InputError, Place, Problem, refuse
from chitieu.text import clean, looks_like_formula, spreadsheet_safe
from chitieu.units.tree import find_cycles

REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")
OPTIONAL_COLUMNS = ("valid_from", "valid_to", "latitude", "longitude")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
_DELIMITERS = (",", ";", "\t")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    unit: OrgUnit


class _File:
    """One CSV being read: its header positions and the problems found so far."""

    def __init__(self, name: str, positions: dict[str, int]) -> None:
        self.name = name
        self.positions = positions
        self.problems: list[Problem] = []
        # Codes of rows too garbled to check (cells shifted by an unquoted comma): their own
        # problem is reported, and they still count as parents so that their children are not
        # reported too.
        self.unreadable: set[str] = set()

    def problem(self, line: int, column: str | None, reason: str) -> None:
        position = self.positions.get(column) if column else None
        place = Place(self.name, line=line, column=position, column_name=column)
        self.problems.append(Problem(place, reason))


def read_units_csv(
    path: Path, levels: Collection[str], existing: Sequence[OrgUnit] = ()
) -> list[OrgUnit]:
    """The units of a CSV file, in the file's order; names NFC and trimmed.

    Bytes in UTF-8 (with or without BOM), UTF-16 or Windows-1258 are read alike; the delimiter may
    be a comma, a semicolon or a tab (Excel's choice depends on the machine's locale). A parent
    may be a unit of the file or of ``existing`` (the stored tree). Raises ``InputError`` listing
    every problem: an empty file, a missing column, an empty code or name, a code twice in the
    file, a level not in ``levels``, an unknown parent, a unit its own parent, a cycle, a second
    root, a bad date or coordinate.
    """
    text = _text(path)
    rows = _csv_rows(text, path.name)
    header_line, header = next(rows, (1, []))
    positions = _positions(path.name, header_line, header)
    file = _File(path.name, positions)
    parsed: list[_Row] = []
    for line, cells in rows:
        row = _row(file, line, cells, len(header), levels)
        if row is not None:
            parsed.append(row)
    if not parsed and not file.problems:
        raise refuse(
            Place(path.name, line=header_line), "tệp chỉ có dòng tiêu đề, không có đơn vị nào"
        )
    unique = _without_duplicates(file, parsed)
    _check_parents(file, unique, existing)
    if file.problems:
        file.problems.sort(key=lambda p: (p.place.line or 0, p.place.column or 0))
        raise InputError(file.problems)
    return [row.unit for row in parsed]


def write_units_csv(
    units: Iterable[OrgUnit], target: Path | str | TextIO, *, bom: bool = True
) -> None:
    """Write units as CSV, columns ``code,name,level,parent_code,valid_from,valid_to,latitude,
    longitude``; UTF-8 with a BOM (so that Excel shows Vietnamese right) unless ``bom`` is false.

    A text cell beginning with ``=``, ``+``, ``-`` or ``@`` gets a leading apostrophe so that Excel
    does not run it as a formula; ``read_units_csv`` removes it again.
    """
    if isinstance(target, str | Path):
        encoding = "utf-8-sig" if bom else "utf-8"
        with Path(target).open("w", encoding=encoding, newline="") as handle:
            _write(units, handle)
        return
    if bom:
        target.write("\ufeff")
    _write(units, target)


def units_to_json(units: Iterable[OrgUnit]) -> list[dict[str, str | float | None]]:
    """Units as JSON-ready objects with the CSV's columns; dates ISO, absent values ``null``."""
    return [
        {
            "code": unit.code,
            "name": unit.name,
            "level": unit.level,
            "parent_code": unit.parent_code,
            "valid_from": _iso(unit.valid_from),
            "valid_to": _iso(unit.valid_to),
            "latitude": unit.latitude,
            "longitude": unit.longitude,
        }
        for unit in units
    ]


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise refuse(Place(path.name), "không tìm thấy tệp") from None
    except OSError as error:
        raise refuse(Place(path.name), f"không đọc được tệp ({error.strerror})") from None
    try:
        text = decode(data)
    except NotTextError as error:
        raise refuse(Place(path.name), f"không đọc được tệp: {error}") from None
    if not text.strip():
        raise refuse(
            Place(path.name),
            "tệp rỗng: cần dòng tiêu đề code,name,level,parent_code và các dòng đơn vị",
        )
    return text


def _csv_rows(text: str, file: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with the line each begins on (a quoted cell may span lines)."""
    first = next(line for line in text.splitlines() if line.strip())
    delimiter = max(_DELIMITERS, key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise refuse(Place(file, line=line), f"dòng CSV sai ({error})") from None
        if cells and any(cell.strip() for cell in cells):
            yield line, cells


def _positions(file: str, line: int, header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(header, 1):
        name = clean(cell).lower()
        if not name:
            continue
        if name in positions and name in COLUMNS:
            place = Place(file, line=line, column=index, column_name=name)
            problems.append(Problem(place, f"cột «{name}» có hai lần trong dòng tiêu đề"))
        positions.setdefault(name, index)
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            reason = (
                f"thiếu cột «{name}» (dòng tiêu đề phải có các cột {', '.join(REQUIRED_COLUMNS)})"
            )
            problems.append(Problem(Place(file, line=line), reason))
    if problems:
        raise InputError(problems)
    return {name: index for name, index in positions.items() if name in COLUMNS}


def _row(
    file: _File, line: int, cells: list[str], width: int, levels: Collection[str]
) -> _Row | None:
    def cell(column: str) -> str:
        index = file.positions.get(column)
        if index is None or index > len(cells):
            return ""
        return _unescape(clean(cells[index - 1]))

    if any(extra.strip() for extra in cells[width:]):
        file.problems.append(
            Problem(
                Place(file.name, line=line, column=width + 1),
                f"dòng có {len(cells)} ô nhưng tiêu đề chỉ có {width} cột "
                "(tên có dấu phẩy phải đặt trong dấu ngoặc kép)",
            )
        )
        file.unreadable.add(cell("code"))
        return None
    code = cell("code")
    if not code:
        file.problem(line, "code", "thiếu mã đơn vị")
    elif any(char.isspace() for char in code):
        file.problem(line, "code", f"mã «{code}» không được chứa khoảng trắng")
    name = cell("name")
    if not name:
        file.problem(line, "name", "thiếu tên đơn vị")
    level = cell("level").lower()
    if level not in levels:
        allowed = ", ".join(sorted(levels))
        shown = f"cấp «{level}» không hợp lệ" if level else "thiếu cấp đơn vị"
        file.problem(line, "level", f"{shown} (chỉ nhận: {allowed})")
    parent = cell("parent_code") or None
    if parent is not None and parent == code:
        file.problem(line, "parent_code", "đơn vị không thể là cấp trên của chính nó")
    valid_from = _date(file, line, "valid_from", cell("valid_from"))
    valid_to = _date(file, line, "valid_to", cell("valid_to"))
    if valid_from and valid_to and valid_from > valid_to:
        file.problem(line, "valid_to", "ngày hết hiệu lực trước ngày bắt đầu hiệu lực")
    latitude = _coordinate(file, line, "latitude", cell("latitude"), 90)
    longitude = _coordinate(file, line, "longitude", cell("longitude"), 180)
    if not code:
        return None
    unit = OrgUnit(code, name, level, parent, valid_from, valid_to, latitude, longitude)
    return _Row(line, unit)


def _without_duplicates(file: _File, rows: list[_Row]) -> dict[str, _Row]:
    first: dict[str, _Row] = {}
    for row in rows:
        seen = first.get(row.unit.code)
        if seen is None:
            first[row.unit.code] = row
        else:
            file.problem(row.line, "code", f"mã «{row.unit.code}» trùng với dòng {seen.line}")
    return first


def _check_parents(file: _File, rows: dict[str, _Row], existing: Sequence[OrgUnit]) -> None:
    stored = {unit.code for unit in existing} | file.unreadable
    # The tree as it would be after the load: stored links, overridden by the file's.
    parents: dict[str, str | None] = {unit.code: unit.parent_code for unit in existing}
    for code, row in rows.items():
        parent = row.unit.parent_code
        if parent is not None and parent != code and parent not in rows and parent not in stored:
            file.problem(
                row.line,
                "parent_code",
                f"đơn vị cấp trên «{parent}» không có trong tệp và chưa có trong cây đơn vị",
            )
        if parent is not None and (parent == code or (parent not in rows and parent not in stored)):
            # Already reported: the unit is left out of the tree so that it is not also
            # counted as a root or followed into a cycle.
            parents.pop(code, None)
            continue
        parents[code] = parent
    for cycle in find_cycles(parents):
        in_file = [rows[code] for code in cycle if code in rows]
        if not in_file:
            continue
        named = [
            f"{code} (dòng {rows[code].line})" if code in rows else f"{code} (đã có trong cây)"
            for code in cycle
        ]
        path = " → ".join([*named, cycle[0]])
        first = min(in_file, key=lambda row: row.line)
        file.problem(first.line, "parent_code", f"vòng lặp cấp trên: {path}")
    roots = sorted(code for code, parent in parents.items() if parent is None)
    root_rows = [
        row for code, row in rows.items() if row.unit.parent_code is None and code in roots
    ]
    if len(roots) > 1:
        for row in root_rows:
            others = ", ".join(code for code in roots if code != row.unit.code)
            file.problem(
                row.line,
                "parent_code",
                f"parent_code trống (đơn vị gốc) nhưng cây đã có đơn vị gốc «{others}»; chỉ được có một đơn vị gốc",
            )


def _date(file: _File, line: int, column: str, value: str) -> date | None:
    if not value:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    file.problem(line, column, f"ngày «{value}» không hợp lệ (viết 2025-06-30 hoặc 30/06/2025)")
    return None


def _coordinate(file: _File, line: int, column: str, value: str, limit: int) -> float | None:
    if not value:
        return None
    try:
        number = float(value if "." in value else value.replace(",", "."))
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or abs(number) > limit:
        what = "vĩ độ" if column == "latitude" else "kinh độ"
        file.problem(
            line, column, f"«{value}» không phải {what} hợp lệ (số từ -{limit} đến {limit})"
        )
        return None
    return number


def _write(units: Iterable[OrgUnit], handle: TextIO) -> None:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for unit in units:
        writer.writerow(
            [
                _escape(unit.code),
                _escape(unit.name),
                _escape(unit.level),
                _escape(unit.parent_code or ""),
                _iso(unit.valid_from) or "",
                _iso(unit.valid_to) or "",
                "" if unit.latitude is None else repr(unit.latitude),
                "" if unit.longitude is None else repr(unit.longitude),
            ]
        )


_escape = spreadsheet_safe


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and looks_like_formula(cell[1:]) else cell


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
