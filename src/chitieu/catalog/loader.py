"""Reading the catalogue's TOML files into the domain model, collecting every structural problem."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from chitieu.catalog.issues import CatalogueError, CatalogueIssue
from chitieu.catalog.model import Catalogue, LeadPhrase
from chitieu.catalog.validation import validate
from chitieu.domain import Indicator, IndicatorGroup, Level, Predicate, Ratio, Source
from chitieu.errors import Severity
from chitieu.text import fold

_SOURCES = {s.value: s for s in Source}


def builtin_path(name: str) -> Path:
    """The path of a built-in catalogue file (``indicators.toml``, ``levels.toml``)."""
    return Path(str(resources.files("chitieu.catalog") / "data" / name))


@dataclass
class _Reader:
    """Reads tables of one file, noting each problem instead of stopping at the first."""

    file: str
    issues: list[CatalogueIssue] = field(default_factory=list)

    def error(self, subject: str, message: str) -> None:
        self.issues.append(CatalogueIssue(Severity.ERROR, self.file, subject, message))

    def text(self, table: dict[str, Any], key: str, subject: str, *, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.error(subject, f"thiếu trường «{key}»")
            return ""
        if not isinstance(value, str):
            self.error(subject, f"trường «{key}» phải là chuỗi ký tự")
            return ""
        return value.strip()

    def texts(self, table: dict[str, Any], key: str, subject: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(subject, f"trường «{key}» phải là danh sách chuỗi ký tự")
            return ()
        return tuple(v.strip() for v in value)

    def tables(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.error("", f"«{key}» phải là một mảng bảng ([[{key}]])")
            return []
        return value


def _read_toml(path: Path, reader: _Reader) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        reader.error("", "không tìm thấy tệp")
    except tomllib.TOMLDecodeError as error:
        reader.error("", f"cú pháp TOML sai ({error})")
    except UnicodeDecodeError:
        reader.error("", "tệp không phải văn bản UTF-8")
    return {}


def _source(reader: _Reader, value: str, subject: str) -> Source | None:
    source = _SOURCES.get(value)
    if source is None and value:
        known = ", ".join(_SOURCES)
        reader.error(subject, f"nguồn dữ liệu «{value}» không hợp lệ (chỉ nhận: {known})")
    return source


def _indicator(reader: _Reader, table: dict[str, Any], index: int) -> Indicator | None:
    code = reader.text(table, "code", f"chỉ số thứ {index}")
    subject = f"chỉ số {code}" if code else f"chỉ số thứ {index}"
    source = _source(reader, reader.text(table, "source", subject), subject)
    numerator = reader.text(table, "numerator", subject, required=False)
    denominator = reader.text(table, "denominator", subject, required=False)
    indicator = Indicator(
        code=code,
        name=reader.text(table, "name", subject),
        wording=reader.text(table, "wording", subject),
        group=reader.text(table, "group", subject),
        unit=reader.text(table, "unit", subject),
        source=source or Source.MANUAL,
        definition=Ratio(numerator, denominator) if numerator or denominator else None,
        numerator_label=reader.text(table, "numerator_label", subject),
        denominator_label=reader.text(table, "denominator_label", subject),
        needed_noun=reader.text(table, "needed_noun", subject),
        task=reader.text(table, "task", subject, required=False) or None,
        aliases=reader.texts(table, "aliases", subject),
        excludes=reader.texts(table, "excludes", subject),
        dvcqg=reader.texts(table, "dvcqg", subject),
    )
    return indicator if source is not None else None


def _predicate(reader: _Reader, table: dict[str, Any], index: int) -> Predicate | None:
    name = reader.text(table, "name", f"vị từ thứ {index}")
    subject = f"vị từ {name}" if name else f"vị từ thứ {index}"
    source = _source(reader, reader.text(table, "source", subject), subject)
    predicate = Predicate(
        name=name.lower(),
        source=source or Source.DOSSIERS,
        params=reader.texts(table, "params", subject),
        sql=reader.text(table, "sql", subject),
        description=reader.text(table, "description", subject),
    )
    return predicate if source is not None else None


def _lead_phrase(reader: _Reader, table: dict[str, Any], index: int) -> LeadPhrase:
    subject = f"cụm từ cơ quan chủ trì thứ {index}"
    patterns: list[re.Pattern[str]] = []
    for raw in reader.texts(table, "patterns", subject):
        try:
            patterns.append(re.compile(raw))
        except re.error as error:
            reader.error(subject, f"biểu thức chính quy «{raw}» sai: {error}")
    return LeadPhrase(reader.texts(table, "levels", subject), tuple(patterns))


def _level(reader: _Reader, table: dict[str, Any], index: int) -> Level:
    subject = f"cấp thứ {index}"
    rank = table.get("rank")
    if not isinstance(rank, int):
        reader.error(subject, "trường «rank» phải là số nguyên")
        rank = index
    return Level(
        reader.text(table, "code", subject),
        reader.text(table, "name", subject),
        rank,
        reader.text(table, "short_name", subject, required=False),
    )


def read_catalogue(
    indicators_path: Path | None = None, levels_path: Path | None = None
) -> tuple[Catalogue, list[CatalogueIssue]]:
    """Read both files; return what could be built and every structural problem met."""
    indicators_path = indicators_path or builtin_path("indicators.toml")
    levels_path = levels_path or builtin_path("levels.toml")
    ind = _Reader(indicators_path.name)
    lev = _Reader(levels_path.name)
    data = _read_toml(indicators_path, ind)
    level_data = _read_toml(levels_path, lev)

    groups = tuple(
        IndicatorGroup(ind.text(t, "code", f"nhóm thứ {i}"), ind.text(t, "name", f"nhóm thứ {i}"))
        for i, t in enumerate(ind.tables(data, "group"), 1)
    )
    predicates = [
        p for i, t in enumerate(ind.tables(data, "predicate"), 1) if (p := _predicate(ind, t, i))
    ]
    indicators = [
        x for i, t in enumerate(ind.tables(data, "indicator"), 1) if (x := _indicator(ind, t, i))
    ]
    seen: set[str] = set()
    for predicate in predicates:
        if predicate.name in seen:
            ind.error(f"vị từ {predicate.name}", "tên vị từ bị trùng")
        seen.add(predicate.name)
    levels = tuple(_level(lev, t, i) for i, t in enumerate(lev.tables(level_data, "level"), 1))
    phrases = tuple(
        _lead_phrase(lev, t, i) for i, t in enumerate(lev.tables(level_data, "lead_phrase"), 1)
    )
    unit_names = level_data.get("unit_names", {})
    if not isinstance(unit_names, dict):
        lev.error("", "«unit_names» phải là một bảng")
        unit_names = {}
    raw_abbreviations = level_data.get("abbreviations", {})
    if not isinstance(raw_abbreviations, dict) or not all(
        isinstance(v, str) for v in raw_abbreviations.values()
    ):
        lev.error("", "«abbreviations» phải là bảng chuỗi → chuỗi")
        raw_abbreviations = {}

    catalogue = Catalogue(
        indicators=tuple(indicators),
        groups=groups,
        predicates={p.name: p for p in predicates},
        levels=levels,
        lead_phrases=phrases,
        abbreviations={str(k).lower(): str(v) for k, v in raw_abbreviations.items()},
        unit_heads=tuple(fold(h) for h in lev.texts(unit_names, "heads", "unit_names")),
        files=(indicators_path.name, levels_path.name),
    )
    return catalogue, [*ind.issues, *lev.issues]


def load_catalogue(
    indicators_path: Path | None = None, levels_path: Path | None = None
) -> Catalogue:
    """The catalogue of these files (the built-in ones by default), validated.

    Raises ``CatalogueError`` listing every error at once; warnings do not stop it.
    """
    catalogue, issues = read_catalogue(indicators_path, levels_path)
    issues = [*issues, *validate(catalogue)]
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors:
        raise CatalogueError(errors)
    return catalogue
