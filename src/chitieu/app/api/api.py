"""The API's read endpoints, version 1. Every list is limited to the caller's unit scope (the
scope of the pages) and paginated (``limit``, ``offset``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.pagination import LimitOffsetPagination, paginate

from chitieu.app.accounts.scope import OutOfScopeError, Scope, scope_for
from chitieu.app.api.auth import TokenAuth
from chitieu.app.api.schemas import ErrorOut, StatusOut, TargetOut, UnitOut, ValueOut
from chitieu.app.dashboard.access import home
from chitieu.domain import Quarter
from chitieu.errors import ChitieuError

api = NinjaAPI(
    title="chitieu",
    version="1",
    description="Chỉ tiêu cải cách thủ tục hành chính gắn với chuyển đổi số: đơn vị, chỉ tiêu, "
    "giá trị chỉ số và đánh giá theo quý. Xác thực: «Authorization: Bearer <mã>» "
    "(chitieu token create TÀI_KHOẢN).",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


class RefusedError(Exception):
    """A request refused in Vietnamese with an HTTP status."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@api.exception_handler(RefusedError)
def _refused(request: HttpRequest, error: RefusedError) -> Any:
    return api.create_response(request, {"detail": error.detail}, status=error.status)


@api.exception_handler(OutOfScopeError)
def _out_of_scope(request: HttpRequest, error: OutOfScopeError) -> Any:
    return api.create_response(
        request,
        {"detail": f"Mã truy cập này không được xem đơn vị «{error.code}»."},
        status=403,
    )


@api.exception_handler(ChitieuError)
def _chitieu(request: HttpRequest, error: ChitieuError) -> Any:
    return api.create_response(request, {"detail": error.message}, status=422)


def _scope(request: HttpRequest) -> tuple[Scope, Any]:
    from chitieu.app.home import require_tree  # noqa: PLC0415

    tree = require_tree(home())
    account = request.account
    return scope_for(account.role, account.unit_code, tree), tree


@api.get("/v1/units", response=list[UnitOut], tags=["đơn vị"])
@paginate(LimitOffsetPagination)
def units(request: HttpRequest) -> list[dict[str, Any]]:
    """Các đơn vị trong phạm vi của mã truy cập, theo thứ tự của cây."""
    scope, tree = _scope(request)
    return [
        {"code": u.code, "name": u.name, "level": u.level, "parent_code": u.parent_code}
        for u in scope.keep(tree, lambda u: u.code)
    ]


@api.get("/v1/targets", response={200: list[TargetOut], 404: ErrorOut}, tags=["chỉ tiêu"])
def targets(request: HttpRequest, year: int) -> Any:
    """Bộ chỉ tiêu đang có hiệu lực của năm ``year``."""
    from chitieu.app.home import target_set_of  # noqa: PLC0415

    found = target_set_of(home(), year)
    if found is None:
        raise RefusedError(404, f"Chưa có bộ chỉ tiêu năm {year}.")
    return [
        {
            "task": t.task,
            "title": t.title,
            "indicator": t.indicator,
            "levels": list(t.levels),
            "units": list(t.units),
            "annual": t.annual,
            "milestones": [{"quarter": m.quarter, "value": m.value} for m in t.milestones],
        }
        for t in found.targets
    ]


@api.get("/v1/values", response=list[ValueOut], tags=["giá trị chỉ số"])
@paginate(LimitOffsetPagination)
def values(
    request: HttpRequest,
    year: int,
    indicator: str | None = None,
    unit: str | None = None,
    period: str | None = None,
) -> list[dict[str, Any]]:
    """Các giá trị chỉ số đã tính của năm ``year`` (lọc theo chỉ số, đơn vị, kỳ)."""
    from chitieu.app.home import facts_of  # noqa: PLC0415
    from chitieu.engine.values import VALUES_TABLE, read_values  # noqa: PLC0415

    scope, _ = _scope(request)
    if unit is not None:
        scope.require(unit)
    with facts_of(home(), read_only=True) as store:
        if not store.has_table(VALUES_TABLE):
            return []
        found = read_values(store.rows, year, indicators=(indicator,) if indicator else ())
    return [
        {
            "unit_code": v.unit_code,
            "indicator": v.indicator,
            "kind": str(v.kind),
            "period": v.period,
            "scope": str(v.scope),
            "numerator": v.numerator,
            "denominator": v.denominator,
            "value": v.value,
            "source": str(v.source),
        }
        for v in scope.keep(found, lambda v: v.unit_code)
        if (unit is None or v.unit_code == unit) and (period is None or v.period == period)
    ]


@api.get("/v1/status", response=list[StatusOut], tags=["đánh giá"])
@paginate(LimitOffsetPagination)
def status(request: HttpRequest, quarter: str, unit: str | None = None) -> list[dict[str, Any]]:
    """Đánh giá từng đơn vị trong phạm vi so với mốc của quý (như «chitieu status»)."""
    from chitieu.app.dashboard.snapshot import snapshot  # noqa: PLC0415
    from chitieu.evaluation.export import status_record  # noqa: PLC0415
    from chitieu.evaluation.lagging import needed_phrase  # noqa: PLC0415

    try:
        chosen = Quarter.parse(quarter)
    except (ChitieuError, ValueError) as error:
        raise RefusedError(422, f"Không đọc được quý «{quarter}».") from error
    scope, _ = _scope(request)
    if unit is not None:
        scope.require(unit)
    snap = snapshot(home(), chosen)
    rows = scope.keep(snap.evaluation.rows, lambda r: r.unit.code)
    return [
        status_record(r, needed_phrase(r, snap.catalogue.indicator(r.indicator).needed_noun))
        for r in rows
        if unit is None or r.unit.code == unit
    ]
