"""Reading a target decision, whatever form it is kept in, into a target set."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from chitieu.catalog import Catalogue, load_catalogue
from chitieu.decisions.annex import AnnexParser
from chitieu.decisions.codec import DecisionJsonError, from_dict
from chitieu.decisions.detect import Kind, detect
from chitieu.decisions.document import Document
from chitieu.decisions.docx_reader import read_docx
from chitieu.decisions.header import read_heading
from chitieu.decisions.text_reader import read_text
from chitieu.decisions.xlsx_reader import read_xlsx
from chitieu.domain import Basis, TargetSet
from chitieu.domain.targets import ANNUAL_LABEL, above_annual, milestone_label, out_of_range
from chitieu.encoding import NotTextError, decode
from chitieu.errors import InputError, Place, Problem, Severity, refuse


@dataclass(frozen=True, slots=True)
class DecisionReading:
    """A decision as read: its target set and the warnings to show the user."""

    target_set: TargetSet
    warnings: tuple[Problem, ...]


def read_document(path: Path) -> Document:
    """The lines and grids of a decision file in any supported form."""
    kind = detect(path)
    if kind is Kind.DOCX:
        return read_docx(path)
    if kind is Kind.XLSX:
        return read_xlsx(path)
    return read_text(path)


def _json_document(path: Path) -> TargetSet | None:
    if detect(path) is not Kind.TEXT:
        return None
    try:
        text = decode(path.read_bytes())
    except NotTextError:
        return None
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise refuse(
            Place(path.name, line=error.lineno, column=error.colno),
            f"JSON sai cú pháp: {error.msg}",
        ) from error
    try:
        return from_dict(data)
    except DecisionJsonError as error:
        raise refuse(Place(path.name), str(error)) from error


def _check_json_targets(target_set: TargetSet, catalogue: Catalogue, name: str) -> list[Problem]:
    problems: list[Problem] = []
    codes = {i.code for i in catalogue.indicators}
    for index, target in enumerate(target_set.targets):
        place = Place(name, column_name=f"targets[{index}] ({target.task})")
        # The annex's and an override's rules, in the same words (``domain.targets``).
        values = [(ANNUAL_LABEL, target.annual)] + [
            (milestone_label(m.quarter), m.value) for m in target.milestones
        ]
        for what, value in values:
            reason = out_of_range(what, value)
            if reason is not None:
                problems.append(Problem(place, reason))
        for fault in above_annual(target.annual, target.milestones):
            problems.append(Problem(place, fault.reason))
        if target.indicator is not None and target.indicator not in codes:
            problems.append(
                Problem(place, f"mã chỉ số «{target.indicator}» không có trong danh mục")
            )
    return problems


def read_decision(
    path: Path,
    catalogue: Catalogue | None = None,
    *,
    province: str | None = None,
    year: int | None = None,
    basis: Basis | None = None,
) -> DecisionReading:
    """Read a decision (text/Markdown, Word, Excel, or the contract's JSON).

    ``province``, ``year`` and ``basis`` override what the document says. Raises ``InputError``
    listing every error; warnings come back with the target set.
    """
    catalogue = catalogue or load_catalogue()
    from_json = _json_document(path)
    if from_json is not None:
        problems = _check_json_targets(from_json, catalogue, path.name)
        if problems:
            raise InputError(problems)
        return DecisionReading(from_json, ())

    document = read_document(path)
    heading = read_heading(document.lines)
    annex = AnnexParser(catalogue).parse(document)
    problems = list(annex.problems)
    place = Place(path.name)
    if not annex.found:
        problems.append(
            Problem(
                place,
                "không tìm thấy bảng phụ lục chỉ tiêu (cần các cột Nhiệm vụ, Chỉ tiêu năm và Quý I–IV); "
                "tệp này có phải quyết định giao chỉ tiêu không?",
            )
        )
    elif not annex.targets and not any(p.severity is Severity.ERROR for p in problems):
        problems.append(Problem(place, "bảng phụ lục không có dòng chỉ tiêu nào"))
    found_province = province or heading.province
    found_year = year or annex.year or heading.year
    if not found_province:
        problems.append(
            Problem(place, "không xác định được tỉnh ban hành; hãy ghi rõ bằng --province")
        )
    if not found_year:
        problems.append(
            Problem(place, "không xác định được năm của chỉ tiêu; hãy ghi rõ bằng --year")
        )
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise InputError(errors)
    assert found_province is not None
    assert found_year is not None
    target_set = TargetSet(
        province=found_province,
        year=found_year,
        targets=tuple(annex.targets),
        basis=basis or heading.basis,
        title=heading.title,
        sections=annex.sections,
    )
    warnings = [*document.warnings, *(p for p in problems if p.severity is Severity.WARNING)]
    return DecisionReading(target_set, tuple(warnings))
