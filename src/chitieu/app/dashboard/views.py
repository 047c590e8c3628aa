"""The dashboard's pages: the province overview, a unit, an indicator, the map. Each reads its
state from ``access.page_state`` (the scope and the quarter) and its figures from ``pages`` (the
map's from ``maps``); a table is exported when the address asks for it
(``?xuat=csv|xlsx&bang=NAME``)."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from chitieu import wording
from chitieu.app.dashboard import maps, pages
from chitieu.app.dashboard.access import page_state
from chitieu.app.dashboard.heat import heat_rows
from chitieu.app.dashboard.tables import Table, to_csv, to_xlsx
from chitieu.errors import ChitieuError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(request: HttpRequest, tables: Sequence[Table]) -> HttpResponse | None:
    kind = request.GET.get("xuat")
    if kind not in ("csv", "xlsx"):
        return None
    wanted = request.GET.get("bang", "")
    table = next((t for t in tables if t.name == wanted), None)
    if table is None:
        raise Http404("Không có bảng này trên trang.")
    if kind == "csv":
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{table.filename}.{kind}"'
    return response


def _common() -> dict[str, object]:
    return {"legend": wording.LEGEND, "status_words": pages.SHORT}


def overview(request: HttpRequest) -> HttpResponse:
    """``/``: a card per indicator, the heat map of units × tasks (filter by level, search,
    sort) and the units furthest behind."""
    state = page_state(request)
    level = request.GET.get("cap", "")
    search = request.GET.get("tim", "").strip()
    sort = request.GET.get("sap", "")
    heat = pages.heatmap(state.snap, state.scope, level=level or None, search=search, sort=sort)
    behind = pages.furthest_behind(state.snap, state.scope)
    exported = _export(request, [heat, behind])
    if exported is not None:
        return exported
    context = {
        "state": state,
        "cards": pages.cards(state.snap, state.scope),
        "heat": heat,
        "heat_rows": heat_rows(heat),
        "behind": behind,
        "levels": pages.levels_in(state.snap, state.scope),
        "level": level,
        "search": search,
        "sort": sort,
        **_common(),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "heatmap":
        return render(request, "dashboard/_heatmap.html", context)
    return render(request, "dashboard/overview.html", context)


def unit(request: HttpRequest, code: str) -> HttpResponse:
    """``/don-vi/<code>/``: a unit's indicators with their trend charts, what it still needs,
    its sub-units and officials."""
    state = page_state(request)
    if code not in state.snap.tree:
        raise Http404("Không có đơn vị này.")
    page = pages.unit_page(state.snap, state.scope, code)
    exported = _export(request, [page.table, page.children, page.officials])
    if exported is not None:
        return exported
    return render(request, "dashboard/unit.html", {"state": state, "page": page, **_common()})


@functools.lru_cache(maxsize=256)
def _sql(code: str, year: int) -> str | None:
    # The SQL of a definition depends on the built-in catalogue and the year alone.
    from chitieu.app.home import catalogue  # noqa: PLC0415
    from chitieu.engine.explain import explanation  # noqa: PLC0415

    return explanation(catalogue(), code, year=year)


def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """``/chi-so/<code>/``: an indicator's definition and SQL, its distribution over units, the
    ranking and the units below the milestone."""
    state = page_state(request)
    try:
        sql = _sql(code, state.quarter.year)
        page = pages.indicator_page(state.snap, state.scope, code, sql=sql)
    except (KeyError, ChitieuError) as error:
        raise Http404("Không có chỉ số này trong bộ chỉ tiêu.") from error
    exported = _export(request, [page.ranking, page.lagging])
    if exported is not None:
        return exported
    return render(request, "dashboard/indicator.html", {"state": state, "page": page, **_common()})


def unit_map(request: HttpRequest) -> HttpResponse:
    """``/ban-do/``: the units in scope at their coordinates, coloured by their status on one
    indicator (``?chi_so=``; by default the target set's first that units with coordinates
    hold) and level (``?cap=``), the same figures in a table, and the units without coordinates
    named."""
    state = page_state(request)
    page = maps.map_page(
        state.snap,
        state.scope,
        indicator=request.GET.get("chi_so", "").strip(),
        level=request.GET.get("cap", "").strip(),
    )
    exported = _export(request, [page.table])
    if exported is not None:
        return exported
    return render(request, "dashboard/map.html", {"state": state, "page": page, **_common()})
