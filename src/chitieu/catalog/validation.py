"""Validation rules of the catalogue: small rules, each reporting every problem it finds.

A province edits its own copy of the catalogue; these rules make sure that what it wrote can be
computed, and means what it seems to mean, before any figure is produced from it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Protocol

from sqlglot import exp

from chitieu.catalog.expressions import (
    BUILTIN_FUNCTIONS,
    PERIOD,
    PERIOD_BOUNDS,
    FilterSyntaxError,
    atoms,
    call_name,
    calls,
    evaluate,
    parse_filter,
)
from chitieu.catalog.issues import CatalogueIssue
from chitieu.catalog.matching import wording_key
from chitieu.catalog.model import Catalogue
from chitieu.domain import FACT_COLUMNS, Indicator, Source
from chitieu.errors import Severity

_MAX_ATOMS = 14


class Rule(Protocol):
    """A validation rule."""

    def check(self, catalogue: Catalogue) -> Iterator[CatalogueIssue]:
        """Every issue this rule finds."""
        ...


def _indicator_issue(
    catalogue: Catalogue, indicator: Indicator, message: str, severity: Severity = Severity.ERROR
) -> CatalogueIssue:
    file = catalogue.files[0] if catalogue.files else ""
    return CatalogueIssue(severity, file, f"chỉ số {indicator.code}", message)


def _file(catalogue: Catalogue, index: int) -> str:
    return catalogue.files[index] if len(catalogue.files) > index else ""


class UniqueCodes:
    """Indicator and group codes are unique."""

    def check(self, catalogue: Catalogue) -> Iterator[CatalogueIssue]:
        file = _file(catalogue, 0)
        for kind, codes in (
            ("chỉ số", [i.code for i in catalogue.indicators]),
            ("nhóm", [g.code for g in catalogue.groups]),
        ):
            for code, count in Counter(codes).items():
                if count > 1 and code:
                    yield CatalogueIssue(
                        Severity.ERROR, file, f"{kind} {code}", f"mã bị trùng ({count} lần)"
                    )


class KnownGroup:
    """Each indicator belongs to a declared group."""

    def check(self, catalogue: Catalogue) -> Iterator[CatalogueIssue]:
        groups = {g.code for g in catalogue.groups}
        for indicator in catalogue.indicators:
            if indicator.group and indicator.group not in groups:
                yield _indicator_issue(
                    catalogue, indicator, f"nhóm «{indicator.group}» chưa được khai báo"
                )


class PercentUnit:
    """Every indicator is a ratio in percent."""

    def check(self, catalogue: Catalogue) -> Iterator[CatalogueIssue]:
        for indicator in catalogue.indicators:
            if indicator.unit and indicator.unit != "percent":
                yield _indicator_issue(
                    catalogue,
                    indicator,
                    f"đơn vị «{indicator.unit}» không hỗ trợ (chỉ nhận «percent»)",
                )


class DefinitionMatchesSource:
    """Computed indicators define both counts; manual and portal ones define none."""

    def check(self, catalogue: Catalogue) -> Iterator[CatalogueIssue]:
        for indicator in catalogue.indicators:
            computed = indicator.source.is_computed
            ratio = indicator.definition
            if computed and (ratio is None or not ratio.numerator or not ratio.denominator):
                yield _indicator_issue(
                    catalogue, indicator, f"nguồn «{indicator.source}» cần cả tử số và mẫu số"
                )
            if not computed and ratio is not None:
                yield _indicator_issue(
                    catalogue,
                    indicator,
                    f"chỉ số nguồn «{indicator.source}» được nhập số liệu, không có công thức tử số/mẫu số",
                )


class FiltersUseKnownNames:
    """Filters parse, and use only their source's columns, its predicates, the period bounds and
    the built-in functions."""

    def check(self, catalogue: Catalogue) -> Iterator[CatalogueIssue]:
        for indicator in catalogue.indicators:
            ratio = indicator.definition
            if not indicator.source.is_computed or ratio is None:
                continue
            for part, sql in (("tử số", ratio.numerator), ("mẫu số", ratio.denominator)):
                for message in _filter_problems(catalogue, indicator.source, sql, predicate=None):
                    yield _indicator_issue(catalogue, indicator, f"{part}: {message}")
        file = _file(catalogue, 0)
        for predicate in catalogue.predicates.values():
            for message in _filter_problems(
                catalogue, predicate.source, predicate.sql, predicate.params
            ):
                yield CatalogueIssue(Severity.ERROR, file, f"vị từ {predicate.name}", message)


def _filter_problems(
    catalogue: Catalogue, source: Source, sql: str, predicate: tuple[str, ...] | None
) -> Iterator[str]:
    try:
        expression = parse_filter(sql)
    except FilterSyntaxError as error:
        yield f"biểu thức «{sql}» sai cú pháp: {error}"
        return
    for column in expression.find_all(exp.Column):
        yield from _column_problems(column, source, predicate)
    for call in calls(expression):
        yield from _call_problems(catalogue, call, source)


def _column_problems(
    column: exp.Column, source: Source, predicate_params: tuple[str, ...] | None
) -> Iterator[str]:
    name = str(column.name)
    table = str(column.table)
    if table == PERIOD:
        if name not in PERIOD_BOUNDS:
            yield f"«{PERIOD}.{name}» không phải mốc của kỳ (chỉ có {', '.join(PERIOD_BOUNDS)})"
        elif predicate_params is not None and PERIOD not in predicate_params:
            yield f"dùng «{PERIOD}.{name}» nhưng vị từ không nhận tham số {PERIOD}"
        return
    if name == PERIOD and not table and isinstance(column.parent, exp.Anonymous):
        return
    select = column.find_ancestor(exp.Select)
    scope = source
    if select is not None:
        from_ = select.args.get("from_") or select.args.get("from")
        table_node = from_.find(exp.Table) if from_ is not None else None
        if table_node is not None:
            try:
                scope = Source(str(table_node.name))
            except ValueError:
                yield f"bảng «{table_node.name}» không phải một loại dữ liệu"
                return
    columns = FACT_COLUMNS.get(scope, {})
    if name not in columns:
        yield f"cột «{name}» không có trong dữ liệu «{scope}»"


def _call_problems(catalogue: Catalogue, call: exp.Anonymous, source: Source) -> Iterator[str]:
    name = call_name(call)
    args = call.expressions
    builtin = BUILTIN_FUNCTIONS.get(name)
    if builtin is not None:
        if len(args) != builtin.arity:
            yield f"hàm «{name}» cần {builtin.arity} tham số, không phải {len(args)}"
        return
    predicate = catalogue.predicates.get(name)
    if predicate is None:
        yield f"«{name}()» không phải vị từ hay hàm đã biết"
        return
    if predicate.source is not source:
        yield f"vị từ «{name}» dành cho dữ liệu «{predicate.source}», không dùng được cho «{source}»"
    if len(args) != len(predicate.params):
        expected = ", ".join(predicate.params)
        yield f"vị từ «{name}» cần tham số ({expected}), không phải {len(args)} tham số"
    elif any(not (isinstance(a, exp.Column) and a.name == PERIOD and not a.table) for a in args):
        yield f"tham số của vị từ «{name}» phải là kỳ {PERIOD}"


class NumeratorWithinDenominator:
    """Whatever the numerator counts, the denominator counts too (else a value could pass 100%).

    Checked on the boolean skeleton: predicate calls and comparisons are independent atoms, and no
    assignment of truths may make the numerator true and the denominator false.
    """

    def check(self, catalogue: Catalogue) -> Iterator[CatalogueIssue]:
        for indicator in catalogue.indicators:
            ratio = indicator.definition
            if not indicator.source.is_computed or ratio is None:
                continue
            try:
                numerator = parse_filter(ratio.numerator)
                denominator = parse_filter(ratio.denominator)
            except FilterSyntaxError:
                continue
            names = sorted({a.sql() for a in [*atoms(numerator), *atoms(denominator)]})
            if len(names) > _MAX_ATOMS:
                continue
            for values in itertools.product((False, True), repeat=len(names)):
                truth = dict(zip(names, values, strict=True))
                if evaluate(numerator, truth) and not evaluate(denominator, truth):
                    yield _indicator_issue(
                        catalogue,
                        indicator,
                        "tử số có thể đếm bản ghi mà mẫu số không đếm "
                        "(tử số phải là mẫu số kèm thêm điều kiện)",
                    )
                    break


class Describable:
    """Each indicator has the words reports and letters need."""

    def check(self, catalogue: Catalogue) -> Iterator[CatalogueIssue]:
        for indicator in catalogue.indicators:
            for field_name in (
                "name",
                "wording",
                "numerator_label",
                "denominator_label",
                "needed_noun",
            ):
                if not getattr(indicator, field_name):
                    yield _indicator_issue(catalogue, indicator, f"trường «{field_name}» trống")


class DistinctWordings:
    """No wording belongs to two indicators: a decision's task must map to one of them."""

    def check(self, catalogue: Catalogue) -> Iterator[CatalogueIssue]:
        owners: dict[str, str] = {}
        for indicator in catalogue.indicators:
            for wording in indicator.wordings:
                key = wording_key(wording, catalogue.abbreviations)
                owner = owners.setdefault(key, indicator.code)
                if key and owner != indicator.code:
                    yield _indicator_issue(
                        catalogue, indicator, f"cách diễn đạt «{wording}» trùng với chỉ số {owner}"
                    )


