"""``chitieu explain``: the SQL the engine runs for one indicator, as an auditor reads it."""

from __future__ import annotations

from chitieu import clock
from chitieu.catalog import Catalogue
from chitieu.engine.engines import Engine
from chitieu.engine.plan import compile_source
from chitieu.engine.sql import render, stage1_select, stage2_select
from chitieu.engine.years import checked_year
from chitieu.errors import ChitieuError
from chitieu.facts.schema import TABLES


def explanation(
    catalogue: Catalogue, code: str, *, engine: Engine = Engine.DUCKDB, year: int | None = None
) -> str | None:
    """Both stages' SQL of one indicator for ``engine``, with its definition as comments;
    ``None`` for a manual indicator (its counts are entered, not computed).

    ``year`` defaults to this year (``chitieu.clock``). Raises a ``ChitieuError`` naming the
    catalogue's indicators when ``code`` is none of them.
    """
    found = catalogue.get(code)
    if found is None:
        codes = ", ".join(i.code for i in catalogue.indicators)
        raise ChitieuError(f"Không có chỉ số «{code}»; các chỉ số: {codes}")
    if found.definition is None:
        return None
    # The plan of this indicator alone: its own measures, not its source's others.
    plan = compile_source(catalogue, found.source, TABLES[found.source].name, [found])
    chosen = checked_year(year if year is not None else clock.today().year)
    lines = [
        f"-- {found.code}: {found.name}",
        f"-- tử số:  {found.definition.numerator}",
        f"-- mẫu số: {found.definition.denominator}",
        "-- Bước 1: tổng bộ phận theo đơn vị và tháng (một lần quét dữ liệu)",
        render(stage1_select(plan, chosen), engine) + ";",
        "-- Bước 2: tử số, mẫu số của đơn vị theo kỳ (periods: tháng, quý, lũy kế, năm)",
        render(stage2_select(plan, chosen), engine) + ";",
    ]
    return "\n".join(lines) + "\n"