class KnownLevels:
    """Level codes are unique and every lead phrase names declared levels."""

    def check(self, catalogue: Catalogue) -> Iterator[CatalogueIssue]:
        file = _file(catalogue, 1)
        codes = Counter(level.code for level in catalogue.levels)
        for code, count in codes.items():
            if count > 1:
                yield CatalogueIssue(Severity.ERROR, file, f"cấp {code}", "mã cấp bị trùng")
        for index, phrase in enumerate(catalogue.lead_phrases, 1):
            if not phrase.levels:
                yield CatalogueIssue(
                    Severity.ERROR, file, f"cụm từ thứ {index}", "không nêu cấp nào"
                )
            for level in phrase.levels:
                if level not in codes:
                    yield CatalogueIssue(
                        Severity.ERROR,
                        file,
                        f"cụm từ thứ {index}",
                        f"cấp «{level}» chưa được khai báo",
                    )


RULES: tuple[Rule, ...] = (
    UniqueCodes(),
    KnownGroup(),
    PercentUnit(),
    DefinitionMatchesSource(),
    FiltersUseKnownNames(),
    NumeratorWithinDenominator(),
    Describable(),
    DistinctWordings(),
    KnownLevels(),
)


def validate(catalogue: Catalogue, rules: tuple[Rule, ...] = RULES) -> list[CatalogueIssue]:
    """Every issue every rule finds, in rule order."""
    return [issue for rule in rules for issue in rule.check(catalogue)]
